import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  CreateEnteSchema,
  EnteDetailSchema,
  EnteVersionSchema,
  MergeEnteSchema,
  MergeMovedSchema,
  MergeResultSchema,
  UpdateEnteSchema,
  rolesFor,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import { EntiAdminService } from './enti-admin.service';
import { loadEnteDetail } from './enti-detail';
import { mergeCounts } from './enti.repository';
import { Ente } from './ente.entity';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

/** The CIT admins keep the Enti current: every write is audited and versioned (409 stale_version). */
export function entiAdminRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, today: () => string): ApiRouter {
  const enti = new EntiAdminService(ds, today);
  const access = rolesFor('enti.manage');
  return new ApiRouter('/api/enti', 'Enti', paths)
    .post(
      '/',
      {
        summary: 'Crea un Ente',
        description:
          'Codice fiscale di 11 cifre con cifra di controllo; codice ISTAT (6 cifre) e codice IPA facoltativi e unici; PEC facoltativa. Con un capofila, `capofilaFrom` (default oggi, non futura) apre il primo periodo della relazione.',
        access,
        body: CreateEnteSchema,
        response: EnteDetailSchema,
        status: 201,
      },
      async (ctx) => loadEnteDetail(ctx.auth, ds, await enti.create(auditActor(ctx), ctx.body)),
    )
    .patch(
      '/:id',
      {
        summary: 'Modifica un Ente (solo i campi inviati) con la versione letta',
        description:
          'Versione non più attuale: 409 stale_version con chi ha modificato l’Ente e quando. Cambiare capofila o chi paga chiude il periodo in vigore il giorno prima di `capofilaFrom` (default oggi) e ne apre uno nuovo da quel giorno.',
        access,
        params: Id,
        body: UpdateEnteSchema,
        response: EnteDetailSchema,
        errors: [404, 409],
      },
      async (ctx) => {
        await enti.update(auditActor(ctx), ctx.params.id, ctx.body);
        return loadEnteDetail(ctx.auth, ds, ctx.params.id);
      },
    )
    .post(
      '/:id/deactivate',
      {
        summary: 'Disattiva un Ente',
        description: 'Resta consultabile con la sua storia; non si può più scegliere per nuovi ticket e richieste.',
        access,
        params: Id,
        body: EnteVersionSchema,
        response: EnteDetailSchema,
        errors: [404, 409],
      },
      async (ctx) => {
        await enti.setActive(auditActor(ctx), ctx.params.id, ctx.body, false);
        return loadEnteDetail(ctx.auth, ds, ctx.params.id);
      },
    )
    .post(
      '/:id/reactivate',
      {
        summary: 'Riattiva un Ente disattivato (non uno fuso in un altro)',
        access,
        params: Id,
        body: EnteVersionSchema,
        response: EnteDetailSchema,
        errors: [404, 409],
      },
      async (ctx) => {
        await enti.setActive(auditActor(ctx), ctx.params.id, ctx.body, true);
        return loadEnteDetail(ctx.auth, ds, ctx.params.id);
      },
    )
    .get(
      '/:id/merge-preview',
      {
        summary: 'Cosa sposterebbe la fusione dell’Ente in un altro (numero di righe per tipo)',
        access,
        params: Id,
        response: MergeMovedSchema,
        errors: [404],
      },
      async ({ params, auth }) => {
        const ente = await auth.db.get(Ente, params.id, "L'Ente");
        return mergeCounts(ds, ente.id);
      },
    )
    .post(
      '/:id/merge',
      {
        summary: 'Fonde l’Ente in un altro dalla data indicata',
        description:
          'In una transazione passano all’Ente di destinazione ticket e richieste di servizio, schede servizio, addebiti (come Ente e come pagatore), questionari e collegamenti degli utenti. Adesioni, abitanti, consultazioni Telemaco e prospetti emessi restano all’Ente fuso come storia; dall’anno della fusione la quota è dovuta dall’Ente di destinazione. L’Ente fuso diventa inattivo e in sola lettura («fuso in … dal …»). Non si fonde un capofila che ha ancora membri (409).',
        access,
        params: Id,
        body: MergeEnteSchema,
        response: MergeResultSchema,
        errors: [404, 409],
      },
      async (ctx) => {
        const moved = await enti.merge(auditActor(ctx), ctx.params.id, ctx.body);
        return { ente: await loadEnteDetail(ctx.auth, ds, ctx.params.id), moved };
      },
    );
}
