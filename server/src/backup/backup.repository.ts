import type { DataSource } from 'typeorm';

type Queryable = Pick<DataSource, 'query'>;

/** What a restore must give back: rows per table and the money columns' sums (billing amounts, statements…). */
export interface DatabaseFigures {
  rows: Record<string, number>;
  /** `table.column` → sum, for every integer column whose name ends in `_cents`. */
  cents: Record<string, string>;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables of the public schema (the product's); the restore target must have none. */
export async function userTables(ds: Queryable): Promise<string[]> {
  const rows = (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as Array<{ tablename: string }>;
  return rows.map((r) => r.tablename);
}

/** Exact counts (not the planner's estimates) and sums: the restore drill compares them one by one. */
export async function databaseFigures(ds: Queryable): Promise<DatabaseFigures> {
  const rows: Record<string, number> = {};
  for (const table of await userTables(ds)) {
    const [r] = (await ds.query(`SELECT count(*)::bigint AS n FROM public.${ident(table)}`)) as Array<{ n: string }>;
    rows[table] = Number(r!.n);
  }
  const columns = (await ds.query(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN pg_tables t ON t.schemaname = c.table_schema AND t.tablename = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name LIKE '%\\_cents' AND c.data_type IN ('integer', 'bigint', 'numeric')
      ORDER BY 1, 2`,
  )) as Array<{ table_name: string; column_name: string }>;
  const cents: Record<string, string> = {};
  for (const c of columns) {
    const [r] = (await ds.query(`SELECT coalesce(sum(${ident(c.column_name)}), 0)::text AS s FROM public.${ident(c.table_name)}`)) as Array<{ s: string }>;
    cents[`${c.table_name}.${c.column_name}`] = r!.s;
  }
  return { rows, cents };
}

/**
 * Runs `fn` inside a REPEATABLE READ transaction whose snapshot is exported: pg_dump --snapshot=<id> then dumps
 * exactly what `fn` counts, so the manifest's figures match the dump even while the system keeps writing.
 */
export async function withExportedSnapshot<T>(ds: DataSource, fn: (snapshot: string, tx: Queryable) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    const [row] = (await runner.query(`SELECT pg_export_snapshot() AS id`)) as Array<{ id: string }>;
    const result = await fn(row!.id, runner);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}
