import {
  addSupportMinutes,
  BRESCIA_CALENDAR,
  runningClockState,
  supportMinutesBetween,
  type SlaState,
  type SlaTarget,
  type SupportCalendar,
} from '../sla';
import type { TicketStatus } from './lifecycle';

/**
 * The two SLA clocks of a ticket (take charge, resolve). A running clock has a due instant; a stopped one
 * (pending, to_test, solved) keeps the support minutes it had left, and gets a new due instant when it runs again.
 */
export interface TicketClocks {
  takeChargeMinutes: number;
  resolveMinutes: number;
  takeChargeDue: Date | null;
  resolveDue: Date | null;
  takeChargeRemaining: number | null;
  resolveRemaining: number | null;
  takenAt: Date | null;
  solvedAt: Date | null;
}

export type ClockFields = Pick<TicketClocks, 'takeChargeDue' | 'resolveDue' | 'takeChargeRemaining' | 'resolveRemaining'>;

export function startClocks(createdAt: Date, target: SlaTarget, cal: SupportCalendar = BRESCIA_CALENDAR): ClockFields {
  return {
    takeChargeDue: addSupportMinutes(createdAt, target.takeChargeMinutes, cal),
    resolveDue: addSupportMinutes(createdAt, target.resolveMinutes, cal),
    takeChargeRemaining: null,
    resolveRemaining: null,
  };
}

/** Stops the clocks that are running (pending, solved): each keeps what it had left, never below zero. */
export function stopClocks(c: TicketClocks, now: Date, cal: SupportCalendar = BRESCIA_CALENDAR): ClockFields {
  // Whole minutes, rounded down: a stopped clock never gains time.
  const left = (due: Date | null, kept: number | null) => (due ? Math.floor(supportMinutesBetween(now, due, cal)) : kept);
  const takeChargeRunning = c.takenAt === null;
  return {
    takeChargeDue: takeChargeRunning ? null : c.takeChargeDue,
    takeChargeRemaining: takeChargeRunning ? left(c.takeChargeDue, c.takeChargeRemaining) : c.takeChargeRemaining,
    resolveDue: null,
    resolveRemaining: left(c.resolveDue, c.resolveRemaining),
  };
}

/** Restarts stopped clocks from `now` with the minutes they had left (resume, reopen, restore). */
export function restartClocks(c: TicketClocks, now: Date, cal: SupportCalendar = BRESCIA_CALENDAR): ClockFields {
  const again = (due: Date | null, kept: number | null) => (due === null && kept !== null ? addSupportMinutes(now, kept, cal) : due);
  return {
    takeChargeDue: c.takenAt === null ? again(c.takeChargeDue, c.takeChargeRemaining) : c.takeChargeDue,
    takeChargeRemaining: c.takenAt === null ? null : c.takeChargeRemaining,
    resolveDue: again(c.resolveDue, c.resolveRemaining),
    resolveRemaining: null,
  };
}

/**
 * The clocks of a running ticket when the support calendar changes at `now`: each running clock keeps the support
 * minutes it had left under the old calendar and spends them under the new one, so time already counted stays
 * counted and only what is left moves (a new closure pushes it, a removed one pulls it). A clock that already ran
 * out stays where it ran out; a stopped clock keeps its minutes and meets the new calendar when it restarts.
 */
export function moveRunningClocks(c: TicketClocks, now: Date, from: SupportCalendar, to: SupportCalendar): ClockFields {
  const move = (due: Date | null) => (due && due > now ? addSupportMinutes(now, supportMinutesBetween(now, due, from), to) : due);
  return {
    takeChargeDue: c.takenAt === null ? move(c.takeChargeDue) : c.takeChargeDue,
    takeChargeRemaining: c.takeChargeRemaining,
    resolveDue: move(c.resolveDue),
    resolveRemaining: c.resolveRemaining,
  };
}

const WORST: readonly SlaState[] = ['breached', 'at_risk', 'ok'];
const worst = (a: SlaState, b: SlaState) => (WORST.indexOf(a) <= WORST.indexOf(b) ? a : b);

/** Sort key of the operators' queue: the nearest due instant among the running clocks. */
export const NO_DUE = new Date(8640000000000000);

/**
 * The SLA state shown on badges and used by the queue: breached as soon as one clock ran out (a late take
 * charge stays a breach), at risk from 80 % used, paused while pending, met once solved in time.
 */
export function clockState(
  status: TicketStatus,
  c: TicketClocks,
  now: Date,
  cal: SupportCalendar = BRESCIA_CALENDAR,
): { slaState: SlaState; queueDue: Date } {
  const lateTakeCharge = c.takenAt !== null && c.takeChargeDue !== null && c.takenAt > c.takeChargeDue;
  const lateResolve = c.solvedAt !== null && c.resolveDue !== null && c.solvedAt > c.resolveDue;
  if (status === 'solved' || status === 'to_test' || status === 'closed') {
    return { slaState: lateTakeCharge || lateResolve || c.resolveRemaining === 0 ? 'breached' : 'met', queueDue: NO_DUE };
  }
  if (status === 'pending' || status === 'deleted') {
    const exhausted = lateTakeCharge || c.resolveRemaining === 0 || (c.takenAt === null && c.takeChargeRemaining === 0);
    return { slaState: exhausted ? 'breached' : 'paused', queueDue: NO_DUE };
  }
  let state: SlaState = lateTakeCharge ? 'breached' : 'ok';
  let queueDue = NO_DUE;
  if (c.takenAt === null && c.takeChargeDue) {
    state = worst(state, runningClockState(c.takeChargeDue, c.takeChargeMinutes, now, cal));
    queueDue = c.takeChargeDue;
  }
  if (c.resolveDue) {
    state = worst(state, runningClockState(c.resolveDue, c.resolveMinutes, now, cal));
    if (c.resolveDue < queueDue) queueDue = c.resolveDue;
  }
  return { slaState: state, queueDue };
}
