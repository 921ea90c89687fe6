import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { assessMembershipQuotas } from './quota';

describe('billing: quotas, usage, collections, contracts', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let alfa: SignedIn;
  const withResidents = async (name: string, residents: number) => {
    const id = await createEnte(env.ds, name);
    await env.ds.query(`UPDATE ente_population SET residents = $2 WHERE ente_id = $1`, [id, residents]);
    return id;
  };
  const fiscalCode = async (id: string) =>
    ((await env.ds.query(`SELECT fiscal_code FROM enti WHERE id = $1`, [id])) as Array<{ fiscal_code: string }>)[0]!.fiscal_code;
  const entries = async (enteId: string, kind: string) =>
    (await env.ds.query(`SELECT year, half, amount_cents, payer_ente_id, status FROM billing_entries WHERE ente_id = $1 AND kind = $2 ORDER BY year, half`, [
      enteId,
      kind,
    ])) as Array<{ year: number; half: number; amount_cents: number; payer_ente_id: string; status: string }>;
  const csv = (who: SignedIn, path: string, text: string, name = 'dati.csv') =>
    who.agent.post(path).set('x-csrf-token', who.csrfToken).attach('file', Buffer.from(text, 'utf8'), name);

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'ragioneria@cit.example', 'approver');
    [admin, alfa] = await Promise.all([env.signIn('ragioneria@cit.example', PASSWORD), env.signIn('a@alfa.example', PASSWORD)]);
  });
  afterAll(() => env.close());

  it('assesses the 2026 membership quotas with the DOMAIN.md examples, once, including a mid-year leaver', async () => {
    const ids = {
      r3000: await withResidents('Comune di Tremila', 3000),
      r8757: await withResidents('Comune di Coccaglio di prova', 8757),
      r12000: await withResidents('Comune di Dodicimila', 12000),
      r20000: await withResidents('Comune di Ventimila', 20000),
      leaver: await withResidents('Comune di Uscita', 3000),
    };
    await env.ds.query(`UPDATE memberships SET left_on = '2026-06-30' WHERE ente_id = $1`, [ids.leaver]);
    await env.ds.query(`UPDATE enti SET capofila_pays = true WHERE id = $1`, [world.member1]);

    const res = await admin.post('/api/billing/quota', { year: 2026 }).expect(200);
    expect(res.body.problems).toEqual([]);
    const amount = async (id: string) => (await entries(id, 'quota')).map((e) => e.amount_cents);
    expect(await amount(ids.r3000)).toEqual([57_000]);
    expect(await amount(ids.r8757)).toEqual([153_200]);
    expect(await amount(ids.r12000)).toEqual([174_000]);
    expect(await amount(ids.r20000)).toEqual([280_000]);
    expect(await amount(world.unione)).toEqual([30_000]);
    expect(await amount(ids.leaver)).toEqual([57_000]);
    expect((await entries(world.member1, 'quota'))[0]!.payer_ente_id).toBe(world.unione);

    const again = await assessMembershipQuotas(env.ds, 2026);
    expect(again.created).toBe(0);
    expect(again.alreadyAssessed).toBe(res.body.created);
    // The leaver left in 2026: nothing for 2027; the others owe 2027 too.
    await assessMembershipQuotas(env.ds, 2027);
    expect(await amount(ids.leaver)).toEqual([57_000]);
    expect((await amount(ids.r3000)).length).toBe(2);
    await alfa.post('/api/billing/quota', { year: 2026 }).expect(403);
  });

  it('bills Telemaco look-ups over the yearly allowance at € 0.70 in the half-year they happened', async () => {
    const cf = await fiscalCode(world.enteA); // 3,000 residents: 270 look-ups a year included
    const res = await csv(admin, '/api/billing/usage/telemaco', `codice_fiscale;anno;mese;consultazioni\n${cf};2026;1;200\n${cf};2026;3;100\n${cf};2026;9;50\n`);
    expect(res.status).toBe(200);
    expect(await entries(world.enteA, 'usage')).toEqual([
      { year: 2026, half: 1, amount_cents: 30 * 70, payer_ente_id: world.enteA, status: 'assessed' },
      { year: 2026, half: 2, amount_cents: 50 * 70, payer_ente_id: world.enteA, status: 'assessed' },
    ]);
    // A corrected month replaces the figure; the entries follow.
    await csv(admin, '/api/billing/usage/telemaco', `codice_fiscale;anno;mese;consultazioni\n${cf};2026;9;10\n`).expect(200);
    expect((await entries(world.enteA, 'usage')).map((e) => e.amount_cents)).toEqual([2100, 700]);
  });

  it('imports nothing from a CSV with one bad line, and names the line', async () => {
    const cf = await fiscalCode(world.enteB);
    const res = await csv(admin, '/api/billing/usage/telemaco', `codice_fiscale;anno;mese;consultazioni\n${cf};2026;2;900\n${cf};2026;13;10\n`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('csv_rejected');
    expect(res.body.error.message).toContain('riga 3');
    expect(res.body.error.details.lines).toEqual([{ line: 3, message: expect.stringContaining('mese') }]);
    expect(await env.ds.query(`SELECT 1 FROM telemaco_usage WHERE ente_id = $1`, [world.enteB])).toEqual([]);
    const unknown = await csv(admin, '/api/billing/usage/telemaco', `codice_fiscale;anno;mese;consultazioni\n00000000000;2026;2;10\n`);
    expect(unknown.body.error.details.lines[0].message).toContain('nessun Ente');
  });

  it('moves entries from assessed to collected with the act, singly or by CSV (all or nothing), with totals', async () => {
    const [first, second] = (await env.ds.query(
      `SELECT id FROM billing_entries WHERE ente_id = $1 AND kind = 'usage' ORDER BY half`,
      [world.enteA],
    )) as Array<{ id: string }>;
    await admin.post(`/api/billing/entries/${first!.id}/collect`, { actReference: 'Determina dirigenziale n. 857 del 05/08/2015', collectedOn: '2026-08-05' }).expect(204);
    expect((await admin.post(`/api/billing/entries/${first!.id}/collect`, { actReference: 'Determina n. 1', collectedOn: '2026-08-05' })).status).toBe(409);

    const bad = await csv(admin, '/api/billing/collections', `id_addebito;data_riscossione;atto\n${second!.id};10/02/2027;Determina n. 12\n${first!.id};10/02/2027;Determina n. 12\n`);
    expect([bad.status, bad.body.error.details.lines[0]]).toEqual([400, { line: 3, message: 'addebito già riscosso' }]);
    expect((await entries(world.enteA, 'usage')).map((e) => e.status)).toEqual(['collected', 'assessed']);
    await csv(admin, '/api/billing/collections', `id_addebito;data_riscossione;atto\n${second!.id};10/02/2027;Determina n. 12\n`).expect(200);

    const totals = await alfa.agent.get('/api/billing/totals').query({ year: 2026 }).expect(200);
    expect(totals.body.items).toEqual([
      { ente: { id: world.enteA, name: 'Comune di Alfa' }, assessedCents: 57_000 + 2800, collectedCents: 2800, outstandingCents: 57_000 },
    ]);
  });

  it('refuses a CSV cell with a NUL character line by line, instead of failing the import with a 500', async () => {
    const [entry] = (await env.ds.query(`SELECT id FROM billing_entries WHERE status = 'assessed' ORDER BY id LIMIT 1`)) as Array<{ id: string }>;
    const res = await csv(admin, '/api/billing/collections', `id_addebito;data_riscossione;atto\n${entry!.id};10/02/2027;Determina\u0000 n. 12\n`);
    expect([res.status, res.body.error.code]).toEqual([400, 'csv_rejected']);
    expect(res.body.error.details.lines).toEqual([{ line: 2, message: 'atto: carattere nullo (U+0000) non ammesso' }]);
    expect(await env.ds.query(`SELECT status FROM billing_entries WHERE id = $1`, [entry!.id])).toEqual([{ status: 'assessed' }]);
  });

  it('refuses collection dates PostgreSQL cannot store (year 0) or far from any real collection, singly and by CSV', async () => {
    const [entry] = (await env.ds.query(`SELECT id FROM billing_entries WHERE status = 'assessed' ORDER BY id LIMIT 1`)) as Array<{ id: string }>;
    for (const collectedOn of ['0000-01-01', '1999-12-31', '2201-01-01']) {
      const res = await admin.post(`/api/billing/entries/${entry!.id}/collect`, { actReference: 'Determina n. 1', collectedOn });
      expect([collectedOn, res.status, res.body.error?.details?.fields?.[0]?.path]).toEqual([collectedOn, 400, 'collectedOn']);
    }
    const res = await csv(admin, '/api/billing/collections', `id_addebito;data_riscossione;atto\n${entry!.id};01/01/0000;Determina n. 12\n`);
    expect([res.status, res.body.error?.code, res.body.error?.details?.lines?.[0]?.line]).toEqual([400, 'csv_rejected', 2]);
    expect(await env.ds.query(`SELECT status FROM billing_entries WHERE id = $1`, [entry!.id])).toEqual([{ status: 'assessed' }]);
  });

  it('collects by CSV whatever the file is called, and records the import in the same transaction', async () => {
    const [entry] = (await env.ds.query(`SELECT id FROM billing_entries WHERE status = 'assessed' ORDER BY id LIMIT 1`)) as Array<{ id: string }>;
    // RFC 5987 lets a client send any byte in the name, NUL included (PostgreSQL text cannot store it).
    const body = Buffer.from(
      `--XX\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''riscossioni%00%0A2026.csv\r\nContent-Type: text/csv\r\n\r\n` +
        `id_addebito;data_riscossione;atto\n${entry!.id};10/02/2027;Determina n. 99\n\r\n--XX--\r\n`,
    );
    const res = await admin.agent.post('/api/billing/collections').set('x-csrf-token', admin.csrfToken).set('Content-Type', 'multipart/form-data; boundary=XX').send(body);
    expect([res.status, res.body]).toEqual([200, { rows: 1, entries: 1 }]);
    expect(await env.ds.query(`SELECT status FROM billing_entries WHERE id = $1`, [entry!.id])).toEqual([{ status: 'collected' }]);
    expect(await env.ds.query(`SELECT file_name FROM data_imports WHERE kind = 'collections' ORDER BY created_at DESC LIMIT 1`)).toEqual([{ file_name: 'riscossioni 2026.csv' }]);
  });

  it('shows the contracts dashboard: ending soon, ended, and the 31 December notice window', async () => {
    const [ticket] = (await env.ds.query(
      `INSERT INTO tickets (protocol_year, protocol_number, ente_id, requester_id, opened_by_id, type, category, service_code, urgency, title, description,
         take_charge_minutes, resolve_minutes, queue_due)
       SELECT 2026, 900, $1, u.id, u.id, 'request', 'activation', 'pec', 'low', 'PEC', 'PEC', 420, 2100, now() FROM users u WHERE u.email = 'a@alfa.example'
       RETURNING id`,
      [world.enteA],
    )) as Array<{ id: string }>;
    const today = new Date().toISOString().slice(0, 10);
    const plus = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    for (const [unit, endsOn, fee] of [
      [1, plus(5), 'annual'],
      [2, plus(20), 'annual'],
      [3, plus(-10), 'annual'],
      [4, null, 'annual'],
    ] as const) {
      await env.ds.query(
        `INSERT INTO service_records (ente_id, payer_ente_id, service_code, unit_index, convention_period, request_ticket_id, request_unit, request_date,
           protocol, referent_name, referent_email, fee_type, free, free_reason, starts_on, ends_on)
         VALUES ($1, $1, 'pec', $2, '2026-2030', $3, $2, '2026-01-10', '2026/000900', 'a', 'a@alfa.example', $4, true, 'compresa', '2026-01-10', $5)`,
        [world.enteA, unit, ticket!.id, fee, endsOn],
      );
    }
    const dash = await alfa.agent.get('/api/services/contracts').expect(200);
    expect(dash.body.expiringNext7.map((l: { date: string }) => l.date)).toEqual([plus(5)]);
    expect(dash.body.expiringNext30.map((l: { date: string }) => l.date)).toEqual([plus(5), plus(20)]);
    expect(dash.body.expiredLast30.map((l: { date: string }) => l.date)).toEqual([plus(-10)]);
    const daysToDeadline = (Date.parse(`${today.slice(0, 4)}-12-31`) - Date.parse(today)) / 86_400_000;
    expect(dash.body.noticeNext30).toHaveLength(daysToDeadline <= 30 ? 1 : 0);
    expect(dash.body.expiringNext7[0].ente).toEqual({ id: world.enteA, name: 'Comune di Alfa' });
    const beta = await env.signIn('b@beta.example', PASSWORD);
    expect((await beta.agent.get('/api/services/contracts').expect(200)).body.expiringNext30).toEqual([]);
  });
});
