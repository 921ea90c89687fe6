import { useEffect, useState } from 'react';
import { browserCalendar, useSupportCalendar } from './supportCalendar';
import { DEFAULT_SLA_TARGETS, runningClockState, supportMinutesBetween, type SlaState, type TicketSummary } from '@cit/shared';

export const SLA_TICK_MS = 30_000;

/** The current time, refreshed every `everyMs`: re-renders the SLA countdowns. */
export function useNow(everyMs = SLA_TICK_MS): Date {
  useSupportCalendar();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

export interface SlaView {
  state: SlaState;
  /** The running clock that matters now: take charge while new, resolution afterwards; null when stopped. */
  clock: 'takeCharge' | 'resolve' | null;
  due: Date | null;
  /** Support minutes left before `due` (negative once past it), null when no clock runs. */
  minutesLeft: number | null;
}

const ORDER: readonly SlaState[] = ['breached', 'at_risk', 'ok'];
const worst = (a: SlaState, b: SlaState): SlaState => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);

type SlaFacts = Pick<TicketSummary, 'status' | 'urgency' | 'takeChargeDue' | 'resolveDue' | 'slaState'>;

/**
 * The SLA as of `now`, computed in the browser from the due instants the server sent, with the shared
 * support calendar: the badge turns "a rischio" / "scaduto" on time without waiting for the server.
 * Stopped clocks (pending, solved, closed, deleted) keep the server's verdict.
 */
export function slaView(t: SlaFacts, now: Date): SlaView {
  if (t.status !== 'new' && t.status !== 'assigned' && t.status !== 'planned') {
    return { state: t.slaState, clock: null, due: null, minutesLeft: null };
  }
  const target = DEFAULT_SLA_TARGETS[t.urgency];
  const cal = browserCalendar();
  const takeChargeDue = t.takeChargeDue ? new Date(t.takeChargeDue) : null;
  const resolveDue = t.resolveDue ? new Date(t.resolveDue) : null;
  let state: SlaState = t.slaState === 'breached' || t.slaState === 'at_risk' ? t.slaState : 'ok';
  if (t.status === 'new' && takeChargeDue) state = worst(state, runningClockState(takeChargeDue, target.takeChargeMinutes, now, cal));
  if (resolveDue) state = worst(state, runningClockState(resolveDue, target.resolveMinutes, now, cal));
  const clock = t.status === 'new' && takeChargeDue ? 'takeCharge' : resolveDue ? 'resolve' : null;
  const due = clock === 'takeCharge' ? takeChargeDue : clock === 'resolve' ? resolveDue : null;
  const minutesLeft =
    due === null ? null : due > now ? supportMinutesBetween(now, due, cal) : -supportMinutesBetween(due, now, cal);
  return { state, clock, due, minutesLeft };
}

/** "3 h 05 min" (support time), without sign. */
export function formatMinutes(minutes: number): string {
  const total = Math.max(0, Math.floor(Math.abs(minutes)));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}
