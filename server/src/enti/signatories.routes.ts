import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { EnteSignatoryCreateSchema, EnteSignatoryListSchema, EnteSignatorySchema, rolesFor } from '@cit/shared';
import { auditActor, recordChange } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import { AppError, notFound } from '../platform/http/errors';
import { Ente } from './ente.entity';
import { deleteSignatory, insertSignatory, signatoriesOf } from './signatories.repository';

const EnteParams = z.object({ id: z.uuid({ error: 'Ente non valido.' }) });

/** The people an Ente declares as authorised to sign its request forms (issue 20); every change is audited. */
export function signatoriesRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/enti', 'Enti – firmatari autorizzati', paths)
    .get(
      '/:id/signatories',
      {
        summary: "Persone autorizzate a firmare i moduli di richiesta dell'Ente (oltre al firmatario della convenzione)",
        access: 'signed-in',
        params: z.object({ id: z.string() }),
        response: EnteSignatoryListSchema,
        errors: [404],
      },
      async ({ params, auth }) => {
        const ente = await auth.db.get(Ente, params.id, "L'Ente");
        return { items: await signatoriesOf(ds, ente.id) };
      },
    )
    .post(
      '/:id/signatories',
      {
        summary: 'Aggiunge un firmatario autorizzato (nome, codice fiscale, ruolo)',
        access: rolesFor('enti.manage'),
        params: EnteParams,
        body: EnteSignatoryCreateSchema,
        response: EnteSignatorySchema,
        status: 201,
        errors: [404, 409],
      },
      async (ctx) => {
        const ente = await ctx.auth.db.get(Ente, ctx.params.id, "L'Ente");
        const actor = auditActor(ctx);
        return ds.transaction(async (tx) => {
          const after = await insertSignatory(tx, ente.id, ctx.body, actor.userId);
          if (!after) throw new AppError(409, 'signatory_exists', "La persona è già tra i firmatari autorizzati dell'Ente.", { fields: [{ path: 'fiscalCode', message: 'Codice fiscale già presente.' }] });
          await recordChange(tx, actor, { entity: 'ente_signatories', recordId: after.id, action: 'create', before: null, after: { enteId: ente.id, ...after } });
          return after;
        });
      },
    )
    .delete(
      '/:id/signatories/:signatoryId',
      {
        summary: 'Toglie un firmatario autorizzato',
        access: rolesFor('enti.manage'),
        params: EnteParams.extend({ signatoryId: z.uuid({ error: 'Firmatario non valido.' }) }),
        errors: [404],
      },
      async (ctx) => {
        const ente = await ctx.auth.db.get(Ente, ctx.params.id, "L'Ente");
        const actor = auditActor(ctx);
        await ds.transaction(async (tx) => {
          const before = await deleteSignatory(tx, ente.id, ctx.params.signatoryId);
          if (!before) throw notFound('Il firmatario');
          await recordChange(tx, actor, { entity: 'ente_signatories', recordId: before.id, action: 'delete', before: { enteId: ente.id, ...before }, after: null });
        });
      },
    );
}
