import type { DataSource } from 'typeorm';
import { isBusinessRuleError, priceListFor, quoteRequest, romeDate, type Quote, type ServiceCode } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { Ente } from '../enti/ente.entity';
import { enteFactsFor } from '../enti/ente-facts.repository';
import { enteNames } from '../enti/names.repository';
import { AppError } from '../platform/http/errors';
import { priceLists } from '../price-lists/price-lists.loader';
import { ServiceRecord } from '../service-records/service-record.entity';
import { checkSubmission, refusalResponse } from './offer-check';

export interface QuoteParams {
  enteId?: string | undefined;
  serviceCode: ServiceCode;
  variant?: string | undefined;
  quantity: number;
}

/**
 * The cost preview of a request for an Ente the caller can see (the cost preview route and the request form):
 * the same engine as the worker, counting the units already used in the convention in force.
 */
export async function quoteForEnte(ds: DataSource, auth: AuthContext, params: QuoteParams, at = new Date()): Promise<Quote> {
  const enteId = params.enteId ?? auth.db.soleEnte();
  if (!enteId) throw new AppError(400, 'ente_required', "Indicare l'Ente per cui calcolare il costo.", { fields: [{ path: 'enteId', message: "Scelga l'Ente." }] });
  const ente = await auth.db.get(Ente, enteId, "L'Ente");
  const date = romeDate(at);
  // The preview refuses what the submission would refuse (list in force, membership), with the same message.
  await checkSubmission(ds, { enteId, category: 'activation', serviceCode: params.serviceCode, variant: params.variant ?? null }, at);
  const lists = await priceLists(ds);
  const period = priceListFor(date, lists).period;
  const held = await auth.db
    .select(ServiceRecord, 'r')
    .andWhere('r.ente_id = :enteId AND r.service_code = :code AND r.convention_period = :period', { enteId, code: params.serviceCode, period })
    .getCount();
  const facts = await enteFactsFor(ds, enteId, Number(date.slice(0, 4)));
  try {
    return quoteRequest({
      ente: facts.ente,
      serviceCode: params.serviceCode,
      variant: params.variant ?? null,
      quantity: params.quantity,
      heldInConvention: held,
      date,
      payer: facts.payerId !== enteId ? { enteId: facts.payerId, name: (await enteNames(ds, [facts.payerId])).get(facts.payerId) ?? '' } : null,
    }, lists);
  } catch (err) {
    // The engine refuses what the price list in force does not offer, with an Italian explanation.
    if (isBusinessRuleError(err)) throw refusalResponse(err);
    throw new AppError(409, 'not_offered', err instanceof Error ? err.message : String(err), { ente: ente.name });
  }
}
