import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';
import { insertServiceRecord } from './service-records.repository';
import { renewAnnualServices } from './renewals';

interface RecordRow {
  id: string;
  ente_id: string;
  service_code: string;
  unit_index: number;
  convention_period: string;
  free: boolean;
  annual_cents: number | null;
  ends_on: string | null;
  end_reason: string | null;
  renewed_for_year: number | null;
}
interface EntryRow {
  service_record_id: string;
  amount_cents: number;
  year: number;
  half: number;
  due_on: string;
  source_key: string;
  description: string;
  payer_ente_id: string;
}
interface PreviewUnit {
  recordId: string;
  serviceCode: string;
  action: 'renew' | 'end';
  reason: string;
  amountCents: number | null;
  endsOn: string | null;
  unitIndex: number;
}
interface PreviewEnte {
  ente: { id: string; name: string };
  member: boolean;
  units: PreviewUnit[];
  renewCount: number;
  endCount: number;
  amountCents: number;
}

/**
 * The 1 January renewal across 2025 → 2026 (2021-2025 list: 3 PEC boxes free, then € 36 a year; 2026-2030 list:
 * 4 free, then € 20; no pagoPA), against real PostgreSQL, Redis and SMTP.
 */
describe('renewal 2025 → 2026 with the 2026-2030 rules, its December preview and the notice to the Enti', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let alfa: string;
  let fuori: string;
  let beta: string;
  let approver: SignedIn;
  let alfaUser: SignedIn;
  let betaUser: SignedIn;

  /** A record of the 2021-2025 convention, activated in 2024 (as the worker would have written it). */
  const oldRecord = async (enteId: string, ticketId: string, unit: number, over: { serviceCode: string; unitIndex: number; feeType: string; free: boolean; annualCents: number | null; variant?: string; label?: string }) =>
    insertServiceRecord(env.ds.manager, {
      enteId,
      payerEnteId: enteId,
      serviceCode: over.serviceCode,
      variant: over.variant ?? null,
      unitIndex: over.unitIndex,
      unitLabel: over.label ?? null,
      conventionPeriod: '2021-2025',
      requestTicketId: ticketId,
      requestUnit: unit,
      requestDate: '2024-03-01',
      protocol: '2024/000001',
      referentName: 'Referente',
      referentEmail: 'referente@ente.example',
      formAttachmentId: null,
      feeType: over.feeType,
      free: over.free,
      freeReason: over.free ? 'Compresa nella convenzione' : 'Oltre le 3 caselle comprese',
      annualCents: over.annualCents,
      supplierId: null,
    });

  const ticketOf = async (who: SignedIn, enteId: string) => {
    const res = await who.post('/api/tickets', {
      type: 'request',
      category: 'assistance',
      urgency: 'low',
      title: 'Servizi attivati nella convenzione 2021-2025',
      description: 'Servizi registrati prima del passaggio alla nuova convenzione.',
      enteId,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  const records = async () =>
    (await env.ds.query(
      `SELECT id, ente_id, service_code, unit_index, convention_period, free, annual_cents, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, end_reason, renewed_for_year
       FROM service_records ORDER BY ente_id, service_code, request_unit`,
    )) as RecordRow[];
  const entries2026 = async () =>
    (await env.ds.query(
      `SELECT service_record_id, amount_cents, year, half, to_char(due_on, 'YYYY-MM-DD') AS due_on, source_key, description, payer_ente_id
       FROM billing_entries WHERE year = 2026 ORDER BY source_key`,
    )) as EntryRow[];

  beforeAll(async () => {
    await sink.start();
    env = await startTestEnv({ SMTP_URL: sink.url, MAIL_ATTEMPTS: '3', MAIL_BACKOFF_MS: '200', RUN_JOBS: 'true' });
    alfa = await createEnte(env.ds, 'Comune di Alfa');
    fuori = await createEnte(env.ds, 'Comune di Fuori');
    beta = await createEnte(env.ds, 'Comune di Beta');
    // Fuori signed 2021-2025 but not 2026-2030.
    await env.ds.query(
      `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
       SELECT id, '2021-2025', '2020-12-10', 'Delibera C.C. n. 3', '2020-12-01', 'Sindaco' FROM enti`,
    );
    await env.ds.query(`DELETE FROM memberships WHERE ente_id = $1 AND period_code = '2026-2030'`, [fuori]);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    await createUser(env.ds, 'op@cit.example', 'operator');
    await createUser(env.ds, 'a@alfa.example', 'ente_user', { enti: [alfa] });
    await createUser(env.ds, 'b@beta.example', 'ente_user', { enti: [beta] });
    [approver, alfaUser, betaUser] = await Promise.all([
      env.signIn('approvatore@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
    ]);
    const operator = await env.signIn('op@cit.example', PASSWORD);

    const alfaTicket = await ticketOf(operator, alfa);
    // Alfa (3,000 residents): 5 PEC boxes (3 free + 2 at € 36), 4 signature kits (one-off), pagoPA.
    for (let i = 1; i <= 5; i++) {
      await oldRecord(alfa, alfaTicket, i, { serviceCode: 'pec', unitIndex: i, feeType: 'annual', free: i <= 3, annualCents: i <= 3 ? null : 3600, label: `box${i}@pec.alfa.it` });
    }
    for (let i = 1; i <= 4; i++) {
      await oldRecord(alfa, alfaTicket, 10 + i, { serviceCode: 'firma_digitale', unitIndex: i, feeType: 'one_off', free: i <= 3, annualCents: null });
    }
    await oldRecord(alfa, alfaTicket, 20, { serviceCode: 'pagopa', unitIndex: 1, feeType: 'annual', free: false, annualCents: 90000, variant: 'regione' });
    // Fuori: 4 PEC boxes (3 free + 1 at € 36), without the 2026-2030 membership.
    const fuoriTicket = await ticketOf(operator, fuori);
    for (let i = 1; i <= 4; i++) {
      await oldRecord(fuori, fuoriTicket, i, { serviceCode: 'pec', unitIndex: i, feeType: 'annual', free: i <= 3, annualCents: i <= 3 ? null : 3600 });
    }
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  let preview: { year: number; priceList: string; enti: PreviewEnte[]; totals: Record<string, number> };

  it('previews in December what renews at what amount and what ends and why, per Ente', async () => {
    const res = await approver.agent.get('/api/service-records/renewal-preview').query({ year: 2026 }).expect(200);
    preview = res.body;
    expect(preview.priceList).toBe('2026-2030');
    const byName = new Map(preview.enti.map((e) => [e.ente.name, e]));
    const a = byName.get('Comune di Alfa')!;
    expect([a.member, a.renewCount, a.endCount, a.amountCents]).toEqual([true, 5, 1, 2000]);
    expect(a.units.map((u) => [u.serviceCode, u.unitIndex, u.action, u.reason, u.amountCents])).toEqual([
      ['pagopa', 1, 'end', 'not_offered', null],
      ['pec', 1, 'renew', 'allowance', 0],
      ['pec', 2, 'renew', 'allowance', 0],
      ['pec', 3, 'renew', 'allowance', 0],
      ['pec', 4, 'renew', 'allowance', 0],
      ['pec', 5, 'renew', 'price', 2000],
    ]);
    const f = byName.get('Comune di Fuori')!;
    expect([f.member, f.renewCount, f.endCount, f.amountCents]).toEqual([false, 0, 4, 0]);
    expect(f.units.every((u) => u.action === 'end' && u.reason === 'no_membership' && u.endsOn === '2025-12-31')).toBe(true);
    expect(byName.has('Comune di Beta')).toBe(false);
    expect(preview.totals).toEqual({ renewCount: 5, freeCount: 4, endCount: 5, amountCents: 2000 });
  });

  it('shows an Ente user only its own Ente, and refuses a year without a price list with an Italian message', async () => {
    const own = await alfaUser.agent.get('/api/service-records/renewal-preview').query({ year: 2026 }).expect(200);
    expect(own.body.enti.map((e: PreviewEnte) => e.ente.name)).toEqual(['Comune di Alfa']);
    const other = await betaUser.agent.get('/api/service-records/renewal-preview').query({ year: 2026 }).expect(200);
    expect(other.body.enti).toEqual([]);
    await betaUser.agent.get('/api/service-records/renewal-preview').query({ year: 2026, enteId: alfa }).expect(404);
    const bad = await approver.agent.get('/api/service-records/renewal-preview').query({ year: 2040 }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/Nessun listino in vigore il 1° gennaio 2040/);
    await approver.agent.get('/api/service-records/renewal-preview').query({ year: 'prossimo' }).expect(400);
  });

  it('e-mails each Ente concerned once about the units that will end, however often "Avvisa gli Enti" is pressed', async () => {
    expect((await alfaUser.post('/api/service-records/renewal-notices', { year: 2026 })).status).toBe(403);
    await approver.post('/api/service-records/renewal-notices', { year: 2026 }).expect(202);
    const pec = (name: string) => `protocollo@pec.${name}.example`;
    await until('both notices', () => (sink.to(pec('comunedialfa')).length && sink.to(pec('comunedifuori')).length ? true : undefined), 20_000);
    await approver.post('/api/service-records/renewal-notices', { year: 2026 }).expect(202);
    await until('the second job done', async () => {
      const [row] = (await env.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`)) as Array<{ n: number }>;
      return row?.n === 0 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 1500));
    const [toAlfa] = sink.to(pec('comunedialfa'));
    expect(sink.to(pec('comunedialfa'))).toHaveLength(1);
    expect(sink.to(pec('comunedifuori'))).toHaveLength(1);
    expect(sink.to(pec('comunedibeta'))).toHaveLength(0);
    expect(toAlfa!.subject).toBe('Servizi CIT non rinnovati dal 1° gennaio 2026 / CIT services not renewed from 1 January 2026');
    expect(toAlfa!.text).toContain('Portale pagoPA n. 1: il servizio non è previsto dal listino 2026-2030');
    expect(toAlfa!.text).toContain('cesseranno il 31/12/2025');
    expect(toAlfa!.text).toContain('the 2026-2030 price list does not offer this service');
    expect(toAlfa!.text).not.toContain('Casella PEC');
    const toFuori = sink.to(pec('comunedifuori'))[0]!;
    expect((toFuori.text ?? '').match(/Casella PEC n\. \d: l’Ente non ha aderito alla convenzione 2026-2030/g)).toHaveLength(4);
  });

  it('renews on 1 January 2026 with the 2026 amounts, ends what the rules end, and a second run changes nothing', async () => {
    const before = await records();
    const report = await renewAnnualServices(env.ds, 2026);
    expect(report).toEqual({ year: 2026, renewed: 5, free: 4, billed: 1, billedCents: 2000, ended: 5 });

    const after = await records();
    const pecAlfa = after.filter((r) => r.ente_id === alfa && r.service_code === 'pec');
    expect(pecAlfa.map((r) => [r.convention_period, r.unit_index, r.free, r.annual_cents, r.ends_on, r.renewed_for_year])).toEqual([
      ['2026-2030', 1, true, null, null, 2026],
      ['2026-2030', 2, true, null, null, 2026],
      ['2026-2030', 3, true, null, null, 2026],
      ['2026-2030', 4, true, null, null, 2026],
      ['2026-2030', 5, false, 2000, null, 2026],
    ]);
    const kits = after.filter((r) => r.service_code === 'firma_digitale');
    expect(kits.map((r) => [r.convention_period, r.ends_on, r.renewed_for_year])).toEqual(Array(4).fill(['2021-2025', null, null]));
    const pagopa = after.find((r) => r.service_code === 'pagopa')!;
    expect([pagopa.ends_on, pagopa.end_reason]).toEqual(['2025-12-31', 'not_offered']);
    const pecFuori = after.filter((r) => r.ente_id === fuori);
    expect(pecFuori.map((r) => [r.ends_on, r.end_reason, r.convention_period])).toEqual(Array(4).fill(['2025-12-31', 'no_membership', '2021-2025']));

    const bills = await entries2026();
    const fifth = pecAlfa[4]!;
    expect(bills).toEqual([
      {
        service_record_id: fifth.id,
        amount_cents: 2000,
        year: 2026,
        half: 1,
        due_on: '2026-03-31',
        source_key: `record:${fifth.id}:annual:2026`,
        description: 'Canone 2026 – Casella PEC n. 5 (box5@pec.alfa.it)',
        payer_ente_id: alfa,
      },
    ]);

    // The preview said the same, unit by unit.
    const previewed = new Map(preview.enti.flatMap((e) => e.units).map((u) => [u.recordId, u]));
    for (const r of before.filter((x) => previewed.has(x.id))) {
      const u = previewed.get(r.id)!;
      const now = after.find((x) => x.id === r.id)!;
      if (u.action === 'end') expect([now.ends_on, now.end_reason]).toEqual([u.endsOn, u.reason]);
      else expect([bills.find((b) => b.service_record_id === r.id)?.amount_cents ?? 0, now.unit_index]).toEqual([u.amountCents, u.unitIndex]);
    }

    expect(await renewAnnualServices(env.ds, 2026)).toEqual({ year: 2026, renewed: 0, free: 0, billed: 0, billedCents: 0, ended: 0 });
    expect(await records()).toEqual(after);
    expect(await entries2026()).toEqual(bills);
    // The Ente sees why its pagoPA ended.
    const mine = await alfaUser.agent.get('/api/services/records').query({ status: 'all', serviceCode: 'pagopa' }).expect(200);
    expect(mine.body.items.map((r: { endsOn: string; endReason: string }) => [r.endsOn, r.endReason])).toEqual([['2025-12-31', 'not_offered']]);
    // Nothing left to renew for 2026: the preview is empty once the job has run.
    const done = await approver.agent.get('/api/service-records/renewal-preview').query({ year: 2026 }).expect(200);
    expect(done.body.enti).toEqual([]);
  });

  it('in 2027 the renewed boxes keep their 2026-2030 numbers (4 free, the 5th at € 20) and count as 5 held in that convention', async () => {
    const next = await renewAnnualServices(env.ds, 2027);
    expect(next).toEqual({ year: 2027, renewed: 5, free: 4, billed: 1, billedCents: 2000, ended: 0 });
    const [row] = (await env.ds.query(
      `SELECT count(*)::int AS n FROM service_records WHERE ente_id = $1 AND service_code = 'pec' AND convention_period = '2026-2030'`,
      [alfa],
    )) as Array<{ n: number }>;
    expect(row?.n).toBe(5);
  });
});
