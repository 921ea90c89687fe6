import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { CATALOG, CatalogServiceSchema, PRICE_LISTS, PriceListSchema, QuoteSchema, ServiceCodeEnum } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { quoteForEnte } from './quote';

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
      async ({ query, auth }) => quoteForEnte(ds, auth, query),
    );
}
