import { ReportBacklogSchema, ReportSlaSchema, ReportTrendSchema, ReportVolumesSchema } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { rebuildReportRollups } from './report-rollups.repository';

type World = Awaited<ReturnType<typeof tenantWorld>>;

/** Monday 15 June 2026, 12:00 in Rome: inside support hours, so the live ticket's clocks run. */
const NOW = new Date('2026-06-15T10:00:00Z');
/** Whole months: the volumes per Ente read the monthly rollup only. */
const PERIOD = { from: '2026-01-01', to: '2026-06-30' };

let env: TestEnv;
let world: World;
let operator: SignedIn;
let alfa: SignedIn;
let beta: SignedIn;
let supplier: SignedIn;
const ids: Record<string, string> = {};
let protocol = 0;

interface Seeded {
  ente: 'A' | 'B';
  created: string;
  urgency: string;
  status: string;
  service?: string;
  group?: string;
  takenAt?: string;
  takeChargeDue?: string;
  solvedAt?: string;
  resolveDue?: string;
  resolveRemaining?: number;
}

/** A ticket written as it stands after its life (dates and SLA fields known), in a protocol year of its own. */
async function seed(t: Seeded): Promise<string> {
  const ente = t.ente === 'A' ? world.enteA : world.enteB;
  const user = t.ente === 'A' ? world.users.userA : world.users.userB;
  const [row] = (await env.ds.query(
    `INSERT INTO tickets (protocol_year, protocol_number, ente_id, requester_id, opened_by_id, type, category, service_code, urgency,
       title, description, status, support_group, take_charge_minutes, resolve_minutes, take_charge_due, resolve_due,
       resolve_remaining, taken_at, solved_at, closed_at, deleted_at, queue_due, created_at)
     VALUES (2100, $1, $2, $3, $3, 'incident', 'assistance', $4, $5, 'Ticket del report', 'Descrizione.', $6, $7, 60, 240,
       $8, $9, $10, $11, $12, CASE WHEN $6 = 'closed' THEN $12::timestamptz END, CASE WHEN $6 = 'deleted' THEN $13::timestamptz END, $13, $13)
     RETURNING id`,
    [++protocol, ente, user, t.service ?? null, t.urgency, t.status, t.group ?? null, t.takeChargeDue ?? null, t.resolveDue ?? null,
      t.resolveRemaining ?? null, t.takenAt ?? null, t.solvedAt ?? null, t.created],
  )) as Array<{ id: string }>;
  return row!.id;
}

const get = async (user: SignedIn, report: string, query: Record<string, string> = PERIOD) => {
  const res = await user.agent.get(`/api/reports/${report}`).query(query);
  expect(res.status).toBe(200);
  return res.body as unknown;
};
const trend = async (u: SignedIn, q?: Record<string, string>) => ReportTrendSchema.parse(await get(u, 'trend', q));
const sla = async (u: SignedIn, q?: Record<string, string>) => ReportSlaSchema.parse(await get(u, 'sla', q));
const volumes = async (u: SignedIn, q?: Record<string, string>) => ReportVolumesSchema.parse(await get(u, 'volumes', q));
const backlog = async (u: SignedIn, q?: Record<string, string>) => ReportBacklogSchema.parse(await get(u, 'backlog', q));
const all = async (u: SignedIn, q?: Record<string, string>) => ({ trend: await trend(u, q), sla: await sla(u, q), volumes: await volumes(u, q), backlog: await backlog(u, q) });

/** The non-zero rows of the per-Ente rollup, in key order (rows moved to zero by the triggers say nothing). */
const dayRows = () =>
  env.ds.query(`SELECT * FROM report_ticket_days WHERE opened <> 0 OR closed <> 0 OR response_met <> 0 OR response_missed <> 0
                OR resolution_met <> 0 OR resolution_missed <> 0 ORDER BY ente_id, day, service_code, urgency, support_group`);

const months = (m: Array<{ month: string; opened: number; closed: number }>) => Object.fromEntries(m.map((x) => [x.month, [x.opened, x.closed]]));

beforeAll(async () => {
  env = await startTestEnv({}, { now: () => NOW });
  world = await tenantWorld(env.ds);
  operator = await env.signIn('op@cit.example', PASSWORD);
  alfa = await env.signIn('a@alfa.example', PASSWORD);
  beta = await env.signIn('b@beta.example', PASSWORD);
  supplier = await env.signIn('pec@fornitore.example', PASSWORD);
  // Alfa, March: one ticket within both SLAs (3 h), one late on both (6 days); the same week, a deleted one (no figures).
  ids.t1 = await seed({ ente: 'A', created: '2026-03-02T08:00:00Z', urgency: 'high', status: 'closed', service: 'pec', group: 'sistemisti',
    takenAt: '2026-03-02T08:30:00Z', takeChargeDue: '2026-03-02T09:00:00Z', solvedAt: '2026-03-02T11:00:00Z', resolveRemaining: 120 });
  ids.t2 = await seed({ ente: 'A', created: '2026-03-04T09:00:00Z', urgency: 'medium', status: 'solved', group: 'primo_livello',
    takenAt: '2026-03-05T09:00:00Z', takeChargeDue: '2026-03-04T13:00:00Z', solvedAt: '2026-03-10T09:00:00Z', resolveRemaining: 0 });
  await seed({ ente: 'A', created: '2026-03-03T09:00:00Z', urgency: 'medium', status: 'deleted', takenAt: '2026-03-03T09:10:00Z', takeChargeDue: '2026-03-03T13:00:00Z' });
  // Opened in December, solved in January (in time): only its solution falls in the period.
  await seed({ ente: 'A', created: '2025-12-20T09:00:00Z', urgency: 'low', status: 'closed', group: 'sistemisti',
    takenAt: '2025-12-20T09:30:00Z', takeChargeDue: '2025-12-20T15:00:00Z', solvedAt: '2026-01-10T09:00:00Z', resolveRemaining: 30 });
  // The backlog: Beta's new ticket (61 days), Alfa's pending one (45 days) and one taken in charge this morning.
  ids.t3 = await seed({ ente: 'B', created: '2026-04-15T10:00:00Z', urgency: 'low', status: 'new', service: 'pec', group: 'sistemisti' });
  await seed({ ente: 'A', created: '2026-05-01T10:00:00Z', urgency: 'very_low', status: 'pending' });
  await seed({ ente: 'A', created: '2026-06-15T08:00:00Z', urgency: 'blocking', status: 'assigned', group: 'applicativi',
    takenAt: '2026-06-15T08:30:00Z', takeChargeDue: '2026-06-15T09:00:00Z', resolveDue: '2026-06-15T13:00:00Z' });
  // One ticket through the API: opened by Alfa, taken in charge and solved at once (the UPDATE trigger's path).
  const created = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title: 'Posta non ricevuta', description: 'Da stamattina.' });
  expect(created.status).toBe(201);
  ids.live = created.body.id as string;
  for (const action of [{ action: 'take_charge' }, { action: 'solve', solution: 'Casella sbloccata.' }]) {
    expect((await operator.post(`/api/tickets/${ids.live}/actions`, action)).status).toBe(200);
  }
}, 60_000);

afterAll(() => env?.close());

describe('reports on a known data set', () => {
  it('opened and closed per month and per week (deleted tickets and other periods excluded)', async () => {
    const r = await trend(operator);
    expect(r.period).toEqual(PERIOD);
    expect(months(r.months)).toEqual({ '2026-01': [0, 1], '2026-02': [0, 0], '2026-03': [2, 2], '2026-04': [1, 0], '2026-05': [1, 0], '2026-06': [2, 1] });
    const weeks = Object.fromEntries(r.weeks.filter((w) => w.opened + w.closed > 0).map((w) => [w.start, [w.opened, w.closed]]));
    expect(weeks).toEqual({ '2026-01-05': [0, 1], '2026-03-02': [2, 1], '2026-03-09': [0, 1], '2026-04-13': [1, 0], '2026-04-27': [1, 0], '2026-06-15': [2, 1] });
    // Every week of the period is listed, from the Monday of the week of 1 January to that of 30 June.
    expect(r.weeks[0]!.start).toBe('2025-12-29');
    expect(r.weeks.at(-1)!.start).toBe('2026-06-29');
    expect(r.weeks).toHaveLength(27);
  });

  it('SLA met and missed per urgency, service, group and month, with the mean resolution time', async () => {
    const r = await sla(operator);
    const f = (key: string, rm: number, rx: number, sm: number, sx: number, hours: number | null) => ({
      key, responseMet: rm, responseMissed: rx, resolutionMet: sm, resolutionMissed: sx, meanResolutionHours: hours,
    });
    // Resolutions: 3 h, 144 h, 504 h (the December ticket) and 0 h (the live one) → 162.8 h on average.
    expect(r.total).toEqual(f('', 3, 1, 3, 1, 162.8));
    expect(r.byUrgency).toEqual([f('blocking', 1, 0, 0, 0, null), f('high', 1, 0, 1, 0, 3), f('low', 0, 0, 1, 0, 504), f('medium', 1, 1, 1, 1, 72)]);
    expect(r.byService).toEqual([f('', 2, 1, 2, 1, 216), f('pec', 1, 0, 1, 0, 3)]);
    expect(r.byGroup).toEqual([f('', 1, 0, 1, 0, 0), f('applicativi', 1, 0, 0, 0, null), f('primo_livello', 0, 1, 0, 1, 144), f('sistemisti', 1, 0, 2, 0, 253.5)]);
    // Months with no SLA event (April, May: openings only) are left out, as are the other keys.
    expect(r.byMonth.map((m) => m.key)).toEqual(['2026-01', '2026-03', '2026-06']);
    expect(r.byMonth.find((m) => m.key === '2026-03')).toEqual(f('2026-03', 1, 1, 1, 1, 73.5));
    expect(r.byMonth.find((m) => m.key === '2026-06')).toEqual(f('2026-06', 2, 0, 1, 0, 0));
  });

  it('volumes per Ente and per service, over whole months and over days', async () => {
    const r = await volumes(operator);
    expect(r.byEnte).toEqual([
      { id: world.enteA, name: 'Comune di Alfa', opened: 5, closed: 4 },
      { id: world.enteB, name: 'Comune di Beta', opened: 1, closed: 0 },
    ]);
    expect(r.otherEnti).toBe(0);
    expect(r.byService).toEqual([{ serviceCode: null, opened: 4, closed: 3 }, { serviceCode: 'pec', opened: 2, closed: 1 }]);
    // Whole months from the monthly rollup, the days around them from the daily one: 15 February – 20 June.
    const mixed = await volumes(operator, { from: '2026-02-15', to: '2026-06-20' });
    expect(mixed.byEnte.map((e) => [e.name, e.opened, e.closed])).toEqual([['Comune di Alfa', 5, 3], ['Comune di Beta', 1, 0]]);
    // A period cut inside a month reads the daily rollup: 2–5 March.
    const days = await volumes(operator, { from: '2026-03-01', to: '2026-03-05' });
    expect(days.byEnte).toEqual([{ id: world.enteA, name: 'Comune di Alfa', opened: 2, closed: 1 }]);
  });

  it('the backlog now, per status and age', async () => {
    const r = await backlog(operator);
    expect(r.total).toBe(3);
    expect(Object.fromEntries(r.byStatus.map((s) => [s.status, s.count]))).toEqual({ new: 1, assigned: 1, planned: 0, pending: 1 });
    expect(Object.fromEntries(r.ages.map((a) => [a.bucket, a.count]))).toEqual({ d0_1: 1, d2_7: 0, d8_30: 0, d31_90: 2, d91_plus: 0 });
  });

  it('filters by service, group and Ente narrow every report', async () => {
    expect(months((await trend(operator, { ...PERIOD, serviceCode: 'pec' })).months)['2026-03']).toEqual([1, 1]);
    expect((await sla(operator, { ...PERIOD, group: 'sistemisti' })).total).toMatchObject({ responseMet: 1, resolutionMet: 2, resolutionMissed: 0 });
    const beta1 = await all(operator, { ...PERIOD, enteId: world.enteB });
    expect(months(beta1.trend.months)['2026-04']).toEqual([1, 0]);
    expect(beta1.volumes.byEnte.map((e) => e.id)).toEqual([world.enteB]);
    expect(beta1.backlog.total).toBe(1);
    expect((await backlog(operator, { ...PERIOD, enteId: world.enteA, group: 'applicativi' })).total).toBe(1);
  });
});

describe('scope and bad input', () => {
  it('an Ente user sees only its own Ente, whatever it asks', async () => {
    const mine = await all(beta);
    expect(mine.volumes.byEnte.map((e) => e.id)).toEqual([world.enteB]);
    expect(months(mine.trend.months)).toEqual({ '2026-01': [0, 0], '2026-02': [0, 0], '2026-03': [0, 0], '2026-04': [1, 0], '2026-05': [0, 0], '2026-06': [0, 0] });
    expect(mine.sla.total.responseMet + mine.sla.total.resolutionMet).toBe(0);
    expect(mine.backlog.total).toBe(1);
    const other = await beta.agent.get('/api/reports/trend').query({ enteId: world.enteA });
    expect(other.status).toBe(400);
    expect(other.body.error.details.fields).toEqual([{ path: 'enteId', message: 'Ente: non esiste o non è tra quelli del Suo profilo.' }]);
    expect((await supplier.agent.get('/api/reports/trend')).status).toBe(403);
  });

  it.each([
    [{ from: '2026-13-01' }, 'from', 'Dal: data non valida'],
    [{ from: '2026-06-01', to: '2026-01-01' }, 'to', 'Al: la data finale precede'],
    [{ from: '2020-01-01', to: '2026-01-01' }, 'to', 'Al: il periodo supera i tre anni'],
    [{ from: '1950-01-01', to: '1950-02-01' }, 'from', 'Dal: data fuori dall’intervallo dei report'],
    [{ serviceCode: 'caffe' }, 'serviceCode', 'Servizio: codice sconosciuto'],
    [{ group: 'Non Valido!' }, 'group', 'Gruppo non valido'],
    [{ group: 'inesistente' }, 'group', 'Gruppo: non esiste'],
    [{ enteId: 'abc' }, 'enteId', 'Ente: identificativo non valido'],
    [{ enteId: '00000000-0000-4000-8000-000000000000' }, 'enteId', 'Ente: non esiste'],
    [{ colore: 'rosso' }, '', 'Parametri non previsti: colore'],
  ])('%j → 400 naming %s', async (query, path, message) => {
    const res = await operator.agent.get('/api/reports/sla').query(query);
    expect(res.status).toBe(400);
    const field = (res.body.error.details.fields as Array<{ path: string; message: string }>).find((f) => f.path === path);
    expect(field?.message).toContain(message);
  });
});

describe('the rebuild command', () => {
  it('gives the rows and figures the triggers kept, also after moves (reopen, Ente change), and is idempotent', async () => {
    // Reopening takes the solution out; moving the ticket moves all its figures to the other Ente.
    await env.ds.query(`UPDATE tickets SET status = 'assigned', solved_at = NULL WHERE id = $1`, [ids.t2]);
    await env.ds.query(`UPDATE tickets SET ente_id = $2 WHERE id = $1`, [ids.t1, world.enteB]);
    await env.ds.query(`DELETE FROM tickets WHERE id = $1`, [ids.t3]);
    const live = { rows: await dayRows(), staff: await all(operator), alfa: await all(alfa) };
    expect(months(live.staff.trend.months)['2026-03']).toEqual([2, 1]);
    expect(live.staff.volumes.byEnte.map((e) => [e.name, e.opened, e.closed])).toEqual([['Comune di Alfa', 4, 2], ['Comune di Beta', 1, 1]]);
    await rebuildReportRollups(env.ds);
    expect(await dayRows()).toEqual(live.rows);
    expect({ rows: await dayRows(), staff: await all(operator), alfa: await all(alfa) }).toEqual(live);
    await rebuildReportRollups(env.ds);
    expect(await all(operator)).toEqual(live.staff);
  });
});
