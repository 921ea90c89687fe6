import type { DataSource } from 'typeorm';
import { SOFTWARECIT_FILES, type SoftwareCitFile } from '@cit/shared';
import type { AuditActor } from '../audit/audit-log.repository';
import { finishRun, runById, setProgress, startRun } from '../import-runs/import-runs.repository';
import { AppError } from '../platform/http/errors';
import { enqueue } from '../platform/outbox/outbox';
import { importSoftwareCit, type LineError, type SoftwareCitFiles } from './importer';

/** What the upload leaves in `import_runs.input` for the job: the three files (base64) and who started it. */
interface StoredInput {
  files: Record<SoftwareCitFile, { name: string; base64: string }>;
  actor: AuditActor;
}

/**
 * Records a run started from the admin page with its files, and its job, in one transaction (the job exists
 * exactly when the run does); the live bar starts at 0.
 */
export async function queueSoftwareCitRun(ds: DataSource, files: SoftwareCitFiles, dryRun: boolean, actor: AuditActor): Promise<string> {
  return ds.transaction(async (tx) => {
    const input: StoredInput = {
      files: Object.fromEntries(
        (Object.keys(SOFTWARECIT_FILES) as SoftwareCitFile[]).map((k) => [k, { name: files[k].name, base64: files[k].bytes.toString('base64') }]),
      ) as StoredInput['files'],
      actor,
    };
    const options = { dryRun, files: { conventions: files.conventions.name, records: files.records.name, payments: files.payments.name } };
    const runId = await startRun(tx, { source: 'softwarecit', options, dryRun, status: 'queued', startedBy: actor.userId, input });
    await enqueue(tx, 'jobs.enqueue', { name: 'imports.softwarecit', data: { runId }, jobId: `imports.softwarecit-${runId}` });
    return runId;
  });
}

/** Updates the run row and tells the staff's screens, in one transaction (as the statements job does). */
async function report(ds: DataSource, runId: string, done: number, total: number, status: 'running' | 'done' | 'failed'): Promise<void> {
  await ds.transaction(async (tx) => {
    if (status === 'running') await setProgress(tx, runId, done, total);
    await enqueue(tx, 'live.staff', { event: 'imports.progress', runId, done, total, status });
  });
}

/**
 * The job: runs the import of a queued run, publishing its progress (at most every 2 % of the rows or 500 ms),
 * then keeps the report with the run. A file refused line by line fails the run with every line in the report.
 * Safe to run again (BullMQ retries after a crash): the import is idempotent and a finished run is left alone.
 */
export async function runSoftwareCitJob(ds: DataSource, runId: string, progressEveryMs = 500): Promise<void> {
  const run = await runById(ds, runId);
  if (!run || run.source !== 'softwarecit' || run.status === 'done' || run.status === 'failed' || !run.input) return;
  const input = run.input as StoredInput;
  const files = Object.fromEntries(
    Object.entries(input.files).map(([k, f]) => [k, { name: f.name, bytes: Buffer.from(f.base64, 'base64') }]),
  ) as SoftwareCitFiles;
  let lastAt = 0;
  let lastDone = -1;
  let total = 0;
  try {
    const result = await importSoftwareCit(ds, files, {
      dryRun: run.dry_run,
      actor: input.actor,
      onProgress: async (done, rows) => {
        total = rows;
        if (done < total && done - lastDone < Math.max(1, Math.ceil(total * 0.02)) && Date.now() - lastAt < progressEveryMs) return;
        lastAt = Date.now();
        lastDone = done;
        await report(ds, runId, done, total, 'running');
      },
    });
    await finishRun(ds, runId, { report: result, error: null });
    await report(ds, runId, total, total, 'done');
  } catch (err) {
    const refused = err instanceof AppError && (err.details as { lines?: LineError[] } | undefined)?.lines;
    await finishRun(ds, runId, {
      report: refused ? { source: 'softwarecit', rejected: refused } : null,
      error: (err instanceof Error ? err.message : String(err)).slice(0, 2000),
    });
    await report(ds, runId, Math.max(lastDone, 0), Math.max(lastDone, 0), 'failed');
    // A refused file will not get better on a retry; anything else is BullMQ's to retry.
    if (!refused) throw err;
  }
}
