/** Dates, periods and labels of the half-year statements, as the CIT writes them in its documents. */

export type Half = 1 | 2;

export interface StatementPeriod {
  year: number;
  half: Half;
}

/** Payable by July for January–June and by January of the next year for July–December (DOMAIN.md). */
export function statementDueOn({ year, half }: StatementPeriod): string {
  return half === 1 ? `${year}-07-31` : `${year + 1}-01-31`;
}

/** "1° gennaio – 30 giugno 2026". */
export function periodLabel({ year, half }: StatementPeriod): string {
  return half === 1 ? `1° gennaio – 30 giugno ${year}` : `1° luglio – 31 dicembre ${year}`;
}

/** "1° semestre 2026": short form for titles, file names and the payment reference. */
export function halfLabel({ year, half }: StatementPeriod): string {
  return `${half}° semestre ${year}`;
}

const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

/** "2026-07-31" → "31 luglio 2026"; the date is a calendar date, so no time zone is involved. */
export function italianDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d || m > 12) throw new Error(`Data non valida: ${isoDate}`);
  return `${d === 1 ? '1°' : d} ${MONTHS[m - 1]} ${y}`;
}

export const KIND_LABELS: Readonly<Record<string, string>> = {
  activation: 'Attivazione',
  annual: 'Canone annuale',
  one_off: 'Una tantum',
  usage: 'A consumo',
  quota: 'Quota di adesione',
};

/** "1234,56": Italian decimal comma without grouping or symbol, which Excel (it-IT) reads back as a number. */
export function csvAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
