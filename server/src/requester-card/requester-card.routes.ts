import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { RequesterCardSchema, rolesFor, romeDate } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { Ticket } from '../tickets/ticket.entity';
import { loadRequesterCard } from './requester-card.repository';

export function requesterCardRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, now: () => Date): ApiRouter {
  return new ApiRouter('/api/tickets', 'Ticket', paths).get(
    '/:id/requester-card',
    {
      summary: 'Scheda del richiedente: recapiti, altri ticket dell’Ente (aperti e ultimi chiusi), servizi attivi',
      access: rolesFor('tickets.requester-card'),
      params: z.object({ id: z.string() }),
      response: RequesterCardSchema,
      errors: [404],
    },
    // The ticket is opened through the caller's ScopedDb first: the card only ever describes a ticket they may see.
    async ({ params, auth }) => {
      const t = await auth.db.get(Ticket, params.id, 'Il ticket');
      return loadRequesterCard(ds, t, romeDate(now()));
    },
  );
}
