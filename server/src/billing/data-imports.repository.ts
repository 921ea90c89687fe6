import type { EntityManager } from 'typeorm';

export type DataImportKind = 'telemaco_usage' | 'collections' | 'accounting';

/** Records an imported file (who, what, how many rows) in the import's own transaction; returns its id. */
export async function recordDataImport(tx: EntityManager, kind: DataImportKind, fileName: string, rowCount: number, userId: string): Promise<string> {
  const [row] = (await tx.query(`INSERT INTO data_imports (kind, file_name, row_count, imported_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
    kind,
    fileName,
    rowCount,
    userId,
  ])) as Array<{ id: string }>;
  if (!row) throw new Error('data import insert returned no row');
  return row.id;
}
