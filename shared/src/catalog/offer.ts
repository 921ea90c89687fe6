import { CATALOG, SERVICE_CODES, type ServiceCode } from './catalog';
import { priceListFor, tariffFor, type PriceListId, type PriceList } from './price-lists';

/** Whether the price list in force on a date lets an Ente request a service (and variant); the refusal names the list. */
export type Offer =
  | { ok: true; priceList: PriceListId }
  | { ok: false; priceList: PriceListId | null; field: 'serviceCode' | 'variant'; message: string };

/**
 * The rule of the price list in force on `date` (YYYY-MM-DD) for a new activation: the same answer for the
 * wizard (which hides what is not offered), the submission, the approval and the worker.
 */
export function offerFor(date: string, serviceCode: ServiceCode, variant: string | null | undefined, lists: readonly PriceList[]): Offer {
  let list: PriceList;
  try {
    list = priceListFor(date, lists);
  } catch (err) {
    return { ok: false, priceList: null, field: 'serviceCode', message: err instanceof Error ? err.message : String(err) };
  }
  const service = CATALOG[serviceCode];
  const refuse = (field: 'serviceCode' | 'variant', message: string): Offer => ({ ok: false, priceList: list.period, field, message });
  if (!service.requestable) {
    return refuse('serviceCode', `Il servizio «${service.name}» non si attiva con una richiesta: è compreso nella convenzione.`);
  }
  const tariff = tariffFor(list, serviceCode);
  if (!tariff) return refuse('serviceCode', `Il servizio «${service.name}» non è previsto dal listino ${list.period}.`);
  if (service.variants.length === 0) {
    return variant ? refuse('variant', `Il servizio «${service.name}» non prevede modalità (ricevuto «${variant}»).`) : { ok: true, priceList: list.period };
  }
  const chosen = service.variants.find((v) => v.code === variant);
  if (!chosen) {
    const options = service.variants.map((v) => `«${v.code}» (${v.label})`).join(' o ');
    return refuse('variant', `Per il servizio «${service.name}» indichi la modalità: ${options}.`);
  }
  // A list that prices variants separately offers only the variants it prices.
  if (tariff.variants && !tariff.variants[chosen.code]) {
    return refuse('variant', `Il servizio «${service.name}» ${chosen.label} non è previsto dal listino ${list.period}.`);
  }
  return { ok: true, priceList: list.period };
}

/** The services an Ente can request on a date, in catalogue order (the wizard's picker). */
export function offeredServices(date: string, lists: readonly PriceList[]): ServiceCode[] {
  const variantsOf = (code: ServiceCode) => (CATALOG[code].variants.length ? CATALOG[code].variants.map((v) => v.code) : [null]);
  return SERVICE_CODES.filter((code) => CATALOG[code].requestable && variantsOf(code).some((v) => offerFor(date, code, v, lists).ok));
}
