import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { dateHolidaysProvider } from '@cit/shared/holidays';
import { intParam, URGENCIES, UrgencySchema, VersionSchema } from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { CalendarSource } from '../support-calendar/calendar-source';
import { SlaTarget } from './sla-target.entity';
import type { SlaTargetsService } from './sla-targets.service';

const TargetSchema = z
  .object({ urgency: UrgencySchema, takeChargeMinutes: z.number().int(), resolveMinutes: z.number().int(), version: VersionSchema })
  .meta({ id: 'SlaTargetRow' });

const SlaSchema = z
  .object({
    targets: z.array(TargetSchema),
    calendar: z.object({
      timeZone: z.string(),
      workingDays: z.array(z.number().int()),
      hours: z.array(z.tuple([z.string(), z.string()])),
      /** Closed days per year as MM-DD (national public holidays, patron day, closures), for the SLA badges in the browser. */
      closedDays: z.record(z.string(), z.array(z.string())),
    }),
  })
  .meta({ id: 'Sla' });

export function slaRoutes(paths: ZodOpenApiPathsObject, calendars: CalendarSource, targets: SlaTargetsService): ApiRouter {
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
        // Checked on every call: the browser's countdowns must follow an edit of the calendar.
        const calendar = await calendars.refresh();
        const year = new Date().getFullYear();
        const from = query.from ?? year - 1;
        const to = Math.min(query.to ?? year + 1, from + 10);
        const closedDays: Record<string, string[]> = {};
        for (let y = from; y <= to; y++) {
          const dated = calendar.closures.filter((d) => d.startsWith(`${y}-`)).map((d) => d.slice(5));
          closedDays[String(y)] = [...new Set([...dateHolidaysProvider(calendar.country, y), ...calendar.extraHolidays, ...dated])].sort();
        }
        const rows = await auth.db.select(SlaTarget, 't').getMany();
        rows.sort((a, b) => URGENCIES.indexOf(a.urgency) - URGENCIES.indexOf(b.urgency));
        return {
          targets: rows.map((r) => ({ urgency: r.urgency, takeChargeMinutes: r.takeChargeMinutes, resolveMinutes: r.resolveMinutes, version: r.version })),
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
        description: 'Inviare la `version` letta: se nel frattempo qualcuno li ha modificati la risposta è 409.',
        errors: [409],
        access: ['admin'],
        params: z.object({ urgency: UrgencySchema }),
        body: z
          .object({ takeChargeMinutes: z.number().int().min(1).max(100_000), resolveMinutes: z.number().int().min(1).max(1_000_000), version: VersionSchema })
          .refine((b) => b.resolveMinutes >= b.takeChargeMinutes, { message: 'La risoluzione non può scadere prima della presa in carico.', path: ['resolveMinutes'] }),
        response: TargetSchema,
      },
      async ({ req, auth, params, body }) => targets.update(auditActor({ req, auth }), params.urgency, body),
    );
}
