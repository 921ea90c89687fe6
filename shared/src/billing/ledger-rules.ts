/**
 * The billing rules of the Convenzione (art. 13) as pure functions: which half-year statement lists an entry,
 * when it is due, who pays it and the key that makes writing it twice a no-op. The ledger module on the server
 * is the only writer of billing entries and takes every one of these decisions from here.
 */

const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in Italy: billing years, request dates and end dates are Italian dates. */
export function romeDate(at: Date): string {
  return ROME_DAY.format(at);
}

export const yearOf = (isoDate: string): number => Number(isoDate.slice(0, 4));

/** An ISO date plus whole days, in the calendar (no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** What a billing entry is for: the ledger's kinds. */
export type LedgerKind = 'quota' | 'activation' | 'annual' | 'one_off' | 'usage';

/** New annual services and one-off activations are due within 90 days of the request (art. 13.6, 13.14-16). */
export const NEW_SERVICE_DUE_DAYS = 90;

export type DueRule =
  /** The annual membership quota of `year`: by 31 March. */
  | { kind: 'quota'; year: number }
  /** The fee of a service already running on 1 January of `year` (a renewal): by 31 March, as the quota. */
  | { kind: 'renewal'; year: number }
  /** Activation, one-off or first-year fee of a service requested on `requestDate`: within 90 days. */
  | { kind: 'new_service'; requestDate: string }
  /** Usage over the allowance, billed with the half-year statement: by 31 July for H1, by 31 January for H2. */
  | { kind: 'usage'; year: number; half: 1 | 2 };

/** The due date of a billing entry (Convenzione 2021-2025 art. 13; the 2026-2030 convention keeps the same terms). */
export function dueDate(rule: DueRule): string {
  switch (rule.kind) {
    case 'quota':
    case 'renewal':
      return `${rule.year}-03-31`;
    case 'new_service':
      return addDays(rule.requestDate, NEW_SERVICE_DUE_DAYS);
    case 'usage':
      return rule.half === 1 ? `${rule.year}-07-31` : `${rule.year + 1}-01-31`;
  }
}

/** The half-year whose statement lists an entry dated `isoDate` (a renewal or a quota, dated 1 January, is in H1). */
export function halfOf(isoDate: string): 1 | 2 {
  return Number(isoDate.slice(5, 7)) <= 6 ? 1 : 2;
}

/** The Ente that pays for another: the capofila when the membership says it pays for its member, else the Ente itself. */
export function payerOf(ente: { id: string; capofilaId: string | null; capofilaPays: boolean }): string {
  return ente.capofilaPays && ente.capofilaId ? ente.capofilaId : ente.id;
}

/** Idempotency keys: one entry per record, kind and year; per Ente and year for quotas; per Ente, year and half for usage. */
export const sourceKey = {
  record: (recordId: string, kind: 'activation' | 'annual' | 'one_off', year: number): string => `record:${recordId}:${kind}:${year}`,
  quota: (enteId: string, year: number): string => `quota:${enteId}:${year}`,
  usage: (service: string, enteId: string, year: number, half: 1 | 2): string => `usage:${service}:${enteId}:${year}:${half}`,
};
