import { z } from 'zod';

/** Money is always an integer number of euro cents: no floating-point euros anywhere. */
export const AmountCentsSchema = z.number().int().meta({ id: 'AmountCents', description: 'Importo in centesimi di euro' });

// 'always': the it-IT locale groups only from five digits ("1532,00"), but the CIT documents write "1.532,00".
const EURO = new Intl.NumberFormat('it-IT', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: 'always',
});

/** "€ 1.532,00": the symbol first, as in the CIT price lists, not the locale's "1.532,00 €". */
export function formatEuro(cents: number): string {
  if (!Number.isInteger(cents)) throw new Error(`Importo non valido: ${cents} non è un numero intero di centesimi.`);
  const text = `€ ${EURO.format(Math.abs(cents) / 100)}`;
  return cents < 0 ? `-${text}` : text;
}
