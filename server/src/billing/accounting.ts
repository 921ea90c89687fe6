import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AssessmentNumberSchema, BudgetChapterSchema, type BillingAccounting } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import { csvRejected, parseCsvFile, type CsvLineError } from './csv';
import { entryStatuses, setAccounting, type EntryAccounting } from './ledger/billing-entries.repository';
import { recordDataImport } from './data-imports.repository';

/** Capitolo and accertamento on billing entries: one entry, a selection, or a CSV from the ragioneria. */

function missing(ids: readonly string[], found: ReadonlyMap<string, unknown>): string[] {
  return ids.filter((id) => !found.has(id));
}

/** The same capitolo / accertamento on every entry named; all or none (an unknown id changes nothing). */
export async function setEntriesAccounting(ds: DataSource, ids: readonly string[], input: BillingAccounting, userId: string): Promise<number> {
  const unique = [...new Set(ids)];
  return ds.transaction(async (tx) => {
    const unknown = missing(unique, await entryStatuses(tx, unique));
    if (unknown.length > 0) {
      throw new AppError(404, 'not_found', unique.length === 1 ? "L'addebito non esiste." : `Addebiti inesistenti: ${unknown.slice(0, 5).join(', ')}.`);
    }
    const updated = await setAccounting(tx, unique.map((id) => ({ id, ...input })), userId);
    if (updated.length !== unique.length) throw new Error('accounting update raced with a delete');
    return updated.length;
  });
}

const optionalCell = <T extends z.ZodType<string, string>>(schema: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
    .pipe(schema.optional());

const dateCell = z
  .string()
  .regex(/^(\d{2})\/(\d{2})\/(\d{4})$|^\d{4}-\d{2}-\d{2}$/, 'data_accertamento: data nel formato gg/mm/aaaa')
  .transform((v) => (v.includes('/') ? v.split('/').reverse().join('-') : v))
  .pipe(z.iso.date('data_accertamento: data non valida').refine((d) => d >= '2000-01-01' && d <= '2200-12-31', 'data_accertamento: fuori dagli anni 2000–2200'));

const AccountingRow = z
  .object({
    id_addebito: z.uuid('identificativo dell’addebito non valido'),
    capitolo: optionalCell(BudgetChapterSchema),
    numero_accertamento: optionalCell(AssessmentNumberSchema),
    data_accertamento: optionalCell(dateCell),
  })
  .refine((r) => r.capitolo !== undefined || r.numero_accertamento !== undefined, { message: 'indicare il capitolo o l’accertamento' })
  .refine((r) => (r.numero_accertamento === undefined) === (r.data_accertamento === undefined), {
    path: ['data_accertamento'],
    message: 'numero e data dell’accertamento vanno indicati insieme',
  });

/**
 * CSV of the ragioneria: id_addebito;capitolo;numero_accertamento;data_accertamento. An empty cell keeps what the
 * entry has. One bad line (unknown entry, duplicate, bad value): nothing changes, and the import is recorded with
 * the entries in one transaction.
 */
export async function importAccounting(ds: DataSource, bytes: Buffer | Uint8Array, fileName: string, userId: string): Promise<number> {
  const lines = parseCsvFile(bytes, AccountingRow, `«${fileName}»`);
  const status = await entryStatuses(ds, lines.map((l) => l.value.id_addebito));
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    if (!status.has(value.id_addebito)) errors.push({ line, message: `addebito ${value.id_addebito} inesistente` });
    const previous = seen.get(value.id_addebito);
    if (previous) errors.push({ line, message: `addebito già presente alla riga ${previous}` });
    seen.set(value.id_addebito, line);
  }
  if (errors.length > 0) throw csvRejected(`«${fileName}»`, errors);
  const items: EntryAccounting[] = lines.map(({ value }) => ({
    id: value.id_addebito,
    budgetChapter: value.capitolo,
    assessmentNumber: value.numero_accertamento,
    assessmentDate: value.data_accertamento,
  }));
  return ds.transaction(async (tx) => {
    const updated = await setAccounting(tx, items, userId);
    if (updated.length !== items.length) throw new Error('accounting import raced with a delete');
    await recordDataImport(tx, 'accounting', fileName, updated.length, userId);
    return updated.length;
  });
}
