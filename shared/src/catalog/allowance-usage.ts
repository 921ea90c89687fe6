import type { EnteFacts } from './engine';
import { resolveValue, type PriceList, type Value } from './price-lists';
import { isMissingResidentsError } from './residents';

/** Units of one service an Ente holds in the convention of `list`: every unit requested, and those still in force. */
export interface HeldUnits {
  serviceCode: string;
  used: number;
  active: number;
}

export interface AllowanceUse extends HeldUnits {
  /** Free units per convention; null when the service has none, or when it depends on residents not yet recorded. */
  allowance: number | null;
}

/** The convention allowance of a tariff for this Ente; unknown (null) while the residents it depends on are missing. */
export function allowanceFor(amount: Value, ente: EnteFacts): number | null {
  try {
    return Math.floor(resolveValue(amount, ente));
  } catch (err) {
    if (isMissingResidentsError(err)) return null;
    throw err;
  }
}

/**
 * «PEC: 3 di 4 gratuite usate»: for every service of the price list in force, what the Ente has used of its
 * convention allowance. Services with a per-convention allowance are always listed (0 used is worth knowing);
 * the others only when the Ente holds units of them. Units are counted over the whole convention, ended ones
 * included, because the allowance is per convention (a box closed in 2027 still used one of the free ones).
 */
export function allowanceUsage(list: PriceList, ente: EnteFacts, held: readonly HeldUnits[]): AllowanceUse[] {
  const byCode = new Map(held.map((h) => [h.serviceCode, h]));
  const usage: AllowanceUse[] = [];
  for (const tariff of list.services) {
    const units = byCode.get(tariff.serviceCode) ?? { serviceCode: tariff.serviceCode, used: 0, active: 0 };
    const perConvention = tariff.allowance?.per === 'convention' ? tariff.allowance : null;
    if (units.used === 0 && !perConvention) continue;
    usage.push({ ...units, serviceCode: tariff.serviceCode, allowance: perConvention ? allowanceFor(perConvention.amount, ente) : null });
  }
  return usage;
}
