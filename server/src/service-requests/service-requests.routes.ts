import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  CATALOG,
  CatalogServiceSchema,
  PRICE_LISTS,
  PriceListSchema,
  QuoteSchema,
  ServiceCodeEnum,
  priceListFor,
  romeDate,
  quoteRequest,
} from '@cit/shared';
import { Ente } from '../enti/ente.entity';
import { enteNames } from '../enti/names';
import { AppError } from '../platform/http/errors';
import { ApiRouter } from '../platform/http/api-router';
import { ServiceRecord } from '../service-records/service-record.entity';
import { enteFactsFor } from '../enti/ente-facts.repository';

const QuoteQuerySchema = z.object({
  serviceCode: ServiceCodeEnum,
  quantity: z.coerce.number().int().min(1).max(100).default(1),
  variant: z.string().regex(/^[a-z_]{2,30}$/).optional(),
  /** Required for staff and capofila users with several Enti. */
  enteId: z.uuid().optional(),
});

export function serviceRequestsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api', 'Servizi', paths)
    .get(
      '/catalog',
      {
        summary: 'Catalogo dei servizi e listini delle convenzioni (2021-2025, 2026-2030)',
        access: 'signed-in',
        response: z.object({ services: z.array(CatalogServiceSchema), priceLists: z.array(PriceListSchema) }).meta({ id: 'Catalog' }),
      },
      async () => ({ services: Object.values(CATALOG), priceLists: [...PRICE_LISTS] }),
    )
    .get(
      '/services/quote',
      {
        summary: 'Anteprima del costo di una richiesta (es. «questa è la tua 5ª casella PEC: € 20,00 l’anno»)',
        description: 'Lo stesso motore del worker: conta le unità già usate nella convenzione in vigore e applica il listino.',
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        query: QuoteQuerySchema,
        response: QuoteSchema,
        errors: [404],
      },
      async ({ query, auth }) => {
        const enteId = query.enteId ?? auth.db.soleEnte();
        if (!enteId) throw new AppError(400, 'ente_required', "Indicare l'Ente per cui calcolare il costo.");
        const ente = await auth.db.get(Ente, enteId, "L'Ente");
        const date = romeDate(new Date());
        const period = priceListFor(date).period;
        const held = await auth.db
          .select(ServiceRecord, 'r')
          .andWhere('r.ente_id = :enteId AND r.service_code = :code AND r.convention_period = :period', { enteId, code: query.serviceCode, period })
          .getCount();
        const facts = await enteFactsFor(ds, enteId, Number(date.slice(0, 4)));
        try {
          return quoteRequest({
            ente: facts.ente,
            serviceCode: query.serviceCode,
            variant: query.variant ?? null,
            quantity: query.quantity,
            heldInConvention: held,
            date,
            payer: facts.payerId !== enteId ? { enteId: facts.payerId, name: (await enteNames(ds, [facts.payerId])).get(facts.payerId) ?? '' } : null,
          });
        } catch (err) {
          // The engine refuses what the price list in force does not offer, with an Italian explanation.
          throw new AppError(409, 'not_offered', err instanceof Error ? err.message : String(err), { ente: ente.name });
        }
      },
    );
}
