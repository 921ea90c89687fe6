import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../platform/http/errors';
import { unstorableValue } from '../platform/http/validate';

export interface CsvLineError {
  line: number;
  message: string;
}

/**
 * Parses an uploaded CSV (`;` or `,`, optional BOM, header row) and validates every line with `row`; any bad
 * line rejects the whole file with the list of line numbers and reasons, so nothing is ever half-imported.
 */
export function parseCsvFile<T extends z.ZodType>(bytes: Buffer | Uint8Array, row: T, what: string): Array<{ line: number; value: z.infer<T> }> {
  const { values, errors } = parseCsvLines(bytes, row, what);
  if (errors.length > 0) throw csvRejected(what, errors);
  return values;
}

/**
 * The same checks, answering the good lines and the errors instead of throwing (an import of several files
 * checks them all, and the references of the good lines, before refusing). `delimiter`: the header's own when
 * it has one (a `;` file whose amounts have decimal commas), otherwise either.
 */
export function parseCsvLines<T extends z.ZodType>(
  bytes: Buffer | Uint8Array,
  row: T,
  what: string,
  options: { delimiterFromHeader?: boolean } = {},
): { values: Array<{ line: number; value: z.infer<T> }>; errors: CsvLineError[] } {
  const buffer = Buffer.from(bytes);
  let delimiter: string | string[] = [';', ','];
  if (options.delimiterFromHeader) {
    const header = buffer.subarray(0, Math.max(0, buffer.indexOf(10)) || buffer.length).toString('utf8');
    delimiter = header.includes(';') ? ';' : ',';
  }
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(buffer, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (err) {
    throw new AppError(400, 'invalid_csv', `Il file ${what} non è un CSV leggibile: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (records.length === 0) throw new AppError(400, 'empty_csv', `Il file ${what} non contiene righe.`);
  const errors: CsvLineError[] = [];
  const values: Array<{ line: number; value: z.infer<T> }> = [];
  for (const { record, info } of records) {
    // PostgreSQL text cannot hold U+0000: such a cell would fail the insert with a 500 instead of this list.
    const bad = unstorableValue(record);
    if (bad) {
      errors.push({ line: info.lines, message: `${bad.path || 'riga'}: ${bad.what} non ammesso` });
      continue;
    }
    const parsed = row.safeParse(record);
    if (parsed.success) values.push({ line: info.lines, value: parsed.data });
    else errors.push({ line: info.lines, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'riga'}: ${i.message}`).join('; ') });
  }
  return { values, errors };
}

export function csvRejected(what: string, errors: CsvLineError[]): AppError {
  const first = errors.slice(0, 3).map((e) => `riga ${e.line}: ${e.message}`).join(' — ');
  return new AppError(
    400,
    'csv_rejected',
    `Il file ${what} non è stato importato (nessuna riga caricata): ${errors.length === 1 ? 'una riga errata' : `${errors.length} righe errate`}. ${first}`,
    { lines: errors },
  );
}

/** Italian-style numbers in CSV cells: "1.234" / "1234" for integers. */
export const csvInt = (min: number, max: number, what: string) =>
  z
    .string()
    .transform((v) => v.replace(/\./g, ''))
    .pipe(z.string().regex(/^\d+$/, `${what}: numero intero atteso`))
    .transform(Number)
    .pipe(z.number().int().min(min, `${what}: almeno ${min}`).max(max, `${what}: al massimo ${max}`));
