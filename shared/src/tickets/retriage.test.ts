import { DEFAULT_SLA_TARGETS } from '../sla';
import { retargetClocks, RetriageRequestSchema } from './retriage';
import { startClocks, stopClocks, restartClocks, type TicketClocks } from './sla-clock';

const d = (iso: string) => new Date(iso);
// Monday 2 March 2026, support hours 9–13 and 14–17 (Europe/Rome, UTC+1).
const created = d('2026-03-02T09:00+01:00');

const fresh = (urgency: keyof typeof DEFAULT_SLA_TARGETS): TicketClocks & { createdAt: Date } => {
  const target = DEFAULT_SLA_TARGETS[urgency];
  return {
    createdAt: created,
    takeChargeMinutes: target.takeChargeMinutes,
    resolveMinutes: target.resolveMinutes,
    ...startClocks(created, target),
    takenAt: null,
    solvedAt: null,
  };
};

describe('re-triage: SLA clocks under a new urgency', () => {
  it('medium → blocking after 2 support hours: the new budgets count from the creation', () => {
    const next = retargetClocks(fresh('medium'), DEFAULT_SLA_TARGETS.blocking, d('2026-03-02T11:00+01:00'));
    // Blocking: take charge within 1 h (already past: breached), solve within 4 h → 13:00.
    expect(next.takeChargeDue?.toISOString()).toBe(d('2026-03-02T10:00+01:00').toISOString());
    expect(next.resolveDue?.toISOString()).toBe(d('2026-03-02T13:00+01:00').toISOString());
    expect(next).toMatchObject({ takeChargeMinutes: 60, resolveMinutes: 240, takeChargeRemaining: null, resolveRemaining: null });
  });

  it('high → low: the due instants move later by the difference, over the lunch break and the night', () => {
    const next = retargetClocks(fresh('high'), DEFAULT_SLA_TARGETS.low, d('2026-03-02T10:00+01:00'));
    // Low: 7 h to take charge (Monday 9–13, 14–17 = 7 h → 17:00), 35 h to solve = 5 days → Friday 17:00.
    expect(next.takeChargeDue?.toISOString()).toBe(d('2026-03-02T17:00+01:00').toISOString());
    expect(next.resolveDue?.toISOString()).toBe(d('2026-03-06T17:00+01:00').toISOString());
  });

  it('keeps the time a pause added: a ticket suspended for a day keeps that day', () => {
    const t = fresh('medium');
    Object.assign(t, stopClocks(t, d('2026-03-02T10:00+01:00'))); // 60 minutes used
    Object.assign(t, restartClocks(t, d('2026-03-03T09:00+01:00'))); // back on Tuesday
    const next = retargetClocks(t, DEFAULT_SLA_TARGETS.high, d('2026-03-03T09:30+01:00'));
    // High: resolve 7 h; 1 h used Monday, so 6 h from Tuesday 9:00 → 16:00 Tuesday.
    expect(next.resolveDue?.toISOString()).toBe(d('2026-03-03T16:00+01:00').toISOString());
    // Take charge 2 h: 1 h used, 1 h left from Tuesday 9:00.
    expect(next.takeChargeDue?.toISOString()).toBe(d('2026-03-03T10:00+01:00').toISOString());
  });

  it('a stopped clock keeps its used minutes; over the new budget it has none left', () => {
    const t = fresh('low');
    Object.assign(t, stopClocks(t, d('2026-03-02T14:00+01:00'))); // 240 minutes used of 420 / 2100
    const next = retargetClocks(t, DEFAULT_SLA_TARGETS.blocking, d('2026-03-02T15:00+01:00'));
    expect(next.takeChargeRemaining).toBe(0);
    expect(next.resolveRemaining).toBe(0);
    const relaxed = retargetClocks(t, DEFAULT_SLA_TARGETS.very_low, d('2026-03-02T15:00+01:00'));
    expect(relaxed.takeChargeRemaining).toBe(840 - 240);
    expect(relaxed.resolveRemaining).toBe(4200 - 240);
  });

  it('leaves the take-charge clock of a ticket already taken in charge where it was', () => {
    const t = { ...fresh('medium'), takenAt: d('2026-03-02T09:30+01:00') };
    const next = retargetClocks(t, DEFAULT_SLA_TARGETS.blocking, d('2026-03-02T11:00+01:00'));
    expect(next.takeChargeDue).toEqual(t.takeChargeDue);
    expect(next.takeChargeMinutes).toBe(240);
    expect(next.resolveDue?.toISOString()).toBe(d('2026-03-02T13:00+01:00').toISOString());
  });
});

describe('re-triage request', () => {
  it('needs at least one field and names unknown ones', () => {
    expect(RetriageRequestSchema.safeParse({}).success).toBe(false);
    expect(RetriageRequestSchema.safeParse({ urgency: 'high' }).success).toBe(true);
    const bad = RetriageRequestSchema.safeParse({ urgency: 'subito' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('urgency');
    expect(RetriageRequestSchema.safeParse({ colour: 'red', urgency: 'high' }).success).toBe(false);
  });
});
