import { startTestEnv, type TestEnv } from '../../../test/harness';
import { DEMO_HISTORY_SEED, seedDemoHistory } from './demo-history';
import { DEMO_HISTORY_TICKETS, planHistory, plannedStatusCounts } from './demo-history-plan';
import { seedBase } from './seed';

/** The demo's two-year history: every status in the planned numbers, SLA outcomes, approvals, records, payments; loaded once. */
describe('demo history', () => {
  let env: TestEnv;
  const now = new Date('2026-11-30T10:00:00Z');

  beforeAll(async () => {
    env = await startTestEnv();
    await seedBase(env.ds);
  });
  afterAll(() => env.close());

  it('is planned deterministically, with every status', () => {
    expect(planHistory(DEMO_HISTORY_SEED)).toEqual(planHistory(DEMO_HISTORY_SEED));
    const counts = plannedStatusCounts(DEMO_HISTORY_SEED);
    expect(Object.keys(counts).sort()).toEqual(['assigned', 'closed', 'deleted', 'new', 'pending', 'planned', 'solved']);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(DEMO_HISTORY_TICKETS);
  });

  it('loads ≈1,000 tickets in every status with follow-ups, SLA states, approvals, records and payments; a second run changes nothing', async () => {
    const started = Date.now();
    const first = await seedDemoHistory(env.ds, { now });
    const elapsed = Date.now() - started;
    expect(first.tickets).toBe(DEMO_HISTORY_TICKETS);
    expect(elapsed).toBeLessThan(60_000);

    const byStatus = (await env.ds.query(`SELECT status, count(*)::int AS n FROM tickets GROUP BY status`)) as Array<{ status: string; n: number }>;
    // Rejected activations end closed: the plan's counts, with those moved from their planned status to closed.
    const rejectedMoved = planHistory(DEMO_HISTORY_SEED).filter((t) => t.rejected && t.status !== 'new' && t.status !== 'closed').length;
    const expected = plannedStatusCounts(DEMO_HISTORY_SEED);
    const actual = Object.fromEntries(byStatus.map((r) => [r.status, r.n]));
    expect(Object.values(actual).reduce((a, b) => a + b, 0)).toBe(DEMO_HISTORY_TICKETS);
    expect(actual.closed).toBe((expected.closed ?? 0) + rejectedMoved);
    for (const status of ['new', 'assigned', 'planned', 'pending', 'solved', 'deleted']) expect(actual[status]).toBeGreaterThan(0);

    const sla = (await env.ds.query(`SELECT sla_state, count(*)::int AS n FROM tickets GROUP BY sla_state`)) as Array<{ sla_state: string; n: number }>;
    expect(sla.map((r) => r.sla_state).sort()).toEqual(expect.arrayContaining(['breached', 'met', 'paused']));
    const [facts] = (await env.ds.query(
      `SELECT (SELECT count(*) FROM ticket_followups)::int AS followups,
              (SELECT count(DISTINCT ente_id) FROM tickets)::int AS enti,
              (SELECT count(*) FROM tickets WHERE approval_state = 'approved')::int AS approved,
              (SELECT count(*) FROM tickets WHERE approval_state = 'rejected')::int AS rejected,
              (SELECT count(*) FROM tickets WHERE approval_state = 'requested')::int AS requested,
              (SELECT count(*) FROM tickets WHERE approval_state = 'approved' AND applied_at IS NULL)::int AS unapplied,
              (SELECT count(*) FROM service_records)::int AS records,
              (SELECT count(*) FROM billing_entries)::int AS entries,
              (SELECT count(*) FROM billing_entries WHERE status = 'collected')::int AS collected,
              (SELECT count(DISTINCT extract(year FROM created_at)) FROM tickets)::int AS years,
              (SELECT count(*) FROM (SELECT protocol_year, protocol_number FROM tickets GROUP BY 1, 2 HAVING count(*) > 1) d)::int AS duplicate_protocols`,
    )) as Array<Record<string, number>>;
    expect(facts).toMatchObject({ followups: first.followups, records: first.records, entries: first.entries, collected: first.collected, unapplied: 0, duplicate_protocols: 0, years: 3 });
    expect(facts!.followups).toBeGreaterThan(1500);
    expect(facts!.enti).toBeGreaterThan(100);
    expect(facts!.approved).toBe(first.records);
    expect(facts!.rejected).toBeGreaterThan(0);
    expect(facts!.requested).toBeGreaterThan(0);
    expect(facts!.collected).toBeGreaterThan((facts!.entries ?? 0) / 2);
    // The protocol counter stays ahead of every number given out: the next ticket of the year does not collide.
    const [counter] = (await env.ds.query(
      `SELECT c.last, (SELECT max(protocol_number) FROM tickets WHERE protocol_year = 2026) AS max FROM ticket_protocol_counters c WHERE year = 2026`,
    )) as Array<{ last: number; max: number }>;
    expect(counter!.last).toBe(counter!.max);

    const snapshot = () =>
      env.ds.query(
        `SELECT (SELECT count(*) FROM tickets)::int, (SELECT count(*) FROM ticket_followups)::int, (SELECT count(*) FROM service_records)::int,
                (SELECT count(*) FROM billing_entries)::int, (SELECT count(*) FROM billing_entries WHERE status = 'collected')::int,
                (SELECT sum(last) FROM ticket_protocol_counters)::int, (SELECT count(*) FROM users)::int`,
      );
    const before = await snapshot();
    expect(await seedDemoHistory(env.ds, { now })).toEqual({ tickets: 0, followups: 0, records: 0, entries: 0, collected: 0 });
    expect(await snapshot()).toEqual(before);
  });
});
