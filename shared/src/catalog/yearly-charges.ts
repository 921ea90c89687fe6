import { BusinessRuleError } from '../errors';
import type { EnteKind } from '../enti';
import { assertCount, assertEnte, offeredTariff, type EnteFacts } from './engine';
import { bandFor, isComune, priceListForYear, resolveValue, type PriceList } from './price-lists';
import { residentsOf } from './residents';

/** What an Ente owes every year whatever it requests: the membership quota and the Telemaco usage over its allowance. */

const KIND_LABEL: Record<EnteKind, string> = {
  comune: 'Comune',
  comune_capoluogo: 'capoluogo di Provincia',
  comunita_montana: 'Comunità Montana',
  unione_comuni: 'Unione di Comuni',
  consorzio: 'Consorzio',
  azienda_speciale: 'Azienda Speciale',
  ente_non_territoriale: 'Ente pubblico non territoriale',
};

const thousands = (n: number): string => new Intl.NumberFormat('it-IT', { useGrouping: 'always' }).format(n);

/** The annual membership quota (quota di adesione) of an Ente for a year, with the rule applied in Italian. */
export function membershipQuota(ente: EnteFacts, year: number, lists: readonly PriceList[]): { amountCents: number; rule: string } {
  assertEnte(ente);
  const list = priceListForYear(year, lists);
  const q = list.membershipQuota;
  if (q.fixedKinds.includes(ente.kind)) {
    return { amountCents: q.fixedCents, rule: `Quota fissa per ${KIND_LABEL[ente.kind]} (convenzione ${list.period})` };
  }
  if (q.method === 'recorded') {
    if (isComune(ente.kind) && residentsOf(ente, 'quota') > q.fixedAboveResidents) {
      return {
        amountCents: q.fixedCents,
        rule: `Quota fissa per Comuni oltre ${thousands(q.fixedAboveResidents)} abitanti (convenzione ${list.period})`,
      };
    }
    const recorded = ente.recordedQuota2021Cents;
    if (recorded === undefined || recorded === null) {
      throw new BusinessRuleError(
        `Quota di adesione ${list.period} non registrata per questo Ente: per la convenzione ${list.period} ogni Comune ha un importo registrato, da inserire in anagrafica.`,
      );
    }
    assertCount(recorded, 0, 'Quota registrata');
    return { amountCents: recorded, rule: `Quota registrata per l'Ente (convenzione ${list.period})` };
  }
  const residents = residentsOf(ente, 'quota');
  const band = bandFor(q.bands, residents);
  // Integer arithmetic: 0.175 × 8,757 must round as 1,532.475, not as a binary approximation of it.
  const micro = Math.round(band.coefficient * 1_000_000);
  const euros = Math.round((residents * micro) / 1_000_000);
  const coefficient = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 6 }).format(band.coefficient);
  return {
    amountCents: euros * 100,
    rule: `${thousands(residents)} abitanti × ${coefficient} (fascia ${bandText(q.bands, band)}), arrotondato all'euro`,
  };
}

/** The residents band the quota of `year` goes by («5.001–10.000»); null when the quota is fixed, recorded or not computable. */
export function quotaBand(ente: EnteFacts, year: number, lists: readonly PriceList[]): string | null {
  const q = priceListForYear(year, lists).membershipQuota;
  if (q.method !== 'residents_coefficient' || q.fixedKinds.includes(ente.kind) || ente.residents === null) return null;
  return bandText(q.bands, bandFor(q.bands, ente.residents));
}

function bandText(bands: readonly { upTo: number | null }[], band: { upTo: number | null }): string {
  const i = bands.indexOf(band);
  const previous = i > 0 ? bands[i - 1]?.upTo : null;
  const from = previous === null || previous === undefined ? 0 : previous + 1;
  return band.upTo === null ? `oltre ${thousands(from - 1)}` : `${thousands(from)}–${thousands(band.upTo)}`;
}

/** Telemaco look-ups included in a year, by the list in force that year. */
export function telemacoAllowance(ente: EnteFacts, year: number, lists: readonly PriceList[]): number {
  assertEnte(ente);
  const tariff = offeredTariff(priceListForYear(year, lists), 'telemaco');
  if (!tariff.allowance) return 0;
  return resolveValue(tariff.allowance.amount, ente);
}

/**
 * The charge for a year's look-ups. Pass the year's running total: the half-year statement for
 * July–December is usageCharge(total) minus what January–June already billed.
 */
export function usageCharge(
  ente: EnteFacts,
  year: number,
  lookups: number,
  lists: readonly PriceList[],
): { overAllowance: number; amountCents: number } {
  assertCount(lookups, 0, 'Numero di consultazioni');
  const tariff = offeredTariff(priceListForYear(year, lists), 'telemaco');
  const overAllowance = Math.max(0, lookups - telemacoAllowance(ente, year, lists));
  return { overAllowance, amountCents: overAllowance * (tariff.fees.usageCents ?? 0) };
}
