import type { DataSource, EntityManager } from 'typeorm';

/**
 * `import_runs`: one row per real run of an import (MoOne from the command line, SoftwareCit from the command
 * line or the admin page), with its options, progress and reconciliation report. Dry runs from the command line
 * write nothing, not even here; a dry run started from the admin page keeps its row so the page can show its report.
 */

type Db = DataSource | EntityManager;

export type ImportSource = 'moone' | 'softwarecit';

export interface NewRun {
  source: ImportSource;
  options: object;
  dryRun?: boolean;
  /** `queued`: a background job will run it (admin page); `running`: the caller runs it now (command line). */
  status?: 'queued' | 'running';
  startedBy?: string | null;
  /** What the job needs to run it (the uploaded files); cleared when the run ends. */
  input?: object | null;
}

export async function startRun(db: Db, run: NewRun): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO import_runs (source, options, dry_run, status, started_by, input) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [run.source, JSON.stringify(run.options), run.dryRun ?? false, run.status ?? 'running', run.startedBy ?? null, run.input ? JSON.stringify(run.input) : null],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('import_runs insert failed');
  return row.id;
}

export async function finishRun(db: Db, id: string, outcome: { report: object | null; error: string | null }): Promise<void> {
  await db.query(
    `UPDATE import_runs SET status = $2, finished_at = now(), report = $3, error = $4, input = NULL,
            done = CASE WHEN $2 = 'done' THEN total ELSE done END
      WHERE id = $1`,
    [id, outcome.error ? 'failed' : 'done', outcome.report ? JSON.stringify(outcome.report) : null, outcome.error],
  );
}

/** Moves a queued or running run on; a finished run stays finished (a late duplicate of its job cannot reopen it). */
export async function setProgress(db: Db, id: string, done: number, total: number): Promise<void> {
  await db.query(`UPDATE import_runs SET status = 'running', done = $2, total = $3 WHERE id = $1 AND status IN ('queued', 'running')`, [id, done, total]);
}

export interface ImportRunRow {
  id: string;
  source: ImportSource;
  status: 'queued' | 'running' | 'done' | 'failed';
  options: object;
  dry_run: boolean;
  done: number;
  total: number;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  report: object | null;
}

const COLUMNS = `id, source, status, options, dry_run, done, total, started_at, finished_at, error, report`;

export async function listRuns(db: Db, limit: number): Promise<ImportRunRow[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM import_runs ORDER BY started_at DESC, id LIMIT $1`, [limit])) as ImportRunRow[];
}

export async function runById(db: Db, id: string): Promise<(ImportRunRow & { input: object | null; started_by: string | null }) | null> {
  const [row] = (await db.query(`SELECT ${COLUMNS}, input, started_by FROM import_runs WHERE id = $1`, [id])) as Array<
    ImportRunRow & { input: object | null; started_by: string | null }
  >;
  return row ?? null;
}
