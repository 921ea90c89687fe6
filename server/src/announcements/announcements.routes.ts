import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  AnnouncementListSchema,
  AnnouncementSchema,
  CreateAnnouncementSchema,
  CurrentAnnouncementsSchema,
  EndAnnouncementSchema,
  rolesFor,
  UpdateAnnouncementSchema,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { AnnouncementsService } from './announcements.service';

const Id = z.object({ id: z.uuid('Avviso non valido.') });

/** The banners every signed-in user reads (and may dismiss). */
export function announcementsRoutes(paths: ZodOpenApiPathsObject, announcements: AnnouncementsService): ApiRouter {
  return new ApiRouter('/api/announcements', 'Avvisi', paths)
    .get(
      '/current',
      {
        summary: 'Gli avvisi in corso per l’utente (non chiusi da lui), con l’istante in cui l’elenco cambia da sé',
        description: 'Un utente di Ente vede gli avvisi per tutti gli Enti e per i propri; il personale CIT quelli indirizzati anche a esso.',
        access: 'signed-in',
        response: CurrentAnnouncementsSchema,
      },
      ({ auth }) => announcements.current(auth),
    )
    .post(
      '/:id/dismiss',
      {
        summary: 'Chiude un avviso per l’utente (non comparirà più per lui)',
        access: 'signed-in',
        params: Id,
        status: 204,
        errors: [404],
      },
      ({ auth, params }) => announcements.dismiss(auth, params.id),
    );
}

/** The admins' management of the banners: publish, change, end early (each change is in the audit log). */
export function announcementsAdminRoutes(paths: ZodOpenApiPathsObject, announcements: AnnouncementsService): ApiRouter {
  const access = rolesFor('announcements.manage');
  return new ApiRouter('/api/admin/announcements', 'Avvisi', paths)
    .get('/', { summary: 'Gli avvisi: prima quelli in corso o programmati, poi i conclusi', access, response: AnnouncementListSchema }, async () => ({
      items: await announcements.list(),
    }))
    .post(
      '/',
      { summary: 'Pubblica un avviso', access, body: CreateAnnouncementSchema, response: AnnouncementSchema, status: 201 },
      (ctx) => announcements.create({ ...auditActor(ctx), userId: ctx.auth.user.id }, ctx.body),
    )
    .put(
      '/:id',
      {
        summary: 'Modifica un avviso',
        description: 'Con la versione letta: se nel frattempo è cambiato, 409.',
        access,
        params: Id,
        body: UpdateAnnouncementSchema,
        response: AnnouncementSchema,
        errors: [404, 409],
      },
      (ctx) => announcements.update(auditActor(ctx), ctx.params.id, ctx.body),
    )
    .post(
      '/:id/end',
      {
        summary: 'Conclude subito un avviso',
        access,
        params: Id,
        body: EndAnnouncementSchema,
        response: AnnouncementSchema,
        errors: [404, 409],
      },
      (ctx) => announcements.end(auditActor(ctx), ctx.params.id, ctx.body.version),
    );
}
