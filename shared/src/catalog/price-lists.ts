import { z } from 'zod';
import { BusinessRuleError } from '../errors';
import { EnteKindSchema, type EnteKind } from '../enti';
import { ServiceCodeEnum, type ServiceCode } from './catalog';
import { residentsOf, type ResidentsFacts } from './residents';

export const PRICE_LIST_IDS = ['2021-2025', '2026-2030'] as const;
export const PriceListIdSchema = z.enum(PRICE_LIST_IDS).meta({ id: 'PriceListId' });
export type PriceListId = z.infer<typeof PriceListIdSchema>;

const cents = z.number().int().min(0);

/** One residents band: applies up to `upTo` residents inclusive; the last band is open (`upTo: null`). */
export const ResidentsBandSchema = z
  .object({ upTo: z.number().int().min(0).nullable(), value: z.number().min(0) })
  .meta({ id: 'ResidentsBand' });
export type ResidentsBand = z.infer<typeof ResidentsBandSchema>;

/** Ascending and closed by an open band, so every population falls in exactly one band. */
function bandsAreOrdered(bands: readonly { upTo: number | null }[]): boolean {
  let previous = -1;
  return bands.every((b, i) => {
    const last = i === bands.length - 1;
    if (b.upTo === null) return last;
    if (last || b.upTo <= previous) return false;
    previous = b.upTo;
    return true;
  });
}
const BANDS_MESSAGE = 'Le fasce di abitanti vanno in ordine crescente e l’ultima deve essere aperta (upTo: null).';

/**
 * A value that depends on who the Ente is. Comuni (the capoluogo included) go by residents at
 * 31/12 of the previous year; every other kind takes `otherKinds` unless `byKind` names it.
 */
export const ScaledValueSchema = z
  .object({
    comuni: z.array(ResidentsBandSchema).min(1).refine(bandsAreOrdered, BANDS_MESSAGE),
    otherKinds: z.number().min(0),
    byKind: z.partialRecord(EnteKindSchema, z.number().min(0)).optional(),
  })
  .meta({ id: 'ScaledValue' });
export type ScaledValue = z.infer<typeof ScaledValueSchema>;

/** A plain number when every Ente gets the same. */
export const ValueSchema = z.union([z.number().min(0), ScaledValueSchema]).meta({ id: 'TariffValue' });
export type Value = z.infer<typeof ValueSchema>;
/** Same shape, in euro cents (bands of cents must be whole too). */
export const CentsValueSchema = ValueSchema.refine(
  (v) =>
    typeof v === 'number'
      ? Number.isInteger(v)
      : Number.isInteger(v.otherKinds) &&
        v.comuni.every((b) => Number.isInteger(b.value)) &&
        Object.values(v.byKind ?? {}).every((x) => Number.isInteger(x)),
  'Gli importi sono in centesimi interi.',
).meta({ id: 'CentsValue' });

export const AllowanceSchema = z
  .object({
    /** `convention`: units counted over the whole convention (PEC boxes); `year`: renewed every 1 January (Telemaco look-ups). */
    per: z.enum(['convention', 'year']),
    amount: ValueSchema,
  })
  .meta({ id: 'Allowance' });
export type Allowance = z.infer<typeof AllowanceSchema>;

/** Every fee applies per unit beyond the allowance. */
export const TariffFeesSchema = z
  .object({
    /** Charged once when the unit is activated. */
    activationCents: CentsValueSchema.optional(),
    /** Per calendar year while the unit is active; renewed every 1 January. */
    annual: z
      .object({
        amountCents: CentsValueSchema,
        /** Charge only the months left in the activation year (the current month included). */
        proRata: z.boolean().default(false),
      })
      .optional(),
    /** Charged once, with no upkeep (a signature kit, a package of SMS). */
    oneOffCents: CentsValueSchema.optional(),
    /** Per use beyond the yearly allowance, billed in the half-year statement. */
    usageCents: cents.optional(),
  })
  .meta({ id: 'TariffFees' });
export type TariffFees = z.infer<typeof TariffFeesSchema>;

export const ServiceTariffSchema = z
  .object({
    serviceCode: ServiceCodeEnum,
    /** Null when nothing is included: every unit is charged. */
    allowance: AllowanceSchema.nullable(),
    fees: TariffFeesSchema,
    /** Fees that differ by variant (pagoPA activation via Regione or via a partner) override `fees`. */
    variants: z.record(z.string(), TariffFeesSchema.partial()).optional(),
    /** The wording of the source document, shown next to the price. */
    note: z.string(),
  })
  .meta({ id: 'ServiceTariff' });
export type ServiceTariff = z.infer<typeof ServiceTariffSchema>;

const fixedKinds = z.array(EnteKindSchema);

export const QuotaRuleSchema = z
  .discriminatedUnion('method', [
    z.object({
      /** 2026-2030: residents × the coefficient of the Ente's band (whole population at one coefficient), rounded to the euro. */
      method: z.literal('residents_coefficient'),
      bands: z
        .array(z.object({ upTo: z.number().int().min(0).nullable(), coefficient: z.number().min(0) }))
        .min(1)
        .refine(bandsAreOrdered, BANDS_MESSAGE),
      fixedCents: cents,
      fixedKinds,
    }),
    z.object({
      /** 2021-2025: each Comune keeps the amount recorded for it (computed in 2015 from 2013 data). */
      method: z.literal('recorded'),
      fixedCents: cents,
      fixedKinds,
      /** Comuni above this many residents pay the fixed amount too. */
      fixedAboveResidents: z.number().int().min(0),
    }),
  ])
  .meta({ id: 'QuotaRule' });
export type QuotaRule = z.infer<typeof QuotaRuleSchema>;

const isoDate = z.iso.date();

export const PriceListSchema = z
  .object({
    /** The convention period, as in Membership.period. */
    period: PriceListIdSchema,
    name: z.string(),
    startsOn: isoDate,
    endsOn: isoDate,
    /**
     * The day this version takes over from the previous version of the same period (a version of 2026-2030
     * effective 2028-01-01 leaves 2026 and 2027 to the earlier one). Absent: `startsOn`. Set from the database.
     */
    effectiveFrom: isoDate.optional(),
    source: z.string(),
    membershipQuota: QuotaRuleSchema,
    services: z.array(ServiceTariffSchema),
  })
  .refine((p) => p.startsOn <= p.endsOn, { path: ['endsOn'], message: 'Il listino termina prima di iniziare.' })
  .refine((p) => p.effectiveFrom === undefined || (p.startsOn <= p.effectiveFrom && p.effectiveFrom <= p.endsOn), {
    path: ['effectiveFrom'],
    message: 'La data di decorrenza deve cadere nel periodo della convenzione.',
  })
  .refine((p) => new Set(p.services.map((s) => s.serviceCode)).size === p.services.length, {
    path: ['services'],
    message: 'Ogni servizio compare una sola volta nel listino.',
  })
  .meta({ id: 'PriceList' });
export type PriceList = z.infer<typeof PriceListSchema>;


/** Throws on anything but a real calendar date written YYYY-MM-DD. */
export function assertIsoDate(date: string): void {
  if (!isoDate.safeParse(date).success) throw new Error(`Data non valida: «${date}» (formato atteso AAAA-MM-GG).`);
}

const italianDate = (iso: string): string => iso.split('-').reverse().join('/');

export const effectiveFrom = (p: PriceList): string => p.effectiveFrom ?? p.startsOn;

/**
 * The price list in force on a date (YYYY-MM-DD): among the published versions whose period covers the date,
 * the one with the latest effective date not after it. `lists` are the published versions, from the database.
 */
export function priceListFor(date: string, lists: readonly PriceList[]): PriceList {
  assertIsoDate(date);
  // ISO dates compare correctly as strings.
  let list: PriceList | undefined;
  for (const p of lists) {
    if (p.startsOn <= date && date <= p.endsOn && effectiveFrom(p) <= date && (!list || effectiveFrom(p) > effectiveFrom(list))) list = p;
  }
  if (list) return list;
  const covered = lists.map((p) => `${italianDate(p.startsOn)}–${italianDate(p.endsOn)}`).join(', ');
  throw new BusinessRuleError(`Nessun listino in vigore il ${italianDate(date)}: i listini caricati coprono ${covered}.`);
}

/** Price lists cover whole calendar years, so 1 January stands for the year. */
export function priceListForYear(year: number, lists: readonly PriceList[]): PriceList {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`Anno non valido: ${year}.`);
  return priceListFor(`${year}-01-01`, lists);
}

/** Undefined when the list does not offer the service (e.g. pagoPA in 2026-2030). */
export function tariffFor(list: PriceList, code: ServiceCode): ServiceTariff | undefined {
  return list.services.find((s) => s.serviceCode === code);
}

export function isComune(kind: EnteKind): boolean {
  return kind === 'comune' || kind === 'comune_capoluogo';
}

/** Resolves a tariff value for an Ente: bands by residents for Comuni, by kind for everyone else. */
export function resolveValue(value: Value, ente: ResidentsFacts & { kind: EnteKind }): number {
  if (typeof value === 'number') return value;
  if (!isComune(ente.kind)) return value.byKind?.[ente.kind] ?? value.otherKinds;
  return bandFor(value.comuni, residentsOf(ente, 'prices')).value;
}

/** The band a population falls in; bands are validated to end with an open one. */
export function bandFor<B extends { upTo: number | null }>(bands: readonly B[], residents: number): B {
  if (!Number.isInteger(residents) || residents < 0) throw new BusinessRuleError(`Numero di abitanti non valido: ${residents}.`);
  const band = bands.find((b) => b.upTo === null || residents <= b.upTo);
  if (!band) throw new Error('Fasce di abitanti incomplete: manca la fascia aperta finale.');
  return band;
}
