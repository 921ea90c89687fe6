import { z } from 'zod';
import { BusinessRuleError } from '../errors';
import { type EnteKind } from '../enti';
import { CATALOG, ServiceCodeEnum, type CatalogService, type ServiceCode } from './catalog';
import { formatEuro } from './money';
import {
  PriceListIdSchema,
  assertIsoDate,
  priceListFor,
  priceListForYear,
  resolveValue,
  tariffFor,
  type PriceList,
  type ServiceTariff,
  type TariffFees,
} from './price-lists';
import type { ResidentsFacts } from './residents';

/**
 * What the tariffs need to know about an Ente; residents are those at 31/12 of the year before the one priced,
 * null when that year is not recorded (a rule that needs them refuses, see `residentsOf`).
 */
export interface EnteFacts extends ResidentsFacts {
  kind: EnteKind;
  /** The 2021-2025 quota recorded for a Comune (it was computed from 2013 data and cannot be derived). */
  recordedQuota2021Cents?: number | null;
}

export const FEE_TYPES = ['annual', 'one_off', 'usage', 'none'] as const;
export const FeeTypeSchema = z.enum(FEE_TYPES).meta({ id: 'FeeType' });
export type FeeType = z.infer<typeof FeeTypeSchema>;

export const BillingLineKindSchema = z.enum(['activation', 'annual', 'one_off']).meta({ id: 'BillingLineKind' });
export type BillingLineKind = z.infer<typeof BillingLineKindSchema>;

export const BillingLinePlanSchema = z
  .object({
    kind: BillingLineKindSchema,
    year: z.number().int(),
    /** Position of the unit in the convention (5 for the 5th PEC box). */
    unitIndex: z.number().int().min(1),
    amountCents: z.number().int().min(0),
    description: z.string(),
    /** The Ente that pays when it is not the one served (a capofila paying for a member); null otherwise. */
    payerEnteId: z.string().nullable(),
  })
  .meta({ id: 'BillingLinePlan' });
export type BillingLinePlan = z.infer<typeof BillingLinePlanSchema>;

export const QuoteUnitSchema = z
  .object({
    index: z.number().int().min(1),
    free: z.boolean(),
    reason: z.string(),
    /** The full yearly fee of this unit for the service record and the renewals (not pro-rated); null when none. */
    annualCents: z.number().int().min(0).nullable(),
  })
  .meta({ id: 'QuoteUnit' });
export type QuoteUnit = z.infer<typeof QuoteUnitSchema>;

export const QuoteSchema = z
  .object({
    priceList: PriceListIdSchema,
    serviceCode: ServiceCodeEnum,
    variant: z.string().nullable(),
    feeType: FeeTypeSchema,
    units: z.array(QuoteUnitSchema),
    /** Billing entries for the request year only; later years come from the yearly renewal. */
    lines: z.array(BillingLinePlanSchema),
    /** What the request costs in the request year. */
    totalCents: z.number().int().min(0),
    summary: z.string(),
    payer: z.object({ enteId: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof QuoteSchema>;

export interface QuoteRequest {
  ente: EnteFacts;
  serviceCode: ServiceCode;
  variant?: string | null;
  /** Units requested, at least 1. */
  quantity: number;
  /** Units of this service the Ente already has or had in the current convention: they use up the allowance first. */
  heldInConvention: number;
  /** Request date YYYY-MM-DD: picks the price list and the billing year. */
  date: string;
  payer?: { enteId: string; name: string } | null;
}

// ---------------------------------------------------------------------------------------------

export function assertCount(value: number, min: number, what: string): void {
  if (!Number.isInteger(value) || value < min) throw new BusinessRuleError(`${what} non valido: ${value} (serve un intero ≥ ${min}).`);
}

export function assertEnte(ente: EnteFacts): void {
  if (ente.residents !== null) assertCount(ente.residents, 0, 'Numero di abitanti');
}

export function offeredTariff(list: PriceList, code: ServiceCode): ServiceTariff {
  const tariff = tariffFor(list, code);
  if (!tariff) throw new BusinessRuleError(`Il servizio «${CATALOG[code].name}» non è previsto dal listino ${list.period}.`, 'serviceCode');
  return tariff;
}

/** The fees of one variant: the variant's own fees replace the common ones field by field. */
function feesFor(tariff: ServiceTariff, service: CatalogService, variant: string | null | undefined, required = true): TariffFees {
  const known = service.variants.map((v) => v.code);
  if (known.length === 0) {
    if (variant) throw new BusinessRuleError(`Il servizio «${service.name}» non prevede varianti (ricevuto «${variant}»).`, 'variant');
    return tariff.fees;
  }
  // Renewals may not know the variant of an old record; only the activation depends on it.
  if (!variant && !required) return tariff.fees;
  if (!variant || !known.includes(variant)) {
    const options = service.variants.map((v) => `«${v.code}» (${v.label})`).join(' o ');
    throw new BusinessRuleError(`Per il servizio «${service.name}» indichi la modalità: ${options}.`, 'variant');
  }
  return { ...tariff.fees, ...tariff.variants?.[variant] };
}

export function feeTypeOf(fees: TariffFees): FeeType {
  if (fees.annual) return 'annual';
  if (fees.oneOffCents !== undefined || fees.activationCents !== undefined) return 'one_off';
  if (fees.usageCents !== undefined) return 'usage';
  return 'none';
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const ordinal = (n: number, feminine: boolean): string => `${n}${feminine ? 'ª' : '°'}`;
const agree = (feminine: boolean, f: string, m: string): string => (feminine ? f : m);
const quantityText = (n: number): string => new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 }).format(n);

/** Months left in the year from the request month, that month included. */
function monthsLeft(date: string): number {
  return 12 - Number(date.slice(5, 7)) + 1;
}

interface UnitCharge {
  activation: number;
  oneOff: number;
  /** The yearly rate for this unit (what later years cost). */
  annualRate: number;
  /** What the request year costs (pro-rated when the tariff says so). */
  annualThisYear: number;
}

/**
 * A unit is covered by the allowance for the part of it that fits: an allowance of 0.5 GB covers
 * half of the first GB, so that GB costs half. Integer allowances cover whole units only.
 */
function coveredShare(index: number, allowance: number | null): number {
  if (allowance === null) return 0;
  return Math.min(1, Math.max(0, allowance - (index - 1)));
}

function chargeFor(fees: TariffFees, ente: EnteFacts, share: number, date: string): UnitCharge {
  const due = 1 - share;
  const of = (v: TariffFees['oneOffCents']): number => (v === undefined ? 0 : Math.round(resolveValue(v, ente) * due));
  const annualRate = of(fees.annual?.amountCents);
  const annualThisYear = fees.annual?.proRata ? Math.round((annualRate * monthsLeft(date)) / 12) : annualRate;
  return { activation: of(fees.activationCents), oneOff: of(fees.oneOffCents), annualRate, annualThisYear };
}

function chargeText(c: UnitCharge, year: number): string {
  const parts: string[] = [];
  if (c.activation > 0) parts.push(`${formatEuro(c.activation)} di attivazione`);
  if (c.oneOff > 0) parts.push(`${formatEuro(c.oneOff)} una tantum`);
  if (c.annualRate > 0) {
    const rate = `${formatEuro(c.annualRate)} l'anno`;
    parts.push(c.annualThisYear === c.annualRate ? rate : `${rate} (${formatEuro(c.annualThisYear)} per il ${year})`);
  }
  return parts.join(' + ');
}

const sameCharge = (a: UnitCharge, b: UnitCharge): boolean =>
  a.activation === b.activation && a.oneOff === b.oneOff && a.annualRate === b.annualRate && a.annualThisYear === b.annualThisYear;

/**
 * Every function takes the price lists last: the published versions the server read from the database
 * (validated with PriceListSchema), never constants in code.
 *
 * Prices an activation request: which units the convention covers, the billing entries of the
 * request year for the others, and the Italian one-liner of the cost preview.
 */
export function quoteRequest(input: QuoteRequest, lists: readonly PriceList[]): Quote {
  const { ente, serviceCode, quantity, heldInConvention, date } = input;
  assertIsoDate(date);
  assertEnte(ente);
  assertCount(quantity, 1, 'Quantità');
  assertCount(heldInConvention, 0, 'Numero di unità già attive');
  const service = CATALOG[serviceCode];
  if (!service.requestable) throw new BusinessRuleError(`Il servizio «${service.name}» non si attiva con una richiesta: è compreso nella convenzione.`, 'serviceCode');
  const list = priceListFor(date, lists);
  const tariff = offeredTariff(list, serviceCode);
  const variant = input.variant ?? null;
  const fees = feesFor(tariff, service, variant);
  const feeType = feeTypeOf(fees);
  const year = Number(date.slice(0, 4));
  const payer = input.payer ?? null;
  const payerEnteId = payer?.enteId ?? null;
  const { unit } = service;
  const fem = unit.feminine;

  // A yearly allowance (Telemaco look-ups) is consumed by usage, not by activated units.
  const conventionAllowance = tariff.allowance?.per === 'convention' ? resolveValue(tariff.allowance.amount, ente) : null;
  const one = conventionAllowance === 1;
  const howMany = conventionAllowance === null ? '' : quantityText(conventionAllowance);
  // "Oltre le 4 caselle comprese" / "Oltre 1 GB compreso"; "(4 caselle gratuite)" / "(3 kit gratuiti)".
  const beyondWords = one
    ? `1 ${unit.shortSingular} ${agree(fem, 'compresa', 'compreso')}`
    : `${agree(fem, 'le', 'i')} ${howMany} ${unit.shortPlural} ${agree(fem, 'comprese', 'compresi')}`;
  const freeWords = one
    ? `1 ${unit.shortSingular} ${agree(fem, 'gratuita', 'gratuito')}`
    : `${howMany} ${unit.shortPlural} ${agree(fem, 'gratuite', 'gratuiti')}`;

  const units: QuoteUnit[] = [];
  const lines: BillingLinePlan[] = [];
  const charges: { index: number; charge: UnitCharge }[] = [];
  const label = `${service.name} n.`;

  for (let i = 1; i <= quantity; i++) {
    const index = heldInConvention + i;
    const share = coveredShare(index, conventionAllowance);
    const charge = chargeFor(fees, ente, share, date);
    const costs = charge.activation + charge.oneOff + charge.annualThisYear;
    if (costs === 0) {
      const reason =
        conventionAllowance !== null && share > 0
          ? `${agree(fem, 'Compresa', 'Compreso')} nella convenzione (${freeWords})`
          : feeType === 'usage'
            ? usageReason(tariff, ente, fees)
            : 'Compreso nella quota annuale di adesione';
      units.push({ index, free: true, reason, annualCents: null });
      continue;
    }
    units.push({
      index,
      free: false,
      annualCents: charge.annualRate > 0 ? charge.annualRate : null,
      reason:
        conventionAllowance === null
          ? 'Servizio a pagamento, non compreso nella convenzione'
          : share > 0
            ? `In parte oltre ${beyondWords}`
            : `Oltre ${beyondWords}`,
    });
    charges.push({ index, charge });
    const variantLabel = service.variants.find((v) => v.code === variant)?.label;
    const what = `${label} ${index}${variantLabel ? ` ${variantLabel}` : ''}`;
    if (charge.activation > 0)
      lines.push({ kind: 'activation', year, unitIndex: index, amountCents: charge.activation, description: `${what} – attivazione`, payerEnteId });
    if (charge.oneOff > 0)
      lines.push({ kind: 'one_off', year, unitIndex: index, amountCents: charge.oneOff, description: `${what} – una tantum`, payerEnteId });
    if (charge.annualThisYear > 0) {
      const months = monthsLeft(date);
      const period = fees.annual?.proRata && months < 12 ? ` (${months} mesi, da ${pad2(13 - months)}/${year})` : '';
      lines.push({
        kind: 'annual',
        year,
        unitIndex: index,
        amountCents: charge.annualThisYear,
        description: `${what} – canone ${year}${period}`,
        payerEnteId,
      });
    }
  }

  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  const summary = summarize({ service, tariff, fees, feeType, ente, units, charges, totalCents, year, variant, quantity });
  return {
    priceList: list.period,
    serviceCode,
    variant,
    feeType,
    units,
    lines,
    totalCents,
    summary: payer && payer.name.trim() && totalCents > 0 ? `${summary} (a carico di ${payer.name.trim()})` : summary,
    payer,
  };
}

function usageReason(tariff: ServiceTariff, ente: EnteFacts, fees: TariffFees): string {
  const included = tariff.allowance ? resolveValue(tariff.allowance.amount, ente) : 0;
  const over = fees.usageCents === undefined ? '' : `, poi ${formatEuro(fees.usageCents)} ciascuna`;
  return `Attivazione compresa: ${quantityText(included)} consultazioni l'anno incluse${over}`;
}

function summarize(q: {
  service: CatalogService;
  tariff: ServiceTariff;
  fees: TariffFees;
  feeType: FeeType;
  ente: EnteFacts;
  units: QuoteUnit[];
  charges: { index: number; charge: UnitCharge }[];
  totalCents: number;
  year: number;
  variant: string | null;
  quantity: number;
}): string {
  const { service, units, charges, year } = q;
  const { unit } = service;
  const fem = unit.feminine;
  const variantLabel = service.variants.find((v) => v.code === q.variant)?.label;
  const name = variantLabel ? `${service.name} ${variantLabel}` : service.name;
  const counted = q.tariff.allowance?.per === 'convention';

  if (q.feeType === 'usage') {
    return `${name}: ${usageReason(q.tariff, q.ente, q.fees).replace(/^Attivazione compresa: /, '')}`;
  }
  if (charges.length === 0) {
    const first = units[0];
    if (counted && first && units.length === 1) {
      return `${agree(fem, 'Compresa', 'Compreso')} nella convenzione: ${ordinal(first.index, fem)} ${unit.singular} ${agree(fem, 'gratuita', 'gratuito')}`;
    }
    if (counted) {
      return `${agree(fem, 'Comprese', 'Compresi')} nella convenzione: ${units.length} ${unit.plural} ${agree(fem, 'gratuite', 'gratuiti')}`;
    }
    return `${name}: compreso nella quota annuale di adesione`;
  }

  const first = charges[0];
  if (first && q.quantity === 1) {
    const text = chargeText(first.charge, year);
    return counted
      ? `${agree(fem, 'Questa è la Sua', 'Questo è il Suo')} ${ordinal(first.index, fem)} ${unit.singular}: ${text}`
      : `${name}: ${text}`;
  }

  const free = units.filter((u) => u.free).length;
  const uniform = charges.every((c) => first !== undefined && sameCharge(c.charge, first.charge));
  const each = uniform && first ? `${chargeText(first.charge, year)} ${agree(fem, 'ciascuna', 'ciascuno')}` : 'importi diversi';
  const total = `totale ${year}: ${formatEuro(q.totalCents)}`;
  if (!counted) return `${name} × ${q.quantity}: ${each}; ${total}`;
  const firstUnit = units[0];
  const lastUnit = units[units.length - 1];
  const range =
    firstUnit && lastUnit
      ? ` (${agree(fem, 'dalla', 'dal')} ${ordinal(firstUnit.index, fem)} ${agree(fem, 'alla', 'al')} ${ordinal(lastUnit.index, fem)})`
      : '';
  const freePart = free > 0 ? `${free} ${free === 1 ? agree(fem, 'compresa', 'compreso') : agree(fem, 'comprese', 'compresi')} nella convenzione, ` : '';
  return `${q.quantity} ${unit.plural}${range}: ${freePart}${charges.length} a pagamento, ${each}; ${total}`;
}

// ---------------------------------------------------------------------------------------------

/**
 * The yearly fee of one charged unit in a year, for the 1 January renewal (e.g. a 2026 PEC box
 * beyond the allowance: € 20). Null when the service has no annual fee in that year's list,
 * including when that list no longer offers the service at all.
 */
export function annualFeeFor(
  serviceCode: ServiceCode,
  variant: string | null | undefined,
  ente: EnteFacts,
  year: number,
  lists: readonly PriceList[],
): number | null {
  assertEnte(ente);
  const tariff = tariffFor(priceListForYear(year, lists), serviceCode);
  if (!tariff) return null;
  const fees = feesFor(tariff, CATALOG[serviceCode], variant, false);
  return fees.annual ? resolveValue(fees.annual.amountCents, ente) : null;
}
