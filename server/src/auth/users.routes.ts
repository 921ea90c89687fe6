import { Router } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { AssignableUserListSchema, CreateUserSchema, UpdateUserSchema, UserListQuerySchema, UserListSchema, UserSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { auditActor } from '../audit/audit-log.repository';
import type { UsersService } from './users.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

/** Account management for admins, and the short list of people a ticket can be assigned to. */
export function usersRoutes(paths: ZodOpenApiPathsObject, users: UsersService): Router {
  const admin = new ApiRouter('/api/admin/users', 'Utenti', paths)
    .get(
      '/',
      {
        summary: 'Utenti, in ordine di nome',
        description: 'Filtri per ruolo e per testo (nome o e-mail). Paginazione a chiave (cursor).',
        access: ['admin'],
        query: UserListQuerySchema,
        response: UserListSchema,
      },
      ({ query }) => users.list(query),
    )
    .post(
      '/',
      {
        summary: 'Crea un utente e gli invia il collegamento per impostare la password',
        description:
          'ente_user: esattamente un Ente; capofila_user: esattamente un Ente con membri (Unione di Comuni, Comunità Montana); supplier_user: il fornitore; personale CIT: né Enti né fornitore. Il collegamento vale 24 ore e funziona una volta.',
        access: ['admin'],
        body: CreateUserSchema,
        response: UserSchema,
        status: 201,
        errors: [409],
      },
      (ctx) => users.create(ctx.body, auditActor(ctx)),
    )
    .patch(
      '/:id',
      {
        summary: 'Modifica un utente; disabled: true lo disabilita subito',
        description: 'Disabilitare chiude subito le sessioni e le connessioni in tempo reale dell’utente. Non si può disabilitare sé stessi né cambiare il proprio ruolo (409).',
        access: ['admin'],
        params: Id,
        body: UpdateUserSchema,
        response: UserSchema,
        errors: [404, 409],
      },
      (ctx) => users.update(ctx.params.id, ctx.body, ctx.auth.user, auditActor(ctx)),
    )
    .post(
      '/:id/invite',
      {
        summary: 'Invia di nuovo il collegamento per impostare la password',
        description: 'I collegamenti inviati prima smettono di funzionare.',
        access: ['admin'],
        params: Id,
        status: 204,
        errors: [404, 409],
      },
      ({ params }) => users.invite(params.id),
    );

  const staff = new ApiRouter('/api/users', 'Utenti', paths).get(
    '/assignable',
    { summary: 'Operatori e amministratori attivi a cui assegnare un ticket', access: ['operator', 'admin', 'approver'], response: AssignableUserListSchema },
    () => users.assignable(),
  );

  const router = Router();
  router.use(admin.router, staff.router);
  return router;
}
