import { isMissingResidentsError, isValidNumericFiscalCode, membershipQuota } from '@cit/shared';
import { renewalFactsFor } from '../ente-facts.repository';
import { priceLists } from '../../price-lists/price-lists.loader';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { DEMO_PASSWORD } from './demo-users';
import { DEMO_ENTI } from './enti-data';
import path from 'node:path';
import { AttachmentStore } from '../../tickets/attachments/storage';
import { demoUsers, seedDemo } from './seed';

describe('demo data', () => {
  it('is consistent: valid unique fiscal codes, capofila names that exist, Coccaglio as in the seeds', () => {
    const names = new Set(DEMO_ENTI.map((e) => e.name));
    expect(names.size).toBe(DEMO_ENTI.length);
    expect(new Set(DEMO_ENTI.map((e) => e.fiscalCode)).size).toBe(DEMO_ENTI.length);
    for (const e of DEMO_ENTI) {
      expect(isValidNumericFiscalCode(e.fiscalCode)).toBe(true);
      if (e.capofila) expect(names.has(e.capofila)).toBe(true);
    }
    expect(DEMO_ENTI.find((e) => e.name === 'Comune di Coccaglio')).toMatchObject({
      residents: 8757,
      businesses: 879,
      recordedQuota2021: 1973.63,
    });
    const kinds = new Set(DEMO_ENTI.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(
      ['azienda_speciale', 'comune', 'comune_capoluogo', 'comunita_montana', 'consorzio', 'ente_non_territoriale', 'unione_comuni'],
    );
  });
});

describe('seed command', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close());
  const deps = () => ({ store: new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR)), calendar: env.tickets.calendar });

  // Two full seeds of ~200 Enti with their history: a minute on a loaded CI machine.
  it('loads about 200 Enti with memberships, suppliers and one user per role, and a second run changes nothing', async () => {
    const first = await seedDemo(env.ds, deps());
    expect(first.enti).toBe(DEMO_ENTI.length);
    expect(first.enti).toBeGreaterThanOrEqual(190);
    expect(first.memberships).toBeGreaterThan(350);
    expect(first.suppliers).toBeGreaterThanOrEqual(3);
    expect(first.users).toBe(demoUsers().length);
    expect(first.services).toMatchObject({ requests: 13, applied: 11, open: 2 });
    expect(first.services.renewals.map((r) => r.year)).toEqual([2024, 2025, 2026]);
    // 1/1/2026: Coccaglio's and Brescia's 5th PEC box at € 20 (2026-2030 list); pagoPA, Wi-Fi and Gussago end.
    expect(first.services.renewals[2]).toEqual({ year: 2026, renewed: 13, free: 11, billed: 2, billedCents: 4000, ended: 9 });
    const counts = () =>
      env.ds.query(
        `SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM ticket_attachments)::int AS attachments,
                (SELECT count(*) FROM service_records)::int AS records, (SELECT count(*) FROM billing_entries)::int AS entries`,
      );
    const before = await counts();
    expect(before).toEqual([{ tickets: 13, attachments: 24, records: 30, entries: 22 }]);

    const second = await seedDemo(env.ds, deps());
    expect(second).toEqual({ enti: 0, population: 0, memberships: 0, suppliers: 0, users: 0, services: { requests: 0, applied: 0, open: 0, renewals: [] } });
    expect(await counts()).toEqual(before);

    const [unione] = (await env.ds.query(
      `SELECT count(m.id)::int AS members FROM enti u JOIN enti m ON m.capofila_id = u.id
       WHERE u.name = 'Unione Comuni degli Antichi Borghi Valle Camonica'`,
    )) as Array<{ members: number }>;
    expect(unione?.members).toBeGreaterThanOrEqual(3);
  }, 120_000);

  const recordsOf = async (ente: string) =>
    (await env.ds.query(
      `SELECT r.service_code, r.unit_index, r.unit_label, r.convention_period, r.free, r.annual_cents, r.request_date::text AS request_date,
              r.ends_on::text AS ends_on, r.end_reason, r.renewed_for_year, p.name AS payer, a.created_at AS form_uploaded_at
       FROM service_records r JOIN enti e ON e.id = r.ente_id JOIN enti p ON p.id = r.payer_ente_id
       LEFT JOIN ticket_attachments a ON a.id = r.form_attachment_id
       WHERE e.name = $1 ORDER BY r.service_code, r.request_date, r.request_unit`,
      [ente],
    )) as Array<Record<string, unknown>>;
  const entriesOf = async (ente: string) =>
    (await env.ds.query(
      `SELECT b.year, b.kind, b.service_code, b.amount_cents, b.description FROM billing_entries b JOIN enti e ON e.id = b.ente_id
       WHERE e.name = $1 ORDER BY b.year, b.service_code, b.description, b.kind`,
      [ente],
    )) as Array<{ year: number; kind: string; service_code: string; amount_cents: number; description: string }>;

  it("gives Coccaglio its requests of 2023-2025, priced by the 2021-2025 list and renewed on 1 January 2026", async () => {
    const records = await recordsOf('Comune di Coccaglio');
    const pec = records.filter((r) => r.service_code === 'pec');
    expect(pec.map((r) => [r.unit_index, r.request_date, r.free, r.annual_cents, r.convention_period, r.renewed_for_year])).toEqual([
      [1, '2023-02-14', true, null, '2026-2030', 2026],
      [2, '2023-02-14', true, null, '2026-2030', 2026],
      [3, '2023-02-14', true, null, '2026-2030', 2026],
      [4, '2024-10-02', true, null, '2026-2030', 2026],
      [5, '2024-10-02', false, 2000, '2026-2030', 2026],
    ]);
    expect(pec[4]?.unit_label).toBe('polizialocale@pec.comune.coccaglio.bs.it');
    // The request date is the upload date of the hand-signed form: the attachment carries the past date.
    for (const r of records) expect((r.form_uploaded_at as Date).toISOString().slice(0, 10)).toBe(r.request_date);
    expect(records.filter((r) => r.service_code === 'firma_digitale').map((r) => [r.unit_label, r.free])).toEqual([
      ['Sindaco', true],
      ['Responsabile area finanziaria', true],
    ]);
    expect(records.find((r) => r.service_code === 'pagopa')).toMatchObject({ request_date: '2025-03-12', ends_on: '2025-12-31', end_reason: 'not_offered', annual_cents: 180000 });

    const entries = await entriesOf('Comune di Coccaglio');
    // 2021-2025: 3 boxes free, the 4th and 5th at € 36 activation + € 36 a year; 2026-2030: 4 free, the 5th € 20.
    expect(entries.filter((e) => e.service_code === 'pec').map((e) => [e.year, e.kind, e.amount_cents])).toEqual([
      [2024, 'activation', 3600],
      [2024, 'annual', 3600],
      [2024, 'activation', 3600],
      [2024, 'annual', 3600],
      [2025, 'annual', 3600],
      [2025, 'annual', 3600],
      [2026, 'annual', 2000],
    ]);
    expect(entries.filter((e) => e.service_code === 'pagopa').map((e) => [e.year, e.kind, e.amount_cents])).toEqual([
      [2025, 'activation', 50000],
      [2025, 'annual', 180000],
    ]);
  });

  it('ends the services of the Comune without the 2026-2030 membership, and bills the paid member to its Unione', async () => {
    const gussago = await recordsOf('Comune di Gussago');
    expect(gussago).toHaveLength(5);
    for (const r of gussago) expect(r).toMatchObject({ ends_on: '2025-12-31', end_reason: 'no_membership', convention_period: '2021-2025' });
    expect((await entriesOf('Comune di Gussago')).filter((e) => e.year === 2026)).toEqual([]);

    const capofila = demoUsers().find((u) => u.role === 'capofila_user')!.ente!;
    const member = await env.ds.query(`SELECT name FROM enti WHERE capofila_id = (SELECT id FROM enti WHERE name = $1) AND capofila_pays`, [capofila]);
    const memberRecords = (await Promise.all((member as Array<{ name: string }>).map((m) => recordsOf(m.name)))).flat();
    expect(memberRecords.map((r) => r.service_code).sort()).toEqual(['pec', 'wifi', 'wifi', 'wifi']);
    for (const r of memberRecords) expect(r.payer).toBe(capofila);
    expect(memberRecords.filter((r) => r.service_code === 'wifi').map((r) => r.end_reason)).toEqual(['not_offered', 'not_offered', 'not_offered']);
  });

  it('leaves a 2026 activation waiting for the approver and an assistance ticket for the operator', async () => {
    const open = (await env.ds.query(
      `SELECT e.name, t.category, t.status, t.approval_state FROM tickets t JOIN enti e ON e.id = t.ente_id
       WHERE t.applied_at IS NULL ORDER BY t.created_at`,
    )) as Array<{ name: string; category: string; status: string; approval_state: string }>;
    expect(open.map((t) => [t.name, t.category, t.status, t.approval_state])).toEqual([
      ['Comune di Coccaglio', 'activation', 'new', 'requested'],
      [expect.stringMatching(/^Comune di /), 'assistance', 'new', 'none'],
    ]);
    const approver = await env.signIn('amministrazione@cit.example', DEMO_PASSWORD);
    const preview = await approver.agent.get('/api/service-records/renewal-preview?year=2027').expect(200);
    expect(preview.body.totals).toEqual({ renewCount: 13, freeCount: 11, endCount: 0, amountCents: 4000 });
  });

  it.each(demoUsers().map((u) => [u.role, u.email]))('lets the demo %s (%s) sign in', async (_role, email) => {
    const me = await (await env.signIn(email, DEMO_PASSWORD)).agent.get('/api/auth/me').expect(200);
    expect(me.body.user.email).toBe(email);
  });

  it('gives the capofila demo user its Unione and the member Comuni', async () => {
    const capofila = demoUsers().find((u) => u.role === 'capofila_user');
    const signedIn = await env.signIn(capofila!.email, DEMO_PASSWORD);
    const list = await signedIn.agent.get('/api/enti').expect(200);
    const names = (list.body.items as Array<{ name: string }>).map((e) => e.name);
    expect(names).toContain(capofila!.ente);
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(list.body.total).toBe(names.length);
  });

  it('carries the residents of every year the demo prices: quotas 2021-2027 of every member compute without a refusal', async () => {
    const ids = ((await env.ds.query(`SELECT id FROM enti`)) as Array<{ id: string }>).map((r) => r.id);
    const lists = await priceLists(env.ds);
    for (let year = 2021; year <= 2027; year++) {
      const facts = await renewalFactsFor(env.ds, ids, year, year <= 2025 ? '2021-2025' : '2026-2030');
      const refused = [...facts.values()]
        .filter((f) => f.member)
        .flatMap((f) => {
          try {
            membershipQuota(f.ente, year, lists);
            return [];
          } catch (err) {
            return isMissingResidentsError(err) ? [err.message] : [];
          }
        });
      expect(refused).toEqual([]);
    }
  });
});
