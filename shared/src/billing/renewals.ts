import { z } from 'zod';
import { CATALOG, SERVICE_CODES, type ServiceCode } from '../catalog/catalog';
import type { EnteFacts } from '../catalog/engine';
import { formatEuro } from '../catalog/money';
import { priceListForYear, resolveValue, tariffFor, type PriceList } from '../catalog/price-lists';

/**
 * The 1 January renewal (DOMAIN.md, "Yearly renewal"): every annual unit active on 1 January of `year` is re-priced
 * with the price list, allowance and membership in force that day — not with the fee frozen at its activation.
 * The same decisions feed the December preview, the e-mail to the Enti and the renewal job, so they cannot differ.
 */

export const RenewalEndReasonSchema = z.enum(['not_offered', 'no_membership']).meta({ id: 'RenewalEndReason' });
export type RenewalEndReason = z.infer<typeof RenewalEndReasonSchema>;

/** Why a unit renews at what it costs: inside the new allowance (€ 0), at the new price, or offered with no yearly fee. */
export const RenewalPriceReasonSchema = z.enum(['allowance', 'price', 'no_fee']).meta({ id: 'RenewalPriceReason' });
export type RenewalPriceReason = z.infer<typeof RenewalPriceReasonSchema>;

/** An annual record as the renewal needs it. Records of other fee types are passed through and ignored. */
export interface RenewalRecord {
  recordId: string;
  serviceCode: string;
  variant: string | null;
  unitIndex: number;
  unitLabel: string | null;
  conventionPeriod: string;
  feeType: string;
}

export interface RenewalEnteInput {
  ente: EnteFacts;
  /** The Ente has signed the convention in force on 1 January of the year. */
  member: boolean;
  /** Its records active on 1 January of the year (cancelled ones end on 31 December and are not here). */
  records: readonly RenewalRecord[];
  /**
   * Units per service already numbered in the new convention by records outside this renewal (activated after
   * 1 January, before the job ran): they keep the free units they were given, renewed units come after them.
   */
  heldInNewPeriod?: Readonly<Record<string, number>>;
}

export type RenewalDecision =
  | {
      action: 'renew';
      recordId: string;
      serviceCode: string;
      unitLabel: string | null;
      /** The unit's place in the convention in force (renumbered from 1 when a new convention starts). */
      conventionPeriod: string;
      unitIndex: number;
      free: boolean;
      reason: RenewalPriceReason;
      /** The year's fee (0 inside the allowance). */
      amountCents: number;
      /** Italian, for the record's free_reason and the e-mail. */
      note: string;
      /** The billing entry's description (unused when the amount is 0). */
      description: string;
    }
  | {
      action: 'end';
      recordId: string;
      serviceCode: string;
      unitLabel: string | null;
      unitIndex: number;
      /** 31 December of the year before. */
      endsOn: string;
      reason: RenewalEndReason;
      note: string;
    };

const nameOf = (code: string): string => (SERVICE_CODES as readonly string[]).includes(code) ? CATALOG[code as ServiceCode].name : code;

/** The share of unit `index` covered by an allowance (0.5 GB covers half of the first GB), as in the activation quote. */
function coveredShare(index: number, allowance: number | null): number {
  if (allowance === null) return 0;
  return Math.min(1, Math.max(0, allowance - (index - 1)));
}

/**
 * The decision for every annual unit of one Ente in `year`. A new convention period restarts the allowance: the
 * units held on 1 January are counted in their old order (period, then unit number), so the first N fill it.
 */
export function planRenewal(input: RenewalEnteInput, year: number, lists: readonly PriceList[]): RenewalDecision[] {
  const list = priceListForYear(year, lists);
  const endsOn = `${year - 1}-12-31`;
  const annual = input.records
    .filter((r) => r.feeType === 'annual')
    .slice()
    .sort((a, b) =>
      a.serviceCode !== b.serviceCode
        ? a.serviceCode.localeCompare(b.serviceCode)
        : a.conventionPeriod !== b.conventionPeriod
          ? a.conventionPeriod.localeCompare(b.conventionPeriod)
          : a.unitIndex - b.unitIndex || a.recordId.localeCompare(b.recordId),
    );
  const nextIndex = new Map<string, number>();
  return annual.map((r): RenewalDecision => {
    const base = { recordId: r.recordId, serviceCode: r.serviceCode, unitLabel: r.unitLabel };
    const service = nameOf(r.serviceCode);
    if (!input.member) {
      return {
        ...base,
        action: 'end',
        unitIndex: r.unitIndex,
        endsOn,
        reason: 'no_membership',
        note: `L'Ente non ha aderito alla convenzione ${list.period}: «${service}» non si rinnova e cessa il ${italian(endsOn)}.`,
      };
    }
    const tariff = (SERVICE_CODES as readonly string[]).includes(r.serviceCode) ? tariffFor(list, r.serviceCode as ServiceCode) : undefined;
    if (!tariff) {
      return {
        ...base,
        action: 'end',
        unitIndex: r.unitIndex,
        endsOn,
        reason: 'not_offered',
        note: `Il servizio «${service}» non è previsto dal listino ${list.period}: non si rinnova e cessa il ${italian(endsOn)}.`,
      };
    }
    let unitIndex = r.unitIndex;
    if (r.conventionPeriod !== list.period) {
      const next = (nextIndex.get(r.serviceCode) ?? input.heldInNewPeriod?.[r.serviceCode] ?? 0) + 1;
      nextIndex.set(r.serviceCode, next);
      unitIndex = next;
    }
    // Only the activation depends on the variant; a variant the new list does not price falls back to the common fees.
    const fees = { ...tariff.fees, ...(r.variant ? tariff.variants?.[r.variant] : undefined) };
    const allowance = tariff.allowance?.per === 'convention' ? resolveValue(tariff.allowance.amount, input.ente) : null;
    const rate = fees.annual ? resolveValue(fees.annual.amountCents, input.ente) : 0;
    const share = coveredShare(unitIndex, allowance);
    const amountCents = Math.round(rate * (1 - share));
    const what = `${service} n. ${unitIndex}${r.unitLabel ? ` (${r.unitLabel})` : ''}`;
    const reason: RenewalPriceReason = share > 0 && amountCents < rate ? 'allowance' : rate === 0 ? 'no_fee' : 'price';
    const note =
      reason === 'allowance' && amountCents === 0
        ? `${freeWords(r.serviceCode, allowance ?? 0, list.period)}: rinnovo senza costi.`
        : reason === 'allowance'
          ? `In parte compreso nella convenzione ${list.period}: ${formatEuro(amountCents)} per il ${year}.`
          : reason === 'no_fee'
            ? `Nessun canone annuale nel listino ${list.period}.`
            : `Canone ${year} del listino ${list.period}: ${formatEuro(amountCents)}.`;
    return {
      ...base,
      action: 'renew',
      conventionPeriod: list.period,
      unitIndex,
      free: amountCents === 0,
      reason,
      amountCents,
      note,
      description: `Canone ${year} – ${what}`,
    };
  });
}

// Built once: constructing an Intl formatter costs far more than formatting, and the renewal formats per unit.
const COUNT = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 });
const formatCount = (n: number): string => COUNT.format(n);

/** "Compresa nella convenzione 2026-2030 (4 caselle gratuite)", agreeing with the service's unit noun. */
function freeWords(code: string, allowance: number, period: string): string {
  const unit = (SERVICE_CODES as readonly string[]).includes(code) ? CATALOG[code as ServiceCode].unit : null;
  const fem = unit?.feminine ?? false;
  const noun = unit ? (allowance === 1 ? unit.shortSingular : unit.shortPlural) : 'unità';
  const free = allowance === 1 ? (fem ? 'gratuita' : 'gratuito') : fem ? 'gratuite' : 'gratuiti';
  return `${fem ? 'Compresa' : 'Compreso'} nella convenzione ${period} (${formatCount(allowance)} ${noun} ${free})`;
}
const italian = (iso: string): string => iso.split('-').reverse().join('/');

// ---------------------------------------------------------------------------------------------
// The December preview: per Ente, what renews at what amount and what ends and why.

const Ref = z.object({ id: z.uuid(), name: z.string() });

const YEAR_MESSAGE = 'Anno non valido: indichi l’anno del rinnovo (es. 2026).';
/** Whether a price list is in force on its 1 January is for the server to say: the lists are in the database. */
const renewalYear = (year: z.ZodNumber) => year.int({ error: YEAR_MESSAGE }).min(1000, { error: YEAR_MESSAGE }).max(9999, { error: YEAR_MESSAGE });

export const RenewalPreviewQuerySchema = z.object({
  year: renewalYear(z.coerce.number({ error: YEAR_MESSAGE })),
  enteId: z.uuid({ error: 'Ente non valido.' }).optional(),
});
export type RenewalPreviewQuery = z.infer<typeof RenewalPreviewQuerySchema>;

export const RenewalPreviewUnitSchema = z
  .object({
    recordId: z.uuid(),
    serviceCode: z.string(),
    unitLabel: z.string().nullable(),
    /** The unit's number in the convention it will be in (renumbered when a new convention starts). */
    unitIndex: z.number().int(),
    action: z.enum(['renew', 'end']),
    reason: z.union([RenewalPriceReasonSchema, RenewalEndReasonSchema]),
    /** The year's fee when it renews; null when it ends. */
    amountCents: z.number().int().min(0).nullable(),
    endsOn: z.iso.date().nullable(),
    note: z.string(),
  })
  .meta({ id: 'RenewalPreviewUnit' });
export type RenewalPreviewUnit = z.infer<typeof RenewalPreviewUnitSchema>;

export const RenewalPreviewEnteSchema = z
  .object({
    ente: Ref,
    member: z.boolean(),
    units: z.array(RenewalPreviewUnitSchema),
    renewCount: z.number().int(),
    endCount: z.number().int(),
    amountCents: z.number().int(),
  })
  .meta({ id: 'RenewalPreviewEnte' });
export type RenewalPreviewEnte = z.infer<typeof RenewalPreviewEnteSchema>;

export const RenewalPreviewSchema = z
  .object({
    year: z.number().int(),
    priceList: z.string(),
    enti: z.array(RenewalPreviewEnteSchema),
    totals: z.object({ renewCount: z.number().int(), freeCount: z.number().int(), endCount: z.number().int(), amountCents: z.number().int() }),
  })
  .meta({ id: 'RenewalPreview' });
export type RenewalPreview = z.infer<typeof RenewalPreviewSchema>;

export const RenewalNoticeRequestSchema = z.object({ year: renewalYear(z.number({ error: YEAR_MESSAGE })) });
export const RenewalNoticeResponseSchema = z.object({ year: z.number().int(), queued: z.boolean() }).meta({ id: 'RenewalNoticeResponse' });

/** The preview line of one decision. */
export function previewUnit(d: RenewalDecision): RenewalPreviewUnit {
  return d.action === 'renew'
    ? { recordId: d.recordId, serviceCode: d.serviceCode, unitLabel: d.unitLabel, unitIndex: d.unitIndex, action: 'renew', reason: d.reason, amountCents: d.amountCents, endsOn: null, note: d.note }
    : { recordId: d.recordId, serviceCode: d.serviceCode, unitLabel: d.unitLabel, unitIndex: d.unitIndex, action: 'end', reason: d.reason, amountCents: null, endsOn: d.endsOn, note: d.note };
}

/** Per-Ente and overall totals of a preview. */
export function previewOf(year: number, rows: ReadonlyArray<{ ente: { id: string; name: string }; member: boolean; decisions: readonly RenewalDecision[] }>, lists: readonly PriceList[]): RenewalPreview {
  const enti = rows.map((r): RenewalPreviewEnte => {
    const units = r.decisions.map(previewUnit);
    return {
      ente: r.ente,
      member: r.member,
      units,
      renewCount: units.filter((u) => u.action === 'renew').length,
      endCount: units.filter((u) => u.action === 'end').length,
      amountCents: units.reduce((s, u) => s + (u.amountCents ?? 0), 0),
    };
  });
  const all = enti.flatMap((e) => e.units);
  return {
    year,
    priceList: priceListForYear(year, lists).period,
    enti,
    totals: {
      renewCount: all.filter((u) => u.action === 'renew').length,
      freeCount: all.filter((u) => u.action === 'renew' && u.amountCents === 0).length,
      endCount: all.filter((u) => u.action === 'end').length,
      amountCents: enti.reduce((s, e) => s + e.amountCents, 0),
    },
  };
}
