import { numericFiscalCodeCheckDigit } from '@cit/shared';
import { createEnte, createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { assessMembershipQuotas } from '../billing/quota';

let seq = 0;
/** A valid codice fiscale not used by the fixtures (they start with 80). */
function fiscalCode(): string {
  const firstTen = `93${String(10_000_000 + seq++).slice(-8)}`;
  return firstTen + String(numericFiscalCodeCheckDigit(firstTen));
}

const ticket = (enteId: string) => ({
  type: 'incident',
  category: 'assistance',
  urgency: 'medium',
  title: 'Il protocollo non si apre',
  description: 'Da stamattina il programma del protocollo non si apre.',
  enteId,
});

describe('Enti kept by the CIT: create, edit, capofila history, deactivate, merge, audited', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let admin2: SignedIn;
  let op: SignedIn;
  let alfa: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'seconda.admin@cit.example', 'admin');
    [admin, admin2, op, alfa] = await Promise.all([
      env.signIn('admin@cit.example', PASSWORD),
      env.signIn('seconda.admin@cit.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const patch = (who: SignedIn, id: string, body: object) => who.agent.patch(`/api/enti/${id}`).set('x-csrf-token', who.csrfToken).send(body);
  const audit = async (recordId: string) =>
    (await admin.agent.get('/api/admin/audit').query({ entity: 'enti', recordId }).expect(200)).body.items as Array<{
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      actor: { email: string };
    }>;
  const fieldPaths = (body: { error: { details?: { fields?: Array<{ path: string }> } } }) => (body.error.details?.fields ?? []).map((f) => f.path);
  const newEnte = async (over: Record<string, unknown> = {}) => {
    const res = await admin.post('/api/enti', { name: `Comune di Prova ${seq}`, kind: 'comune', fiscalCode: fiscalCode(), ...over });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; name: string; fiscalCode: string };
  };

  it('creates an Ente with its codes and PEC, refuses bad fields naming each, and is for admins only', async () => {
    const bad = await admin.post('/api/enti', { name: 'Comune di Errori', kind: 'comune', fiscalCode: '12345', istatCode: '17A01', ipaCode: 'c b157', pec: 'non-una-pec' });
    expect(bad.status).toBe(400);
    expect(fieldPaths(bad.body).sort()).toEqual(['fiscalCode', 'ipaCode', 'istatCode', 'pec']);
    expect(JSON.stringify(bad.body)).toContain('6 cifre');
    // A wrong check digit is refused as well as a wrong length.
    const cf = fiscalCode();
    const wrongDigit = cf.slice(0, 10) + String((Number(cf[10]) + 1) % 10);
    expect(fieldPaths((await admin.post('/api/enti', { name: 'Comune di Cifra', kind: 'comune', fiscalCode: wrongDigit }).expect(400)).body)).toEqual(['fiscalCode']);

    const res = await admin
      .post('/api/enti', { name: 'Comune di Nuovolento', kind: 'comune', fiscalCode: cf, istatCode: '017999', ipaCode: 'C_Z999', pec: 'Protocollo@PEC.nuovolento.bs.it' })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Comune di Nuovolento',
      fiscalCode: cf,
      istatCode: '017999',
      ipaCode: 'c_z999',
      pec: 'protocollo@pec.nuovolento.bs.it',
      active: true,
      version: 0,
      mergedInto: null,
      capofilaHistory: [],
    });
    const [created] = await audit(res.body.id);
    expect(created).toMatchObject({ action: 'create', before: null, after: { fiscalCode: cf, istatCode: '017999' }, actor: { email: 'admin@cit.example' } });

    await op.post('/api/enti', { name: 'Comune di Operatore', kind: 'comune', fiscalCode: fiscalCode() }).expect(403);
    await alfa.post('/api/enti', { name: 'Comune di Referente', kind: 'comune', fiscalCode: fiscalCode() }).expect(403);
  });

  it('refuses a codice fiscale, ISTAT or IPA code another Ente has, naming the field and the Ente', async () => {
    const first = await newEnte({ istatCode: '017901', ipaCode: 'c_z901' });
    const firstCf = ((await env.ds.query(`SELECT fiscal_code FROM enti WHERE id = $1`, [first.id])) as Array<{ fiscal_code: string }>)[0]!.fiscal_code;
    const sameCf = await admin.post('/api/enti', { name: 'Comune di Doppione', kind: 'comune', fiscalCode: firstCf }).expect(400);
    expect(fieldPaths(sameCf.body)).toEqual(['fiscalCode']);
    expect(sameCf.body.error.details.fields[0].message).toContain(first.name);
    const sameIstat = await admin.post('/api/enti', { name: 'Comune di Doppione', kind: 'comune', fiscalCode: fiscalCode(), istatCode: '017901' }).expect(400);
    expect(fieldPaths(sameIstat.body)).toEqual(['istatCode']);
    const second = await newEnte();
    expect(fieldPaths((await patch(admin, second.id, { version: second.version, ipaCode: 'C_Z901' }).expect(400)).body)).toEqual(['ipaCode']);
    // Nothing half-written: the refused Ente does not exist.
    expect(await env.ds.query(`SELECT 1 FROM enti WHERE name = 'Comune di Doppione'`)).toEqual([]);
  });

  it('answers 409 naming the other admin when the version read is stale, and keeps their change', async () => {
    const ente = await newEnte({ pec: 'vecchia@pec.example.it' });
    const saved = await patch(admin2, ente.id, { version: ente.version, pec: 'nuova@pec.example.it' }).expect(200);
    expect(saved.body.version).toBe(ente.version + 1);
    const stale = await patch(admin, ente.id, { version: ente.version, pec: 'mia@pec.example.it' }).expect(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.message).toContain('seconda.admin');
    expect(stale.body.error.details.current).toMatchObject({ pec: 'nuova@pec.example.it', version: ente.version + 1 });
    const [last] = await audit(ente.id);
    expect(last).toMatchObject({ action: 'update', before: { pec: 'vecchia@pec.example.it' }, after: { pec: 'nuova@pec.example.it' } });
    expect((await admin.agent.get(`/api/enti/${ente.id}`).expect(200)).body.pec).toBe('nuova@pec.example.it');
    // Saving the same values again is not a change.
    const same = await patch(admin, ente.id, { version: ente.version + 1, pec: 'nuova@pec.example.it', name: ente.name }).expect(200);
    expect(same.body.version).toBe(ente.version + 1);
    expect(await audit(ente.id)).toHaveLength(2);
  });

  it('keeps the dated history of capofila relations while enti.capofila_id shows the one in force', async () => {
    const unione2 = await createEnte(env.ds, 'Unione dei Comuni Delta', 'unione_comuni');
    const ente = await newEnte({ capofilaId: world.unione, capofilaFrom: '2026-01-01' });
    const future = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    expect(fieldPaths((await patch(admin, ente.id, { version: 0, capofilaId: unione2, capofilaFrom: future }).expect(400)).body)).toEqual(['capofilaFrom']);
    expect(fieldPaths((await patch(admin, ente.id, { version: 0, capofilaId: unione2, capofilaFrom: '2025-12-31' }).expect(400)).body)).toEqual(['capofilaFrom']);
    expect(fieldPaths((await patch(admin, ente.id, { version: 0, capofilaId: ente.id }).expect(400)).body)).toEqual(['capofilaId']);

    const moved = await patch(admin, ente.id, { version: 0, capofilaId: unione2, capofilaPays: true, capofilaFrom: '2026-07-01' }).expect(200);
    expect(moved.body.capofila).toEqual({ id: unione2, name: 'Unione dei Comuni Delta' });
    expect(moved.body.capofilaPays).toBe(true);
    expect(moved.body.capofilaHistory).toEqual([
      { capofila: { id: unione2, name: 'Unione dei Comuni Delta' }, capofilaPays: true, validFrom: '2026-07-01', validTo: null },
      { capofila: { id: world.unione, name: 'Unione dei Comuni Gamma' }, capofilaPays: false, validFrom: '2026-01-01', validTo: '2026-06-30' },
    ]);
    const [row] = (await env.ds.query(`SELECT capofila_id, capofila_pays FROM enti WHERE id = $1`, [ente.id])) as Array<{ capofila_id: string; capofila_pays: boolean }>;
    expect(row).toEqual({ capofila_id: unione2, capofila_pays: true });
    const [entry] = await audit(ente.id);
    expect(entry).toMatchObject({ action: 'update', before: { capofilaId: world.unione, capofilaPays: false }, after: { capofilaId: unione2, capofilaPays: true } });

    // Leaving the capofila closes the period; the member list of the Unione no longer shows it.
    const left = await patch(admin, ente.id, { version: 1, capofilaId: null, capofilaFrom: '2026-09-01' }).expect(200);
    expect(left.body.capofila).toBeNull();
    expect(left.body.capofilaPays).toBe(false);
    expect(left.body.capofilaHistory[0]).toMatchObject({ validFrom: '2026-07-01', validTo: '2026-08-31' });
    expect((await admin.agent.get(`/api/enti/${unione2}`).expect(200)).body.members).toEqual([]);
  });

  it('deactivates and reactivates an Ente: no new tickets while inactive, still readable', async () => {
    const ente = await newEnte();
    const off = await admin.post(`/api/enti/${ente.id}/deactivate`, { version: 0 }).expect(200);
    expect(off.body.active).toBe(false);
    expect(off.body.deactivatedAt).not.toBeNull();
    await admin.post(`/api/enti/${ente.id}/deactivate`, { version: 1 }).expect(409);
    const refused = await op.post('/api/tickets', ticket(ente.id)).expect(400);
    expect(fieldPaths(refused.body)).toEqual(['enteId']);
    const activeOnly = await admin.agent.get('/api/enti').query({ q: ente.name, active: 'true' }).expect(200);
    expect(activeOnly.body.items).toEqual([]);
    const on = await admin.post(`/api/enti/${ente.id}/reactivate`, { version: 1 }).expect(200);
    expect(on.body.active).toBe(true);
    await op.post('/api/tickets', ticket(ente.id)).expect(201);
    expect((await audit(ente.id)).map((e) => e.action)).toEqual(['update', 'update', 'create']);
  });

  it('merges two Comuni: tickets, records, billing and users follow; the old one is inactive and «fuso in»', async () => {
    const old = await newEnte({ name: 'Comune di Vecchiano' });
    const into = await newEnte({ name: 'Comune di Unificato' });
    const oldUser = await createUser(env.ds, 'ref@vecchiano.example', 'ente_user', { enti: [old.id] });
    const referent = await env.signIn('ref@vecchiano.example', PASSWORD);
    const ticketId = (await referent.post('/api/tickets', ticket(old.id)).expect(201)).body.id as string;
    // A PEC unit on each side: the merged unit is renumbered after the target's (one unit key per Ente).
    const record = async (enteId: string, unit: number) => {
      const [row] = (await env.ds.query(
        `INSERT INTO service_records (ente_id, payer_ente_id, service_code, unit_index, convention_period, request_ticket_id, request_unit, request_date,
           protocol, referent_name, referent_email, fee_type, free, free_reason, starts_on)
         VALUES ($1, $1, 'pec', $2, '2026-2030', $3, $4, '2026-02-01', '2026/000001', 'Referente', 'ref@example.it', 'annual', true, 'compresa', '2026-02-01')
         RETURNING id`,
        [enteId, unit, ticketId, enteId === old.id ? 1 : 2],
      )) as Array<{ id: string }>;
      return row!.id;
    };
    const oldRecord = await record(old.id, 1);
    await record(into.id, 1);
    await env.ds.query(
      `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, kind, year, half, description, amount_cents)
       VALUES ('test:vecchiano:quota', $1, $1, 'quota', 2026, 1, 'Quota 2026', 57000)`,
      [old.id],
    );
    await env.ds.query(`INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
                        VALUES ($1, '2026-2030', '2025-12-10', 'Delibera n. 1', '2025-12-01', 'Sindaco'), ($2, '2026-2030', '2025-12-10', 'Delibera n. 2', '2025-12-01', 'Sindaco')`, [old.id, into.id]);

    const preview = await admin.agent.get(`/api/enti/${old.id}/merge-preview`).expect(200);
    expect(preview.body).toMatchObject({ tickets: 1, serviceRecords: 1, billingEntries: 1, billingEntriesAsPayer: 1, users: 1 });

    expect(fieldPaths((await admin.post(`/api/enti/${old.id}/merge`, { intoId: old.id, mergedOn: '2026-07-01', version: 0 }).expect(400)).body)).toEqual(['intoId']);
    expect((await admin.post(`/api/enti/${old.id}/merge`, { intoId: into.id, mergedOn: '2026-07-01', version: 7 }).expect(409)).body.error.code).toBe('stale_version');
    // A capofila with members cannot be merged away from under them.
    expect((await admin.post(`/api/enti/${world.unione}/merge`, { intoId: into.id, mergedOn: '2026-07-01', version: 0 }).expect(409)).body.error.code).toBe('ente_has_members');

    const res = await admin.post(`/api/enti/${old.id}/merge`, { intoId: into.id, mergedOn: '2026-07-01', version: 0 }).expect(200);
    expect(res.body.moved).toEqual({ tickets: 1, surveys: 0, serviceRecords: 1, serviceRecordsAsPayer: 1, billingEntries: 1, billingEntriesAsPayer: 1, users: 1 });
    expect(res.body.ente).toMatchObject({ active: false, mergedInto: { id: into.id, name: 'Comune di Unificato', mergedOn: '2026-07-01' } });

    const owner = async (table: string, column: string, where: string, param: string) =>
      ((await env.ds.query(`SELECT ${column} AS v FROM ${table} WHERE ${where} = $1`, [param])) as Array<{ v: string }>).map((r) => r.v);
    expect(await owner('tickets', 'ente_id', 'id', ticketId)).toEqual([into.id]);
    expect(await owner('service_records', `ente_id || '/' || payer_ente_id || '/' || unit_index`, 'id', oldRecord)).toEqual([`${into.id}/${into.id}/2`]);
    expect(await owner('billing_entries', `ente_id || '/' || payer_ente_id`, 'source_key', 'test:vecchiano:quota')).toEqual([`${into.id}/${into.id}`]);
    expect(await owner('user_enti', 'ente_id', 'user_id', oldUser)).toEqual([into.id]);
    // The membership stays on the merged Ente as its history.
    expect(await owner('memberships', 'period_code', 'ente_id', old.id)).toEqual(['2026-2030']);
    // The referent follows their ticket to the new Ente.
    expect((await referent.agent.get(`/api/tickets/${ticketId}`).expect(200)).body.ente.id).toBe(into.id);

    const target = await admin.agent.get(`/api/enti/${into.id}`).expect(200);
    expect(target.body.mergedFrom).toEqual([{ id: old.id, name: 'Comune di Vecchiano', mergedOn: '2026-07-01' }]);
    const [oldEntry] = await audit(old.id);
    const [intoEntry] = await audit(into.id);
    for (const entry of [oldEntry!, intoEntry!]) {
      expect(entry).toMatchObject({ action: 'merge', after: { merge: { fromId: old.id, intoId: into.id, mergedOn: '2026-07-01', moved: res.body.moved } } });
    }
    expect(oldEntry).toMatchObject({ before: { mergedIntoId: null, deactivatedAt: null }, after: { mergedIntoId: into.id, mergedOn: '2026-07-01' } });

    // Read-only afterwards: no edit, no reactivation, no new ticket; not a merge target either.
    expect((await patch(admin, old.id, { version: 1, pec: 'x@pec.example.it' }).expect(409)).body.error.code).toBe('ente_merged');
    await admin.post(`/api/enti/${old.id}/reactivate`, { version: 1 }).expect(409);
    expect(fieldPaths((await op.post('/api/tickets', ticket(old.id)).expect(400)).body)).toEqual(['enteId']);
    const other = await newEnte();
    expect(fieldPaths((await admin.post(`/api/enti/${other.id}/merge`, { intoId: old.id, mergedOn: '2026-07-01', version: 0 }).expect(400)).body)).toEqual(['intoId']);

    // Telemaco still names the merged Comune by its codice fiscale: the look-ups are the new Ente's. Its 2026
    // allowance goes by the residents at 31/12/2025, which a Comune entered today must have on file.
    await env.ds.query(`INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) VALUES ($1, 2025, 5000, 300)`, [into.id]);
    await admin.agent
      .post('/api/billing/usage/telemaco')
      .set('x-csrf-token', admin.csrfToken)
      .attach('file', Buffer.from(`codice_fiscale;anno;mese;consultazioni\n${old.fiscalCode};2026;9;12\n`, 'utf8'), 'telemaco.csv')
      .expect(200);
    const usage = (await env.ds.query(`SELECT ente_id, lookups FROM telemaco_usage WHERE ente_id = ANY($1::uuid[])`, [[old.id, into.id]])) as unknown[];
    expect(usage).toEqual([{ ente_id: into.id, lookups: 12 }]);

    // From the year of the merger the quota is the new Ente's: the merged one is not assessed.
    await env.ds.query(`INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) VALUES ($1, 2026, 2000, 100), ($2, 2026, 5000, 300)`, [
      old.id,
      into.id,
    ]);
    await assessMembershipQuotas(env.ds, 2027);
    const quotas = (await env.ds.query(`SELECT ente_id, amount_cents FROM billing_entries WHERE kind = 'quota' AND year = 2027 AND ente_id = ANY($1::uuid[])`, [
      [old.id, into.id],
    ])) as Array<{ ente_id: string; amount_cents: number }>;
    expect(quotas).toEqual([{ ente_id: into.id, amount_cents: 95_000 }]);
  });

  it('bills a new Ente entered through the API its quota next year, to the capofila when it pays', async () => {
    const alone = await newEnte({ name: 'Comune di Nuovissimo' });
    const member = await newEnte({ name: 'Comune di Nuovo Membro', capofilaId: world.unione, capofilaPays: true });
    for (const id of [alone.id, member.id]) {
      await env.ds.query(`INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) VALUES ($1, 2026, 4000, 300)`, [id]);
      await env.ds.query(
        `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
         VALUES ($1, '2026-2030', '2026-11-20', 'Delibera C.C. n. 40', '2026-11-10', 'Sindaca pro tempore')`,
        [id],
      );
    }
    const report = await assessMembershipQuotas(env.ds, 2027);
    expect(report.problems.filter((p) => p.enteId === alone.id || p.enteId === member.id)).toEqual([]);
    const entries = (await env.ds.query(
      `SELECT ente_id, payer_ente_id, amount_cents, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM billing_entries
        WHERE kind = 'quota' AND year = 2027 AND ente_id = ANY($1::uuid[]) ORDER BY amount_cents, ente_id = $2`,
      [[alone.id, member.id], member.id],
    )) as Array<{ ente_id: string; payer_ente_id: string; amount_cents: number; due_on: string }>;
    // 4,000 residents × € 0.19 = € 760, due 31 March.
    expect(entries).toEqual([
      { ente_id: alone.id, payer_ente_id: alone.id, amount_cents: 76_000, due_on: '2027-03-31' },
      { ente_id: member.id, payer_ente_id: world.unione, amount_cents: 76_000, due_on: '2027-03-31' },
    ]);
  });
});
