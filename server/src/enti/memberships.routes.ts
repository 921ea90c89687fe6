import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  MembershipCreateSchema,
  MembershipDeleteSchema,
  MembershipDocumentFormSchema,
  MembershipListSchema,
  MembershipRecordSchema,
  MembershipUpdateSchema,
  rolesFor,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import { AppError, notFound } from '../platform/http/errors';
import { parse } from '../platform/http/validate';
import type { AttachmentStore } from '../tickets/attachments/storage';
import { attachmentUpload, checkUploadedFiles, sendAttachment } from '../tickets/attachments/upload';
import { Ente } from './ente.entity';
import { membershipDocument, membershipsOf } from './memberships.repository';
import { attachMembershipDocument, createMembership, editMembership, removeMembership } from './memberships.service';

const EnteParams = z.object({ id: z.uuid({ error: 'Ente non valido.' }) });
const MembershipParams = EnteParams.extend({ membershipId: z.uuid({ error: 'Adesione non valida.' }) });

export function membershipsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, store: AttachmentStore, maxFileBytes: number): ApiRouter {
  const documentUpload = attachmentUpload({ maxFileBytes, maxFiles: 1, fieldName: 'document', maxFields: 5, spoolDir: store.spoolDir });
  return new ApiRouter('/api/enti', 'Enti – adesioni', paths)
    .get(
      '/:id/memberships',
      {
        summary: 'Adesioni di un Ente alle convenzioni: firmatario, delibera, periodo, pagante, quota registrata, documento',
        access: 'signed-in',
        params: z.object({ id: z.string() }),
        response: MembershipListSchema,
        errors: [404],
      },
      async ({ params, auth }) => {
        const ente = await auth.db.get(Ente, params.id, "L'Ente");
        return { items: await membershipsOf(ds, ente.id) };
      },
    )
    .post(
      '/:id/memberships',
      {
        summary: 'Registra l’adesione di un Ente a una convenzione',
        access: rolesFor('enti.manage'),
        params: EnteParams,
        body: MembershipCreateSchema,
        response: MembershipRecordSchema,
        status: 201,
        errors: [404, 409],
      },
      async (ctx) => createMembership(ds, ctx.params.id, ctx.body, auditActor(ctx)),
    )
    .patch(
      '/:id/memberships/:membershipId',
      {
        summary: 'Modifica un’adesione (campi inviati; `version` letta, altrimenti 409 stale_version)',
        access: rolesFor('enti.manage'),
        params: MembershipParams,
        body: MembershipUpdateSchema,
        response: MembershipRecordSchema,
        errors: [404, 409],
      },
      async (ctx) => editMembership(ds, ctx.params.id, ctx.params.membershipId, ctx.body, auditActor(ctx)),
    )
    .delete(
      '/:id/memberships/:membershipId',
      {
        summary: 'Elimina un’adesione registrata per errore (non se l’Ente ha servizi in quella convenzione)',
        access: rolesFor('enti.manage'),
        params: MembershipParams,
        body: MembershipDeleteSchema,
        errors: [404, 409],
      },
      async (ctx) => removeMembership(ds, ctx.params.id, ctx.params.membershipId, ctx.body.version, auditActor(ctx)),
    )
    .post(
      '/:id/memberships/:membershipId/document',
      {
        summary: 'Carica la convenzione firmata (PDF o .p7m; multipart: `document` e `version`)',
        access: rolesFor('enti.manage'),
        params: MembershipParams,
        before: [documentUpload],
        response: MembershipRecordSchema,
        errors: [404, 409, 413, 415],
      },
      async (ctx) => {
        const { version } = parse(MembershipDocumentFormSchema, ctx.req.body ?? {});
        const [file] = await checkUploadedFiles(ctx.req);
        if (!file) {
          throw new AppError(400, 'file_required', 'Alleghi la convenzione firmata (campo «document»).', {
            fields: [{ path: 'document', message: 'Scelga il file della convenzione firmata.' }],
          });
        }
        return attachMembershipDocument(ds, store, ctx.params.id, ctx.params.membershipId, version, file, auditActor(ctx));
      },
    )
    .get(
      '/:id/memberships/:membershipId/document',
      {
        summary: 'Scarica la convenzione firmata (personale CIT e referenti dell’Ente)',
        access: 'signed-in',
        params: MembershipParams,
        errors: [404],
      },
      async ({ params, auth, res }) => {
        const ente = await auth.db.get(Ente, params.id, "L'Ente");
        const doc = await membershipDocument(ds, ente.id, params.membershipId);
        if (!doc) throw notFound('La convenzione firmata');
        await sendAttachment(res, store, doc);
      },
    );
}
