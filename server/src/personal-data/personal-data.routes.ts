import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { PseudonymisedSchema, RetentionRunListSchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { auditActor } from '../audit/audit-log.repository';
import { retentionRuns } from './personal-data.repository';
import type { PersonalDataService } from './personal-data.service';

// A malformed id is answered 404 by the service, like an unknown one.
const UserId = z.object({ id: z.string().max(100) });

/** GDPR duties for the admins (issue 19 point 7): export, pseudonymisation, retention reports. */
export function personalDataRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, service: PersonalDataService): Router {
  const users = new ApiRouter('/api/admin/users', 'Utenti', paths)
    .get(
      '/:id/export',
      {
        summary: 'Esporta i dati personali di un utente (zip)',
        description:
          'Per rispondere a una richiesta di accesso (art. 15 GDPR): dati.json con account, ticket, messaggi, storico, allegati, servizi di cui è referente, e-mail ricevute, modifiche fatte; in file/ gli allegati caricati ancora conservati. Registrato nel registro delle modifiche.',
        access: rolesFor('personal-data.manage'),
        params: UserId,
        errors: [404],
      },
      (ctx) => service.export(ctx.params.id, ctx.res, auditActor(ctx)),
    )
    .post(
      '/:id/pseudonymise',
      {
        summary: 'Pseudonimizza un utente che ha lasciato l’ente',
        description:
          'Nome ed e-mail sostituiti ovunque (account, servizi di cui era referente, e-mail inviate); ticket e storico restano. L’account è disabilitato, sessioni e collegamenti chiusi. Irreversibile; registrato nel registro delle modifiche. 409 su sé stessi o se già fatto.',
        access: rolesFor('personal-data.manage'),
        params: UserId,
        response: PseudonymisedSchema,
        errors: [404, 409],
      },
      (ctx) => service.pseudonymise(ctx.params.id, ctx.auth.user.id, auditActor(ctx)),
    );

  const retention = new ApiRouter('/api/admin/retention', 'Utenti', paths).get(
    '/',
    {
      summary: 'Resoconti della conservazione dei file (ultimi 30 giorni)',
      description: 'Ogni notte i documenti d’identità e i moduli firmati oltre i tempi di conservazione vengono eliminati; qui cosa è stato eliminato ogni giorno.',
      access: rolesFor('personal-data.manage'),
      response: RetentionRunListSchema,
    },
    async () => ({
      items: (await retentionRuns(ds, 30)).map((r) => ({ runOn: r.runOn, finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null, report: r.report })),
    }),
  );

  const router = Router();
  router.use(users.router, retention.router);
  return router;
}
