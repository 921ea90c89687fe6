import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { RetriageRequestSchema, rolesFor, RoutingDryRunSchema, TicketDetailSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { RoutingRulesService } from '../routing-rules/routing-rules.service';
import { Ticket } from '../tickets/ticket.entity';
import type { TicketQueries } from '../tickets/tickets.queries';
import type { RetriageService } from './retriage.service';

const TicketId = z.object({ id: z.string() });

/** Routes on one ticket that belong to triage: re-triage and the routing dry run. */
export function triageRoutes(paths: ZodOpenApiPathsObject, deps: { retriage: RetriageService; routing: RoutingRulesService; queries: TicketQueries }): ApiRouter {
  return new ApiRouter('/api/tickets', 'Ticket', paths)
    .post(
      '/:id/retriage',
      {
        summary: 'Riclassifica il ticket: tipo, categoria, servizio, urgenza, Ente',
        description:
          'Gli obiettivi SLA seguono la nuova urgenza e il tempo già trascorso resta contato; le regole di smistamento sono rivalutate; ' +
          'il richiedente riceve un’e-mail se cambiano urgenza o servizio.',
        access: rolesFor('tickets.retriage'),
        params: TicketId,
        body: RetriageRequestSchema,
        response: TicketDetailSchema,
        errors: [404, 409],
      },
      async ({ params, body, auth }) => {
        await deps.retriage.retriage(auth, params.id, body);
        return deps.queries.detail(auth, params.id);
      },
    )
    .get(
      '/:id/routing',
      {
        summary: 'Quale regola di smistamento scatterebbe ora su questo ticket (prova, non cambia nulla)',
        access: rolesFor('routing-rules.dry-run'),
        params: TicketId,
        response: RoutingDryRunSchema,
        errors: [404],
      },
      async ({ params, auth }) => {
        const t = await auth.db.get(Ticket, params.id, 'Il ticket');
        return deps.routing.dryRun(t);
      },
    );
}
