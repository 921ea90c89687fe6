import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { AppNotificationsSchema, MarkNotificationsReadSchema, UnreadCountSchema, limitParam } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { AppNotificationsRepository } from './app-notifications.repository';

/** The caller's own bell: every query is keyed by the session's user, so there is nobody else's row to reach. */
export function appNotificationsRoutes(paths: ZodOpenApiPathsObject, repo: AppNotificationsRepository, now: () => Date): ApiRouter {
  return new ApiRouter('/api/me/notifications', 'Notifiche', paths)
    .get(
      '/',
      {
        summary: 'Le mie notifiche (campanella): le più recenti, il numero di non lette e i ticket con una risposta non letta',
        access: 'signed-in',
        query: z.object({ limit: limitParam(100, 30) }),
        response: AppNotificationsSchema,
      },
      async ({ auth, query }) => {
        const [unread, items, unreadTickets] = await Promise.all([
          repo.unread(auth.user.id),
          repo.list(auth.user.id, query.limit),
          repo.unreadTickets(auth.user.id),
        ]);
        return { unread, items, unreadTickets };
      },
    )
    .post(
      '/read',
      {
        summary: 'Segna come lette alcune notifiche, quelle di un ticket o tutte',
        access: 'signed-in',
        body: MarkNotificationsReadSchema,
        response: UnreadCountSchema,
      },
      async ({ auth, body }) => {
        await repo.markRead(auth.user.id, body, now());
        return { unread: await repo.unread(auth.user.id) };
      },
    );
}
