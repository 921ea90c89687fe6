import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  MailboxListSchema,
  MailboxSchema,
  rolesFor,
  SaveMailboxSchema,
  UnassignedMailListSchema,
  UnassignedQuerySchema,
  UnassignedToTicketSchema,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { MailboxesService } from './mailboxes.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

/** The IMAP mailboxes (admins): the secret is write-only, never answered. */
export function mailboxesRoutes(paths: ZodOpenApiPathsObject, service: MailboxesService): ApiRouter {
  const access = rolesFor('mailboxes.manage');
  return new ApiRouter('/api/mailboxes', 'Caselle di posta', paths)
    .get('/', { summary: 'Le caselle IMAP (ordinarie e PEC) da cui arrivano i ticket', access, response: MailboxListSchema }, () => service.list())
    .post(
      '/',
      {
        summary: 'Aggiunge una casella',
        description: 'La password è conservata cifrata e non viene mai restituita (hasSecret dice se è impostata).',
        access,
        body: SaveMailboxSchema,
        response: MailboxSchema,
        status: 201,
      },
      (ctx) => service.create(auditActor(ctx), ctx.body),
    )
    .put(
      '/:id',
      {
        summary: 'Modifica una casella (senza password: resta quella salvata)',
        access,
        params: Id,
        body: SaveMailboxSchema,
        response: MailboxSchema,
        errors: [404, 409],
      },
      (ctx) => service.update(auditActor(ctx), ctx.params.id, ctx.body),
    )
    .delete('/:id', { summary: 'Elimina una casella', access, params: Id, status: 204, errors: [404] }, (ctx) => service.remove(auditActor(ctx), ctx.params.id));
}

/** The messages no Ente or ticket could be matched to: the operators file or discard them. */
export function unassignedMailRoutes(paths: ZodOpenApiPathsObject, service: MailboxesService): ApiRouter {
  const access = rolesFor('unassigned-mail.handle');
  return new ApiRouter('/api/unassigned-mail', 'Posta non assegnata', paths)
    .get(
      '/',
      { summary: 'I messaggi non assegnati (da gestire, o già gestiti)', access, query: UnassignedQuerySchema, response: UnassignedMailListSchema },
      ({ query }) => service.unassigned(query.status),
    )
    .post(
      '/:id/ticket',
      {
        summary: "Apre un ticket dal messaggio per l'Ente e il referente scelti",
        access,
        params: Id,
        body: UnassignedToTicketSchema,
        response: z.object({ ticketId: z.uuid() }),
        status: 201,
        errors: [404, 409],
      },
      (ctx) => service.toTicket(auditActor(ctx), ctx.params.id, ctx.body),
    )
    .post(
      '/:id/discard',
      { summary: 'Scarta il messaggio (resta registrato chi e quando)', access, params: Id, status: 204, errors: [404, 409] },
      (ctx) => service.discard(auditActor(ctx), ctx.params.id),
    );
}
