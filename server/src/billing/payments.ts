import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppError } from '../platform/http/errors';
import { csvRejected, parseCsvFile, type CsvLineError } from './csv';
import { entryStatuses, markCollected } from './ledger/billing-entries.repository';
import { recordDataImport } from './data-imports.repository';

/**
 * A collection date in the years billing works with (2000–2200, as every year field): an ISO date alone admits
 * year 0000, which PostgreSQL refuses (a 500), and centuries no collection happened in.
 */
const collectionDate = (message?: string) =>
  z.iso.date(message).refine((d) => d >= '2000-01-01' && d <= '2200-12-31', 'Data fuori dagli anni ammessi (2000–2200).');

export const CollectSchema = z
  .object({
    /** The act that records the collection, e.g. "Determina dirigenziale n. 857 del 05/08/2015". */
    actReference: z.string().trim().min(3, 'Indicare l’atto di riscossione').max(300),
    collectedOn: collectionDate(),
  })
  .meta({ id: 'Collect' });
export type Collect = z.infer<typeof CollectSchema>;

const italianDate = z
  .string()
  .regex(/^(\d{2})\/(\d{2})\/(\d{4})$|^\d{4}-\d{2}-\d{2}$/, 'data nel formato gg/mm/aaaa')
  .transform((v) => (v.includes('/') ? v.split('/').reverse().join('-') : v))
  .pipe(collectionDate('data non valida'));

const CollectionRow = z.object({
  id_addebito: z.uuid('identificativo dell’addebito non valido'),
  data_riscossione: italianDate,
  atto: z.string().min(3, 'atto di riscossione mancante').max(300),
});

/**
 * Marks assessed entries collected (accertato → riscosso) with the act reference; one statement, all or none. An
 * import records its file in the same transaction: never collected entries without the import that did it.
 */
async function collect(ds: DataSource, items: Array<{ id: string; collectedOn: string; act: string }>, userId: string, fileName?: string): Promise<number> {
  return ds.transaction(async (tx) => {
    const rows = await markCollected(tx, items, userId);
    if (rows.length !== items.length) throw new Error('collection raced with another update');
    if (fileName !== undefined) {
      await recordDataImport(tx, 'collections', fileName, rows.length, userId);
    }
    return rows.length;
  });
}

export async function collectEntry(ds: DataSource, entryId: string, input: Collect, userId: string): Promise<void> {
  const status = (await entryStatuses(ds, [entryId])).get(entryId);
  if (!status) throw new AppError(404, 'not_found', "L'addebito non esiste.");
  if (status === 'collected') throw new AppError(409, 'already_collected', "L'addebito risulta già riscosso.");
  await collect(ds, [{ id: entryId, collectedOn: input.collectedOn, act: input.actReference }], userId);
}

/** CSV of collections: id_addebito;data_riscossione;atto. One bad line (unknown, already collected, duplicate): nothing changes. */
export async function importCollections(ds: DataSource, bytes: Buffer | Uint8Array, fileName: string, userId: string): Promise<number> {
  const lines = parseCsvFile(bytes, CollectionRow, `«${fileName}»`);
  const ids = lines.map((l) => l.value.id_addebito);
  const status = await entryStatuses(ds, ids);
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    const s = status.get(value.id_addebito);
    if (!s) errors.push({ line, message: `addebito ${value.id_addebito} inesistente` });
    else if (s === 'collected') errors.push({ line, message: 'addebito già riscosso' });
    const previous = seen.get(value.id_addebito);
    if (previous) errors.push({ line, message: `addebito già presente alla riga ${previous}` });
    seen.set(value.id_addebito, line);
  }
  if (errors.length > 0) throw csvRejected(`«${fileName}»`, errors);
  return collect(ds, lines.map((l) => ({ id: l.value.id_addebito, collectedOn: l.value.data_riscossione, act: l.value.atto })), userId, fileName);
}
