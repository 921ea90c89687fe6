import { Router } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { ActiveSessionListSchema, EndedSessionsSchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { auditActor } from '../audit/audit-log.repository';
import { destroySession, SESSION_COOKIE } from './session';
import type { SessionsService } from './sessions.service';

// Unknown or malformed ids are answered 404 by the service.
const SessionId = z.object({ id: z.string().max(100) });
const UserId = z.object({ id: z.string().max(100) });

/** Each user's own sessions, and an admin's view of someone else's (issue 19 point 6). */
export function sessionsRoutes(paths: ZodOpenApiPathsObject, sessions: SessionsService): Router {
  const own = new ApiRouter('/api/auth/sessions', 'Autenticazione', paths)
    .get(
      '/',
      {
        summary: 'Le mie sessioni aperte',
        description: 'Dispositivo, indirizzo, accesso e ultima attività di ogni sessione; current indica quella di questa richiesta.',
        access: 'signed-in',
        response: ActiveSessionListSchema,
      },
      async ({ req, auth }) => ({ items: await sessions.list(auth.user.id, req.sessionID) }),
    )
    .delete(
      '/',
      {
        summary: 'Chiude tutte le mie altre sessioni',
        description: 'La sessione di questa richiesta resta aperta.',
        access: 'signed-in',
        response: EndedSessionsSchema,
      },
      ({ req, auth }) => sessions.endAll(auth.user.id, req.sessionID),
    )
    .delete(
      '/:id',
      {
        summary: 'Chiude una delle mie sessioni',
        description: 'Se è quella di questa richiesta equivale all’uscita.',
        access: 'signed-in',
        params: SessionId,
        status: 204,
        errors: [404],
      },
      async ({ req, res, params, auth }) => {
        const ended = await sessions.endOne(auth.user.id, params.id);
        if (ended.wasCurrent(req.sessionID)) {
          await destroySession(req);
          res.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      },
    );

  const admin = new ApiRouter('/api/admin/users', 'Utenti', paths)
    .get(
      '/:id/sessions',
      { summary: 'Sessioni aperte di un utente', access: rolesFor('sessions.manage'), params: UserId, response: ActiveSessionListSchema, errors: [404] },
      async ({ params }) => ({ items: await sessions.list(params.id) }),
    )
    .delete(
      '/:id/sessions',
      {
        summary: 'Chiude tutte le sessioni di un utente',
        description: 'Chiude anche le connessioni in tempo reale; l’operazione è nel registro delle modifiche.',
        access: rolesFor('sessions.manage'),
        params: UserId,
        response: EndedSessionsSchema,
        errors: [404],
      },
      (ctx) => sessions.endAllByAdmin(ctx.params.id, auditActor(ctx)),
    );

  const router = Router();
  router.use(own.router, admin.router);
  return router;
}
