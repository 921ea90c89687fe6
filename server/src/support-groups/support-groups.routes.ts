import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { CreateSupportGroupSchema, rolesFor, SupportGroupDtoSchema, SupportGroupListSchema, UpdateSupportGroupSchema } from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import { SupportGroupsService } from './support-groups.service';

const Key = z.object({ key: z.string() });

export function supportGroupsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  const groups = new SupportGroupsService(ds);
  return new ApiRouter('/api/support-groups', 'Gruppi di supporto', paths)
    .get(
      '/',
      {
        summary: 'I gruppi di supporto con i loro membri, e quelli di cui fa parte chi chiama',
        access: rolesFor('views.use'),
        response: SupportGroupListSchema,
      },
      (ctx) => groups.list(ctx.auth.user.id),
    )
    .post(
      '/',
      {
        summary: 'Crea un gruppo di supporto (codice stabile, nome, membri)',
        description: 'Codice o nome già usati: 400 sul campo. I membri sono operatori, approvatori o amministratori attivi.',
        access: rolesFor('support-groups.manage'),
        body: CreateSupportGroupSchema,
        response: SupportGroupDtoSchema,
        status: 201,
      },
      (ctx) => groups.create(auditActor(ctx), ctx.body),
    )
    .patch(
      '/:key',
      {
        summary: 'Modifica un gruppo (nome, attivo, membri) con la versione letta',
        description: 'Un gruppo disattivato non riceve nuovi ticket ma tiene i suoi. Versione non più attuale: 409.',
        access: rolesFor('support-groups.manage'),
        params: Key,
        body: UpdateSupportGroupSchema,
        response: SupportGroupDtoSchema,
        errors: [404, 409],
      },
      (ctx) => groups.update(auditActor(ctx), ctx.params.key, ctx.body),
    );
}
