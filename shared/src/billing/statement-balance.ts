/**
 * The balance of a half-year statement, as at the last day of its half-year. Entries are collected in full
 * (accounting.ts), so a payment is an entry's amount on the day it was collected.
 *
 *   carried     = what the payer still owed at the start of the half-year, of earlier half-years' entries
 *   charges     = the half-year's own entries (the statement's lines)
 *   payments    = what was collected up to the end of the half-year and was not already out of `carried`
 *   outstanding = carried + charges − payments = what is still owed at the end of the half-year
 *
 * Defined so that one statement's `outstanding` is the next one's `carried`: the figures of consecutive
 * statements always chain, whatever order entries were collected in (an entry paid before its own half-year
 * started counts as paid in that half-year).
 */
export interface BalanceEntry {
  year: number;
  half: 1 | 2;
  amountCents: number;
  /** The day the entry was collected (ISO date), null while it is still owed. */
  collectedOn: string | null;
}

export interface StatementBalance {
  carriedCents: number;
  chargesCents: number;
  paymentsCents: number;
  outstandingCents: number;
}

export interface HalfYear {
  year: number;
  half: 1 | 2;
}

const index = (p: HalfYear) => p.year * 2 + (p.half - 1);
export const halfYearStart = (p: HalfYear) => (p.half === 1 ? `${p.year}-01-01` : `${p.year}-07-01`);
export const halfYearEnd = (p: HalfYear) => (p.half === 1 ? `${p.year}-06-30` : `${p.year}-12-31`);

export function statementBalance(entries: Iterable<BalanceEntry>, period: HalfYear): StatementBalance {
  const at = index(period);
  const start = halfYearStart(period);
  const end = halfYearEnd(period);
  let carriedCents = 0;
  let chargesCents = 0;
  let paymentsCents = 0;
  for (const e of entries) {
    const i = index(e);
    if (i > at) continue; // a later half-year's entry belongs to a later statement
    if (i < at) {
      if (e.collectedOn !== null && e.collectedOn < start) continue; // settled before this half-year began
      carriedCents += e.amountCents;
    } else {
      chargesCents += e.amountCents;
    }
    if (e.collectedOn !== null && e.collectedOn <= end) paymentsCents += e.amountCents;
  }
  return { carriedCents, chargesCents, paymentsCents, outstandingCents: carriedCents + chargesCents - paymentsCents };
}
