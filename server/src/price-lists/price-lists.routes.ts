import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  CreatePriceListVersionSchema,
  PriceListPreviewQuerySchema,
  PriceListPreviewSchema,
  PriceListVersionListSchema,
  PriceListVersionSchema,
  PublishPriceListVersionSchema,
  UpdatePriceListVersionSchema,
  rolesFor,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { PriceListsService } from './price-lists.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

/** Versions of the price lists: the admin drafts one by copying, edits it, previews its effect and publishes it. */
export function priceListsRoutes(paths: ZodOpenApiPathsObject, service: PriceListsService): ApiRouter {
  const access = rolesFor('price-lists.manage');
  return new ApiRouter('/api/admin/price-lists', 'Listini', paths)
    .get(
      '/',
      {
        summary: 'Versioni dei listini (bozze e pubblicate), con quella in vigore oggi e da quando ciascuna è sostituita',
        access,
        response: PriceListVersionListSchema,
      },
      async () => ({ items: await service.list() }),
    )
    .get(
      '/:id',
      { summary: 'Una versione del listino con servizi, modalità, gratuità, fasce, prezzi e quota', access, params: Id, response: PriceListVersionSchema },
      ({ params }) => service.get(params.id),
    )
    .post(
      '/',
      {
        summary: 'Crea una bozza copiando una versione, con la sua data di decorrenza',
        description: 'La data di decorrenza deve cadere nel periodo della convenzione del listino copiato.',
        access,
        body: CreatePriceListVersionSchema,
        response: PriceListVersionSchema,
        status: 201,
      },
      (ctx) => service.create(ctx.body, auditActor(ctx)),
    )
    .put(
      '/:id',
      {
        summary: 'Salva una bozza (listino completo e data di decorrenza)',
        description: 'Una versione pubblicata non si modifica (409); una versione letta prima di un’altra modifica risponde 409 con la modifica altrui.',
        access,
        params: Id,
        body: UpdatePriceListVersionSchema,
        response: PriceListVersionSchema,
        errors: [409],
      },
      (ctx) => service.update(ctx.params.id, ctx.body, auditActor(ctx)),
    )
    .post(
      '/:id/publish',
      {
        summary: 'Pubblica una bozza: dalla sua data di decorrenza sostituisce la versione precedente dello stesso periodo',
        access,
        params: Id,
        body: PublishPriceListVersionSchema,
        response: PriceListVersionSchema,
        errors: [409],
      },
      (ctx) => service.publish(ctx.params.id, ctx.body.version, auditActor(ctx)),
    )
    .get(
      '/:id/preview',
      {
        summary: "Effetto della versione sulle quote di adesione e sui rinnovi del 1° gennaio, Ente per Ente (prima e dopo)",
        description: "Per default l'anno successivo a oggi o, se più tardi, l'anno di decorrenza.",
        access,
        params: Id,
        query: PriceListPreviewQuerySchema,
        response: PriceListPreviewSchema,
      },
      ({ params, query }) => service.preview(params.id, query.year),
    );
}
