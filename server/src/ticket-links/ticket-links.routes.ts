import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { LinkTicketSchema, MergeTicketSchema, rolesFor, TicketLinksSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { TicketLinksService } from './ticket-links.service';

const TicketId = z.object({ id: z.string() });
const Merged = z.object({ intoId: z.uuid() }).meta({ id: 'MergedTicket' });

/** Links between related tickets and merges of duplicates (CIT operators and admins). */
export function ticketLinksRoutes(paths: ZodOpenApiPathsObject, links: TicketLinksService): ApiRouter {
  const access = rolesFor('tickets.link');
  return new ApiRouter('/api/tickets', 'Ticket', paths)
    .get(
      '/:id/links',
      {
        summary: 'Ticket collegati, ticket in cui questo è stato unito e ticket uniti in questo',
        access,
        params: TicketId,
        response: TicketLinksSchema,
        errors: [404],
      },
      ({ auth, params }) => links.links(auth, params.id),
    )
    .post(
      '/:id/links',
      {
        summary: 'Collega un ticket correlato (per protocollo o id); il collegamento compare su entrambi',
        description: 'Ticket di Enti diversi: 409 different_ente.',
        access,
        params: TicketId,
        body: LinkTicketSchema,
        response: TicketLinksSchema,
        errors: [404, 409],
      },
      ({ auth, params, body }) => links.link(auth, params.id, body.ticket),
    )
    .delete(
      '/:id/links/:otherId',
      {
        summary: 'Rimuove il collegamento tra due ticket',
        access,
        params: z.object({ id: z.string(), otherId: z.string() }),
        status: 204,
        errors: [404],
      },
      ({ auth, params }) => links.unlink(auth, params.id, params.otherId),
    )
    .post(
      '/:id/merge',
      {
        summary: 'Unisce il ticket (un doppione) in un altro dello stesso Ente, che resta',
        description:
          'Seguiti, allegati e chi segue passano al ticket che resta; il doppione lo indica, riceve una voce di cronologia ed è chiuso. Enti diversi: 409 different_ente; ticket chiuso o già unito: 409.',
        access,
        params: TicketId,
        body: MergeTicketSchema,
        response: Merged,
        errors: [404, 409],
      },
      async ({ auth, params, body }) => ({ intoId: await links.merge(auth, params.id, body.into) }),
    );
}
