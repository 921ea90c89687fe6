import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { insertServiceRecord } from '../service-records/service-records.repository';
import { renewAnnualServices } from '../service-records/renewals';
import { assessMembershipQuotas } from '../billing/quota';
import { createDataSource } from '../platform/db/data-source';
import { databaseUrl } from '../../test/test-db';
import { priceLists } from './price-lists.loader';

interface Version {
  id: string;
  period: string;
  effectiveFrom: string;
  status: string;
  inForceToday: boolean;
  supersededOn: string | null;
  version: number;
  body: {
    membershipQuota: { method: string; bands: Array<{ upTo: number | null; coefficient: number }> };
    services: Array<{ serviceCode: string; fees: { annual?: { amountCents: number } } }>;
  };
}
interface PreviewRow {
  ente: { id: string; name: string };
  quota: { beforeCents: number | null; afterCents: number | null };
  renewals: { beforeCents: number; afterCents: number };
  renewedUnits: { before: number; after: number };
  problem: string | null;
  changed: boolean;
}

/**
 * A new version of the 2026-2030 list effective 1 January 2028 (PEC € 25 a year instead of € 20, quota coefficient
 * 0.20 instead of 0.19 up to 5,000 residents): drafted by copy, edited, previewed, published; against real PostgreSQL.
 */
describe('price lists as versioned data', () => {
  let env: TestEnv;
  let admin: SignedIn;
  let approver: SignedIn;
  let alfa: string;
  let draft: Version;

  const renewalAmount = async (year: number) => {
    const res = await approver.agent.get('/api/service-records/renewal-preview').query({ year }).expect(200);
    return (res.body.enti as Array<{ ente: { id: string }; amountCents: number }>).find((e) => e.ente.id === alfa)?.amountCents;
  };

  beforeAll(async () => {
    env = await startTestEnv({}, { now: () => new Date('2026-12-03T10:00:00Z') });
    // The fixture records 3,000 residents at 31/12 of every year the test prices (2026 and 2027 among them).
    alfa = await createEnte(env.ds, 'Comune di Alfa');
    await createUser(env.ds, 'admin@cit.example', 'admin');
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    [admin, approver] = await Promise.all([env.signIn('admin@cit.example', PASSWORD), env.signIn('approvatore@cit.example', PASSWORD)]);
    const ticket = await admin.post('/api/tickets', {
      type: 'request',
      category: 'assistance',
      urgency: 'low',
      title: 'Caselle PEC attivate nel 2026',
      description: 'Caselle registrate per la prova dei listini.',
      enteId: alfa,
    });
    expect(ticket.status).toBe(201);
    // Six PEC boxes of 2026-2030: four free, two at the yearly fee.
    for (let i = 1; i <= 6; i++) {
      await insertServiceRecord(env.ds.manager, {
        enteId: alfa,
        payerEnteId: alfa,
        serviceCode: 'pec',
        variant: null,
        unitIndex: i,
        unitLabel: `box${i}@pec.alfa.it`,
        conventionPeriod: '2026-2030',
        requestTicketId: ticket.body.id as string,
        requestUnit: i,
        requestDate: '2026-03-01',
        protocol: '2026/000001',
        referentName: 'Referente',
        referentEmail: 'referente@alfa.example',
        formAttachmentId: null,
        feeType: 'annual',
        free: i <= 4,
        freeReason: i <= 4 ? 'Compresa nella convenzione' : 'Oltre le 4 caselle comprese',
        annualCents: i <= 4 ? null : 2000,
        supplierId: null,
      });
    }
  });
  afterAll(() => env.close());

  it('holds both seeded lists in the database, the 2026-2030 one in force today; only admins manage them', async () => {
    const res = await admin.agent.get('/api/admin/price-lists').expect(200);
    const items = res.body.items as Version[];
    expect(items.map((v) => [v.period, v.effectiveFrom, v.status, v.inForceToday])).toEqual([
      ['2026-2030', '2026-01-01', 'published', true],
      ['2021-2025', '2021-01-01', 'published', false],
    ]);
    await approver.agent.get('/api/admin/price-lists').expect(403);
    const catalog = await approver.agent.get('/api/catalog').expect(200);
    expect(catalog.body.priceLists.map((l: { period: string }) => l.period).sort()).toEqual(['2021-2025', '2026-2030']);
  });

  it('copies the version in force into a draft with its effective date, edits it, and refuses bad input naming the field', async () => {
    const list = (await admin.agent.get('/api/admin/price-lists').expect(200)).body.items as Version[];
    const current = list.find((v) => v.period === '2026-2030')!;
    const outside = await admin.post('/api/admin/price-lists', { fromId: current.id, effectiveFrom: '2031-01-01' }).expect(400);
    expect(outside.body.error.details.fields[0].path).toBe('effectiveFrom');

    const created = await admin.post('/api/admin/price-lists', { fromId: current.id, effectiveFrom: '2028-01-01' }).expect(201);
    draft = created.body;
    expect([draft.status, draft.period, draft.effectiveFrom, draft.version]).toEqual(['draft', '2026-2030', '2028-01-01', 0]);

    const body = structuredClone(draft.body);
    body.services.find((s) => s.serviceCode === 'pec')!.fees.annual!.amountCents = 2500;
    body.membershipQuota.bands[0]!.coefficient = 0.2;

    const badBands = structuredClone(body);
    badBands.membershipQuota.bands = [{ upTo: 10000, coefficient: 0.2 }, { upTo: 5000, coefficient: 0.19 }, { upTo: null, coefficient: 0.14 }];
    const bad = await admin.agent.put(`/api/admin/price-lists/${draft.id}`).set('x-csrf-token', admin.csrfToken).send({ version: 0, effectiveFrom: '2028-01-01', body: badBands }).expect(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('body.membershipQuota.bands');
    expect(JSON.stringify(bad.body)).toMatch(/ordine crescente/);

    const moved = await admin.agent
      .put(`/api/admin/price-lists/${draft.id}`)
      .set('x-csrf-token', admin.csrfToken)
      .send({ version: 0, effectiveFrom: '2028-01-01', body: { ...body, endsOn: '2031-12-31' } })
      .expect(400);
    expect(moved.body.error.details.fields[0].path).toBe('body.endsOn');

    const saved = await admin.agent.put(`/api/admin/price-lists/${draft.id}`).set('x-csrf-token', admin.csrfToken).send({ version: 0, effectiveFrom: '2028-01-01', body }).expect(200);
    expect(saved.body.version).toBe(1);
    const stale = await admin.agent.put(`/api/admin/price-lists/${draft.id}`).set('x-csrf-token', admin.csrfToken).send({ version: 0, effectiveFrom: '2028-01-01', body }).expect(409);
    expect(stale.body.error.code).toBe('stale_version');
    draft = saved.body;
  });

  it('previews per Ente the quota and the renewals of the effective year, and nothing changes the year before', async () => {
    const res = await admin.agent.get(`/api/admin/price-lists/${draft.id}/preview`).expect(200);
    expect(res.body.year).toBe(2028);
    const row = (res.body.rows as PreviewRow[]).find((r) => r.ente.id === alfa)!;
    expect(row).toMatchObject({
      quota: { beforeCents: 57000, afterCents: 60000 },
      renewals: { beforeCents: 4000, afterCents: 5000 },
      renewedUnits: { before: 6, after: 6 },
      changed: true,
    });
    const before = await admin.agent.get(`/api/admin/price-lists/${draft.id}/preview`).query({ year: 2027 }).expect(200);
    const row2027 = (before.body.rows as PreviewRow[]).find((r) => r.ente.id === alfa)!;
    expect(row2027.changed).toBe(false);
    expect(row2027.renewals).toEqual({ beforeCents: 4000, afterCents: 4000 });
  });

  it('changes renewals and quotas from the effective date and not before, once published; a published version is never edited', async () => {
    // Warm the caches of the API and of another process (a worker: its own connection pool): both must see the publication.
    expect([await renewalAmount(2027), await renewalAmount(2028)]).toEqual([4000, 4000]);
    const worker = await createDataSource({ url: databaseUrl(env.dbName), poolSize: 1, applicationName: 'cit-test-worker' }).initialize();
    expect(await priceLists(worker)).toHaveLength(2);

    // A version taking effect today or earlier would reprice what was already priced: refused.
    const past = await admin.post('/api/admin/price-lists', { fromId: draft.id, effectiveFrom: '2026-06-01' }).expect(201);
    const refused = await admin.post(`/api/admin/price-lists/${past.body.id}/publish`, { version: 0 }).expect(400);
    expect(refused.body.error.details.fields[0]).toMatchObject({ path: 'effectiveFrom', message: expect.stringMatching(/già passata/) });

    const published = await admin.post(`/api/admin/price-lists/${draft.id}/publish`, { version: draft.version }).expect(200);
    expect(published.body.status).toBe('published');

    expect([await renewalAmount(2027), await renewalAmount(2028)]).toEqual([4000, 5000]);
    expect((await priceLists(worker)).map((l) => l.effectiveFrom)).toContain('2028-01-01');
    await worker.destroy();
    const list = (await admin.agent.get('/api/admin/price-lists').expect(200)).body.items as Version[];
    expect(list.filter((v) => v.period === '2026-2030').map((v) => [v.effectiveFrom, v.status, v.inForceToday, v.supersededOn])).toEqual([
      ['2028-01-01', 'published', false, null],
      ['2026-06-01', 'draft', false, null],
      ['2026-01-01', 'published', true, '2028-01-01'],
    ]);

    // The jobs themselves: 2027 at € 20 a box, 2028 at € 25; the quota of 2027 by 0.19, of 2028 by 0.20.
    await renewAnnualServices(env.ds, 2027);
    await renewAnnualServices(env.ds, 2028);
    await assessMembershipQuotas(env.ds, 2027);
    await assessMembershipQuotas(env.ds, 2028);
    const entries = (await env.ds.query(
      `SELECT year, kind, amount_cents FROM billing_entries WHERE ente_id = $1 ORDER BY year, kind, amount_cents`,
      [alfa],
    )) as Array<{ year: number; kind: string; amount_cents: number }>;
    expect(entries.map((e) => [e.year, e.kind, e.amount_cents])).toEqual([
      [2027, 'annual', 2000],
      [2027, 'annual', 2000],
      [2027, 'quota', 57000],
      [2028, 'annual', 2500],
      [2028, 'annual', 2500],
      [2028, 'quota', 60000],
    ]);

    const edit = await admin.agent
      .put(`/api/admin/price-lists/${draft.id}`)
      .set('x-csrf-token', admin.csrfToken)
      .send({ version: published.body.version, effectiveFrom: '2028-01-01', body: draft.body })
      .expect(409);
    expect(edit.body.error.message).toMatch(/pubblicata e non si modifica/);
    await admin.post(`/api/admin/price-lists/${draft.id}/publish`, { version: published.body.version }).expect(409);
    await expect(env.ds.query(`UPDATE price_list_versions SET body = '{}' WHERE id = $1`, [draft.id])).rejects.toThrow(/cannot be changed/);
  });

  it('records the creation, each edit and the publication in the audit log with before and after', async () => {
    const rows = (await env.ds.query(
      `SELECT action, actor_name, before, after FROM audit_log WHERE entity = 'price_lists' AND record_id = $1 ORDER BY at, id`,
      [draft.id],
    )) as Array<{ action: string; actor_name: string; before: Version | null; after: Version | null }>;
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'publish']);
    expect(rows[0]!.before).toBeNull();
    const pec = (v: Version | null) => v?.body.services.find((s) => s.serviceCode === 'pec')?.fees.annual?.amountCents;
    expect([pec(rows[1]!.before), pec(rows[1]!.after)]).toEqual([2000, 2500]);
    expect([rows[2]!.before?.status, rows[2]!.after?.status]).toEqual(['draft', 'published']);
    expect(rows.every((r) => r.actor_name === 'admin')).toBe(true);
  });
});
