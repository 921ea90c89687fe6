import { z } from 'zod';
import { CATALOG, ServiceCodeEnum } from '../catalog';
import { addSupportMinutes, BRESCIA_CALENDAR, supportMinutesBetween, UrgencySchema, type SlaTarget, type SupportCalendar } from '../sla';
import { TicketCategorySchema, TicketTypeSchema } from './lifecycle';
import type { ClockFields, TicketClocks } from './sla-clock';

/**
 * Re-triage: the staff correct what the requester declared (type, category, service, urgency, Ente). Only the fields
 * sent change; `serviceCode: null` removes the service (assistance only).
 */
export const RetriageRequestSchema = z
  .strictObject(
    {
      type: TicketTypeSchema.optional(),
      category: TicketCategorySchema.optional(),
      serviceCode: ServiceCodeEnum.nullable().optional(),
      urgency: UrgencySchema.optional(),
      enteId: z.uuid('Ente non valido.').optional(),
      /** Why, for the history and the requester (optional). */
      reason: z.string().trim().max(2000, 'Motivo: al massimo 2000 caratteri').optional(),
    },
    'Campo non previsto.',
  )
  .refine((r) => r.type !== undefined || r.category !== undefined || r.serviceCode !== undefined || r.urgency !== undefined || r.enteId !== undefined, {
    message: 'Indicare almeno un campo da cambiare (tipo, categoria, servizio, urgenza o Ente).',
  })
  .refine((r) => !r.serviceCode || CATALOG[r.serviceCode] !== undefined, { path: ['serviceCode'], message: 'Servizio non valido.' })
  .meta({ id: 'RetriageRequest' });
export type RetriageRequest = z.infer<typeof RetriageRequestSchema>;

/**
 * The clocks of a ticket whose urgency changed at `now`: the new targets apply from its creation, and the support
 * time already counted stays counted. A running clock's due instant moves by the difference of the budgets (pauses
 * already shifted it and stay in); a stopped clock keeps its used minutes and has the new budget minus them left
 * (never below zero: a clock that has spent more than the new budget is breached). The take-charge clock of a ticket
 * already taken in charge is over and does not move.
 */
export function retargetClocks(
  c: TicketClocks & { createdAt: Date },
  to: SlaTarget,
  now: Date,
  cal: SupportCalendar = BRESCIA_CALENDAR,
): ClockFields & { takeChargeMinutes: number; resolveMinutes: number } {
  const running = (due: Date, budget: number, next: number) => {
    // Support minutes from creation to the due instant = the budget plus the pauses that pushed it.
    const paused = Math.max(0, supportMinutesBetween(c.createdAt, due, cal) - budget);
    return addSupportMinutes(c.createdAt, paused + next, cal);
  };
  const stopped = (remaining: number, budget: number, next: number) => Math.max(0, next - (budget - remaining));
  const takeChargeOver = c.takenAt !== null;
  return {
    takeChargeMinutes: takeChargeOver ? c.takeChargeMinutes : to.takeChargeMinutes,
    resolveMinutes: to.resolveMinutes,
    takeChargeDue: !takeChargeOver && c.takeChargeDue ? running(c.takeChargeDue, c.takeChargeMinutes, to.takeChargeMinutes) : c.takeChargeDue,
    takeChargeRemaining:
      !takeChargeOver && c.takeChargeRemaining !== null ? stopped(c.takeChargeRemaining, c.takeChargeMinutes, to.takeChargeMinutes) : c.takeChargeRemaining,
    resolveDue: c.resolveDue ? running(c.resolveDue, c.resolveMinutes, to.resolveMinutes) : null,
    resolveRemaining: c.resolveRemaining !== null ? stopped(c.resolveRemaining, c.resolveMinutes, to.resolveMinutes) : null,
  };
}
