import { z } from 'zod';
import { BRESCIA_CALENDAR, supportMinutesBetween, type SupportCalendar } from './calendar';

export const URGENCIES = ['blocking', 'high', 'medium', 'low', 'very_low'] as const;
export const UrgencySchema = z.enum(URGENCIES).meta({ id: 'Urgency' });
export type Urgency = (typeof URGENCIES)[number];

/** Budgets in support minutes, not elapsed time. */
export interface SlaTarget {
  takeChargeMinutes: number;
  resolveMinutes: number;
}

const HOUR = 60;

export const DEFAULT_SLA_TARGETS: Record<Urgency, SlaTarget> = Object.freeze({
  blocking: Object.freeze({ takeChargeMinutes: 1 * HOUR, resolveMinutes: 4 * HOUR }),
  high: Object.freeze({ takeChargeMinutes: 2 * HOUR, resolveMinutes: 7 * HOUR }),
  medium: Object.freeze({ takeChargeMinutes: 4 * HOUR, resolveMinutes: 14 * HOUR }),
  low: Object.freeze({ takeChargeMinutes: 7 * HOUR, resolveMinutes: 35 * HOUR }),
  very_low: Object.freeze({ takeChargeMinutes: 14 * HOUR, resolveMinutes: 70 * HOUR }),
});

/** 'paused' and 'met' are set by callers; runningClockState only yields the other three. */
export const SLA_STATES = ['ok', 'at_risk', 'breached', 'paused', 'met'] as const;
export const SlaStateSchema = z.enum(SLA_STATES).meta({ id: 'SlaState' });
export type SlaState = (typeof SLA_STATES)[number];

export const AT_RISK_RATIO = 0.8;

/** State of a running clock: budgetMinutes is the full target; due was computed with addSupportMinutes (shifted after pauses). */
export function runningClockState(
  due: Date,
  budgetMinutes: number,
  now: Date,
  cal: SupportCalendar = BRESCIA_CALENDAR,
): 'ok' | 'at_risk' | 'breached' {
  if (now.getTime() >= due.getTime()) return 'breached';
  if (budgetMinutes <= 0) return 'ok';
  // Time already spent in pauses moved `due` forward, so what is left before due is what is left of the budget.
  const used = budgetMinutes - supportMinutesBetween(now, due, cal);
  // Division rather than `remaining <= budget * (1 - ratio)`: 1 - 0.8 is not 0.2 in floating point.
  return used / budgetMinutes >= AT_RISK_RATIO ? 'at_risk' : 'ok';
}
