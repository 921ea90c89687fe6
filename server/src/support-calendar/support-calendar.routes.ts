import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { CreateCalendarClosureSchema, intParam, rolesFor, SupportCalendarSettingsSchema, UpdateSupportCalendarSchema } from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { SupportCalendarService } from './support-calendar.service';

/** Which year's national holidays to show, in which language (the page shows them read-only). */
const ViewQuery = z.object({
  year: intParam('Anno', 2000, 2200).optional(),
  lang: z.enum(['it', 'en']).default('it'),
});
type ViewQuery = z.infer<typeof ViewQuery>;

const viewOf = (q: ViewQuery | undefined) => ({ year: q?.year ?? new Date().getFullYear(), language: q?.lang ?? 'it' });

export function supportCalendarRoutes(paths: ZodOpenApiPathsObject, calendar: SupportCalendarService): ApiRouter {
  return new ApiRouter('/api/sla/calendar', 'SLA', paths)
    .get(
      '/',
      {
        summary: 'Calendario dell’assistenza: giorni e orari, patrono, chiusure, festività nazionali dell’anno',
        access: rolesFor('calendar.manage'),
        query: ViewQuery,
        response: SupportCalendarSettingsSchema,
      },
      ({ query }) => calendar.get(viewOf(query)),
    )
    .put(
      '/',
      {
        summary: 'Modifica giorni, orari e patrono; vale da subito per gli SLA',
        description:
          'Inviare la `version` letta: se nel frattempo qualcuno ha modificato il calendario la risposta è 409. I ticket aperti con un orologio SLA in corso ricalcolano la scadenza dai minuti di assistenza che restavano al momento del salvataggio.',
        access: rolesFor('calendar.manage'),
        body: UpdateSupportCalendarSchema,
        response: SupportCalendarSettingsSchema,
        errors: [409],
      },
      async ({ req, auth, body }) => calendar.update(auditActor({ req, auth }), body, viewOf(undefined)),
    )
    .post(
      '/closures',
      {
        summary: 'Aggiunge una chiusura: una data (AAAA-MM-GG) o un giorno fisso ogni anno (MM-GG)',
        description: 'Sposta le scadenze SLA dei ticket aperti il cui orologio passa per quel giorno.',
        access: rolesFor('calendar.manage'),
        body: CreateCalendarClosureSchema,
        response: SupportCalendarSettingsSchema,
        status: 201,
        errors: [409],
      },
      async ({ req, auth, body }) => calendar.addClosure(auditActor({ req, auth }), body, viewOf(undefined)),
    )
    .delete(
      '/closures/:id',
      {
        summary: 'Toglie una chiusura',
        access: rolesFor('calendar.manage'),
        params: z.object({ id: z.uuid({ error: 'Chiusura non trovata.' }) }),
        response: SupportCalendarSettingsSchema,
        errors: [404],
      },
      async ({ req, auth, params }) => calendar.removeClosure(auditActor({ req, auth }), params.id, viewOf(undefined)),
    );
}
