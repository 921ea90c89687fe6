import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { rolesFor, ThrottleListSchema, UnblockThrottleSchema } from '@cit/shared';
import { ApiRouter } from '../../platform/http/api-router';
import { auditActor, recordChange } from '../../audit/audit-log.repository';
import { notFound } from '../../platform/http/errors';
import type { LoginThrottle } from './login-throttle';

/** The admins' view of who is throttled now, and the way to lift it (issue 19 point 5). */
export function throttleRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, throttle: LoginThrottle): ApiRouter {
  return new ApiRouter('/api/admin/throttle', 'Utenti', paths)
    .get(
      '/',
      {
        summary: 'Indirizzi bloccati e account rallentati adesso',
        description:
          'login_ip e password_ip: indirizzi che superano il limite di tentativi, respinti (429) fino a until; login_account: e-mail su cui ogni tentativo attende delayMs (un account non viene mai bloccato).',
        access: rolesFor('throttle.manage'),
        response: ThrottleListSchema,
      },
      async () => ({ items: await throttle.list() }),
    )
    .post(
      '/unblock',
      {
        summary: 'Sblocca un indirizzo o toglie il rallentamento di un account',
        description: 'L’operazione è nel registro delle modifiche. 404 se non c’era nessun limite attivo.',
        access: rolesFor('throttle.manage'),
        body: UnblockThrottleSchema,
        status: 204,
        errors: [404],
      },
      async (ctx) => {
        const entry = (await throttle.list()).find((e) => e.kind === ctx.body.kind && e.key === ctx.body.key);
        if (!entry || !(await throttle.unblock(ctx.body.kind, ctx.body.key))) throw notFound('Il blocco indicato');
        await recordChange(ds, auditActor(ctx), { entity: 'login_throttle', recordId: `${entry.kind}:${entry.key}`, action: 'delete', before: entry, after: null });
      },
    );
}
