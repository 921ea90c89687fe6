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
  ContractsDashboardSchema,
  ServiceRecordListQuerySchema,
  ServiceRecordListSchema,
  priceListFor,
  quoteRequest,
  resolveValue,
  type ServiceRecordList,
} from '@cit/shared';
import { Ente } from '../enti/ente.entity';
import { enteNames } from '../enti/names';
import { AppError } from '../platform/http/errors';
import { ApiRouter } from '../platform/http/api-router';
import { ServiceRecord } from './service-record.entity';
import { enteFactsFor, romeDate } from './apply';
import { contractsDashboard } from './contracts';

const QuoteQuerySchema = z.object({
  serviceCode: ServiceCodeEnum,
  quantity: z.coerce.number().int().min(1).max(100).default(1),
  variant: z.string().regex(/^[a-z_]{2,30}$/).optional(),
  /** Required for staff and capofila users with several Enti. */
  enteId: z.uuid().optional(),
});

export function servicesRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
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
    )
    .get(
      '/services/contracts',
      {
        summary: 'Contratti: scaduti negli ultimi 30 giorni, in scadenza a 7/30 giorni, in finestra di disdetta (31 dicembre) a 7/30 giorni',
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        response: ContractsDashboardSchema,
      },
      async ({ auth }) => contractsDashboard(ds, auth),
    )
    .get(
      '/services/records',
      {
        summary: "Servizi attivi dell'Ente con l'uso delle gratuità della convenzione («PEC: 3 di 4 gratuite»)",
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        query: ServiceRecordListQuerySchema,
        response: ServiceRecordListSchema,
        errors: [404],
      },
      async ({ query, auth }): Promise<ServiceRecordList> => {
        // The allowance use below reads the Ente's facts unscoped: an Ente out of scope must be a 404 like a missing one.
        if (query.enteId) await auth.db.get(Ente, query.enteId, "L'Ente");
        const today = romeDate(new Date());
        const qb = auth.db.select(ServiceRecord, 'r').orderBy('r.service_code').addOrderBy('r.unit_index').addOrderBy('r.id').limit(5000);
        if (query.enteId) qb.andWhere('r.ente_id = :enteId', { enteId: query.enteId });
        if (query.serviceCode) qb.andWhere('r.service_code = :code', { code: query.serviceCode });
        const all = await qb.getMany();
        const active = (r: ServiceRecord) => r.endsOn === null || r.endsOn >= today;
        const items = query.status === 'active' ? all.filter(active) : all;
        const names = await enteNames(ds, items.flatMap((r) => [r.enteId, r.payerEnteId]));
        const ref = (id: string) => ({ id, name: names.get(id) ?? '—' });

        // Allowance use is per Ente; shown when the list is about one Ente.
        const usage: ServiceRecordList['usage'] = [];
        const enteId = query.enteId ?? auth.db.soleEnte();
        if (enteId) {
          const list = priceListFor(today);
          const facts = await enteFactsFor(ds, enteId, Number(today.slice(0, 4)));
          const inPeriod = all.filter((r) => r.enteId === enteId && r.conventionPeriod === list.period);
          for (const tariff of list.services) {
            const records = inPeriod.filter((r) => r.serviceCode === tariff.serviceCode);
            if (records.length === 0 && tariff.allowance?.per !== 'convention') continue;
            const allowance = tariff.allowance?.per === 'convention' ? Math.floor(resolveValue(tariff.allowance.amount, facts.ente)) : null;
            usage.push({ serviceCode: tariff.serviceCode, used: records.length, allowance, active: records.filter(active).length });
          }
        }
        return {
          items: items.map((r) => ({
            id: r.id,
            ente: ref(r.enteId),
            payer: ref(r.payerEnteId),
            serviceCode: r.serviceCode,
            variant: r.variant,
            unitIndex: r.unitIndex,
            unitLabel: r.unitLabel,
            conventionPeriod: r.conventionPeriod,
            requestTicketId: r.requestTicketId,
            requestDate: r.requestDate,
            protocol: r.protocol,
            referentName: r.referentName,
            referentEmail: r.referentEmail,
            feeType: r.feeType,
            free: r.free,
            freeReason: r.freeReason,
            startsOn: r.startsOn,
            endsOn: r.endsOn,
            annualCents: r.annualCents,
            vatStatus: r.vatStatus,
            cancellationProtocol: r.cancellationProtocol,
            active: active(r),
          })),
          usage,
        };
      },
    );
}
