import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  CATALOG,
  CatalogServiceSchema,
  PriceListSchema,
  PriceListIdSchema,
  QuoteSchema,
  rolesFor,
  ServiceCodeEnum,
  TicketDetailSchema,
  offeredServices,
  priceListFor,
  romeDate,
  intParam,
} from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { priceLists } from '../price-lists/price-lists.loader';
import type { TicketsModule } from '../tickets/tickets.module';
import { quoteForEnte } from './quote';
import { reapplyRequest } from './reapply';

const QuoteQuerySchema = z.object({
  serviceCode: ServiceCodeEnum,
  quantity: intParam('Quantità', 1, 100).default(1),
  variant: z.string().regex(/^[a-z_]{2,30}$/).optional(),
  /** Required for staff and capofila users with several Enti. */
  enteId: z.uuid().optional(),
});

const CatalogSchema = z
  .object({
    services: z.array(CatalogServiceSchema),
    priceLists: z.array(PriceListSchema),
    /** Today in Italy: the wizard applies `offerFor` with this date, not the browser's clock. */
    today: z.iso.date(),
    /** The list in force today and the services it lets an Ente request; the others are shown as not offered. */
    priceListInForce: PriceListIdSchema,
    offered: z.array(ServiceCodeEnum),
  })
  .meta({ id: 'Catalog' });

export function serviceRequestsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, tickets: TicketsModule): ApiRouter {
  const today = () => romeDate(tickets.service.now());
  return new ApiRouter('/api', 'Servizi', paths)
    .get(
      '/catalog',
      {
        summary: 'Catalogo dei servizi e listini delle convenzioni (2021-2025, 2026-2030), con i servizi offerti dal listino in vigore',
        access: 'signed-in',
        response: CatalogSchema,
      },
      async () => {
        const date = today();
        const lists = await priceLists(ds);
        return {
          services: Object.values(CATALOG),
          priceLists: [...lists],
          today: date,
          priceListInForce: priceListFor(date, lists).period,
          offered: offeredServices(date, lists),
        };
      },
    )
    .get(
      '/services/quote',
      {
        summary: 'Anteprima del costo di una richiesta (es. «questa è la Sua 5ª casella PEC: € 20,00 l’anno»)',
        description: 'Lo stesso motore del worker: conta le unità già usate nella convenzione in vigore e applica il listino.',
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        query: QuoteQuerySchema,
        response: QuoteSchema,
        errors: [404],
      },
      async ({ query, auth }) => quoteForEnte(ds, auth, query, tickets.service.now()),
    )
    .post(
      '/tickets/:id/reapply',
      {
        summary: 'Riapplica una richiesta «non applicata» dopo averne corretto la causa',
        description:
          'Cancella il motivo del fallimento e chiede di nuovo al worker di creare il servizio e gli addebiti; il worker ricontrolla listino, convenzione e dati.',
        access: rolesFor('service-request.reapply'),
        params: z.object({ id: z.string() }),
        response: TicketDetailSchema,
        errors: [404, 409],
      },
      async ({ params, auth }) => {
        await reapplyRequest(ds, tickets.service, auth, params.id);
        return tickets.queries.detail(auth, params.id);
      },
    );
}
