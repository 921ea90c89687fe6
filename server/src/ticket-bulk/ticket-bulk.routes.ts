import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { BulkTicketRequestSchema, BulkTicketResultSchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { TicketBulkService } from './ticket-bulk.service';

export function ticketBulkRoutes(paths: ZodOpenApiPathsObject, bulk: TicketBulkService): ApiRouter {
  return new ApiRouter('/api/tickets', 'Ticket', paths).post(
    '/bulk',
    {
      summary: 'Azione su più ticket insieme: assegnazione, gruppo, stato, seguito, risposta predefinita, unione',
      description:
        'Fino a 500 ticket; ciascuno nella propria transazione, come con l’azione singola (cronologia, e-mail, eventi in tempo reale). Risponde 200 con l’esito per ticket: chi non ha potuto cambiare e perché.',
      access: rolesFor('tickets.bulk'),
      body: BulkTicketRequestSchema,
      response: BulkTicketResultSchema,
      errors: [404],
    },
    ({ auth, body }) => bulk.run(auth, body),
  );
}
