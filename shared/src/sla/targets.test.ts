import { z } from 'zod';
import {
  AT_RISK_RATIO,
  DEFAULT_SLA_TARGETS,
  SLA_STATES,
  SlaStateSchema,
  URGENCIES,
  UrgencySchema,
  addSupportMinutes,
  runningClockState,
  supportMinutesBetween,
  type SupportCalendar,
} from './index';

const d = (iso: string) => new Date(iso);

describe('targets', () => {
  it('has the default budgets of DOMAIN.md in support minutes', () => {
    expect(DEFAULT_SLA_TARGETS).toEqual({
      blocking: { takeChargeMinutes: 60, resolveMinutes: 240 },
      high: { takeChargeMinutes: 120, resolveMinutes: 420 },
      medium: { takeChargeMinutes: 240, resolveMinutes: 840 },
      low: { takeChargeMinutes: 420, resolveMinutes: 2100 },
      very_low: { takeChargeMinutes: 840, resolveMinutes: 4200 },
    });
    expect(Object.keys(DEFAULT_SLA_TARGETS)).toEqual([...URGENCIES]);
    expect(Object.isFrozen(DEFAULT_SLA_TARGETS.blocking)).toBe(true);
  });

  it('exposes the enums as named zod schemas', () => {
    expect(UrgencySchema.parse('very_low')).toBe('very_low');
    expect(UrgencySchema.safeParse('urgent').success).toBe(false);
    expect(SlaStateSchema.options).toEqual([...SLA_STATES]);
    expect(SlaStateSchema.safeParse('late').success).toBe(false);
    expect(z.globalRegistry.get(UrgencySchema)?.id).toBe('Urgency');
    expect(z.globalRegistry.get(SlaStateSchema)?.id).toBe('SlaState');
  });
});

describe('runningClockState', () => {
  // 100-minute budget from Monday 09:00: due 10:40, at risk from 80 minutes used (10:20).
  const start = d('2026-03-02T09:00+01:00');
  const due = addSupportMinutes(start, 100);

  it('computes the due time used below', () => {
    expect(due.toISOString()).toBe(d('2026-03-02T10:40+01:00').toISOString());
    expect(AT_RISK_RATIO).toBe(0.8);
  });

  it('is ok before the clock starts and at 79 % used', () => {
    expect(runningClockState(due, 100, d('2026-03-02T08:00+01:00'))).toBe('ok');
    expect(runningClockState(due, 100, d('2026-03-02T10:19+01:00'))).toBe('ok');
  });

  it('is at risk from 80 % used until due', () => {
    expect(runningClockState(due, 100, d('2026-03-02T10:20+01:00'))).toBe('at_risk');
    expect(runningClockState(due, 100, d('2026-03-02T10:39:59+01:00'))).toBe('at_risk');
  });

  it('is breached from due on', () => {
    expect(runningClockState(due, 100, due)).toBe('breached');
    expect(runningClockState(due, 100, d('2026-03-05T10:00+01:00'))).toBe('breached');
  });

  it('hits exactly 80 % on budgets where 0.2 of the budget is not exact in floating point', () => {
    // 60-minute budget: 48 minutes used is exactly 80 %.
    const due60 = addSupportMinutes(start, 60);
    expect(runningClockState(due60, 60, d('2026-03-02T09:47+01:00'))).toBe('ok');
    expect(runningClockState(due60, 60, d('2026-03-02T09:48+01:00'))).toBe('at_risk');
  });

  it('does not spend budget outside support hours', () => {
    // 4 h from Friday 15:00: 2 h on Friday, 2 h on Monday; 80 % = 192 min, reached Monday 10:12.
    const fridayDue = addSupportMinutes(d('2026-03-06T15:00+01:00'), 240);
    expect(fridayDue.toISOString()).toBe(d('2026-03-09T11:00+01:00').toISOString());
    expect(runningClockState(fridayDue, 240, d('2026-03-07T12:00+01:00'))).toBe('ok');
    expect(runningClockState(fridayDue, 240, d('2026-03-09T10:11+01:00'))).toBe('ok');
    expect(runningClockState(fridayDue, 240, d('2026-03-09T10:12+01:00'))).toBe('at_risk');
  });

  it('accounts for pauses through the shifted due time', () => {
    // 60 min from Monday 09:00, paused at 09:30 with 30 min left, resumed Tuesday 09:00.
    const pausedAt = d('2026-03-02T09:30+01:00');
    const left = supportMinutesBetween(pausedAt, addSupportMinutes(start, 60));
    expect(left).toBe(30);
    const shiftedDue = addSupportMinutes(d('2026-03-03T09:00+01:00'), left);
    expect(runningClockState(shiftedDue, 60, d('2026-03-03T09:17+01:00'))).toBe('ok');
    expect(runningClockState(shiftedDue, 60, d('2026-03-03T09:18+01:00'))).toBe('at_risk');
    expect(runningClockState(shiftedDue, 60, d('2026-03-03T09:30+01:00'))).toBe('breached');
  });

  it('uses the given calendar', () => {
    const allDay: SupportCalendar = {
      timeZone: 'Europe/Rome',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      hours: [['00:00', '24:00']],
      country: 'IT',
      extraHolidays: [],
      closures: [],
    };
    // Saturday 10:00 + 100 min → 11:40; at 11:20 80 % is used only if Saturday counts.
    const saturdayDue = addSupportMinutes(d('2026-03-07T10:00+01:00'), 100, allDay);
    expect(saturdayDue.toISOString()).toBe(d('2026-03-07T11:40+01:00').toISOString());
    expect(runningClockState(saturdayDue, 100, d('2026-03-07T11:20+01:00'), allDay)).toBe('at_risk');
    expect(runningClockState(saturdayDue, 100, d('2026-03-07T11:19+01:00'), allDay)).toBe('ok');
  });

  it('treats a zero budget as ok until due', () => {
    expect(runningClockState(start, 0, d('2026-03-02T08:00+01:00'))).toBe('ok');
    expect(runningClockState(start, 0, start)).toBe('breached');
  });
});
