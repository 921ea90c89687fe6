import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { dateHolidaysProvider } from '@cit/shared/holidays';
import { intParam, URGENCIES, UrgencySchema, type SupportCalendar } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { SlaTarget } from './sla-target.entity';
import type { SlaTargetsService } from './sla-targets.service';

const TargetSchema = z
  .object({ urgency: UrgencySchema, takeChargeMinutes: z.number().int(), resolveMinutes: z.number().int() })
  .meta({ id: 'SlaTargetRow' });

const SlaSchema = z
  .object({
    targets: z.array(TargetSchema),
    calendar: z.object({
      timeZone: z.string(),
      workingDays: z.array(z.number().int()),
      hours: z.array(z.tuple([z.string(), z.string()])),
      /** Closed days per year as MM-DD (national public holidays plus local ones), for the SLA badges in the browser. */
      closedDays: z.record(z.string(), z.array(z.string())),
    }),
  })
  .meta({ id: 'Sla' });

export function slaRoutes(paths: ZodOpenApiPathsObject, calendar: SupportCalendar, targets: SlaTargetsService): ApiRouter {
  return new ApiRouter('/api/sla', 'SLA', paths)
    .get(
      '/',
      {
        summary: 'Obiettivi SLA per urgenza e calendario dell’assistenza (giorni di chiusura per anno)',
        access: 'signed-in',
        query: z.object({ from: intParam('Dal', 2000, 2200).optional(), to: intParam('Al', 2000, 2200).optional() }),
        response: SlaSchema,
      },
      async ({ query, auth }) => {
        const year = new Date().getFullYear();
        const from = query.from ?? year - 1;
        const to = Math.min(query.to ?? year + 1, from + 10);
        const closedDays: Record<string, string[]> = {};
        for (let y = from; y <= to; y++) {
          closedDays[String(y)] = [...new Set([...dateHolidaysProvider(calendar.country, y), ...calendar.extraHolidays])].sort();
        }
        const rows = await auth.db.select(SlaTarget, 't').getMany();
        rows.sort((a, b) => URGENCIES.indexOf(a.urgency) - URGENCIES.indexOf(b.urgency));
        return {
          targets: rows.map((r) => ({ urgency: r.urgency, takeChargeMinutes: r.takeChargeMinutes, resolveMinutes: r.resolveMinutes })),
          calendar: {
            timeZone: calendar.timeZone,
            workingDays: [...calendar.workingDays],
            hours: calendar.hours.map(([a, b]) => [a, b] as [string, string]),
            closedDays,
          },
        };
      },
    )
    .put(
      '/targets/:urgency',
      {
        summary: 'Modifica gli obiettivi SLA di un’urgenza (minuti di assistenza); valgono per i ticket aperti da ora',
        access: ['admin'],
        params: z.object({ urgency: UrgencySchema }),
        body: z
          .object({ takeChargeMinutes: z.number().int().min(1).max(100_000), resolveMinutes: z.number().int().min(1).max(1_000_000) })
          .refine((b) => b.resolveMinutes >= b.takeChargeMinutes, { message: 'La risoluzione non può scadere prima della presa in carico.', path: ['resolveMinutes'] }),
        response: TargetSchema,
      },
      async ({ params, body }) => targets.update(params.urgency, body.takeChargeMinutes, body.resolveMinutes),
    );
}
