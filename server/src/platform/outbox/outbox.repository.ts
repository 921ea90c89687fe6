import type { DataSource, EntityManager } from 'typeorm';

export interface DueRow {
  id: string;
  topic: string;
  payload: unknown;
  attempts: number;
}

/**
 * One batch of due rows in id order. It reads the partial index on id (migration OutboxStaysCheap): an ordered scan
 * that stops after the batch, so its cost follows the rows pending, not the rows dispatched since the last vacuum.
 */
export const pollSql = (batch: number) => `SELECT id, topic, payload, attempts FROM outbox
  WHERE done_at IS NULL AND available_at <= now()
  ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
export const POLL_SETTINGS = [`SET LOCAL enable_bitmapscan = off`, `SET LOCAL enable_seqscan = off`];

/** Claims a batch of due rows, locked until `tx` ends (SKIP LOCKED: other processes take the next ones). */
export async function claimDue(tx: EntityManager, batch: number): Promise<DueRow[]> {
  // The planner, seeing few pending rows, prefers a bitmap scan and a sort: cheap on paper, but a bitmap scan
  // visits the entries of every row dispatched since the last vacuum and never marks them dead. Inside this
  // transaction only, it is told to take the ordered index scan, which stops after the batch and marks them.
  for (const setting of POLL_SETTINGS) await tx.query(setting);
  return (await tx.query(pollSql(batch))) as DueRow[];
}

/** A failed attempt: the row waits `delaySeconds` before the next one. */
export async function markFailed(tx: EntityManager, id: string, attempts: number, error: string, delaySeconds: number): Promise<void> {
  await tx.query(`UPDATE outbox SET attempts = $2, last_error = $3, available_at = now() + make_interval(secs => $4) WHERE id = $1`, [
    id,
    attempts,
    error.slice(0, 2000),
    delaySeconds,
  ]);
}

/** One statement for the whole batch of rows carried out. */
export async function markDone(tx: EntityManager, ids: string[]): Promise<void> {
  await tx.query(`UPDATE outbox SET done_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [ids]);
}

/**
 * Deletes dispatched outbox rows older than `days`, oldest first, in batches (short transactions, no long lock).
 * Ids grow with time, so the primary key is walked from the start and each batch stops at the cut-off; a row that
 * keeps failing (done_at still null) is never deleted, whatever its age.
 */
export async function purgeDispatched(ds: DataSource, days: number, batch = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, count] = (await ds.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE done_at IS NOT NULL AND done_at < now() - make_interval(days => $1) ORDER BY id LIMIT $2)`,
      [days, batch],
    )) as [unknown, number];
    total += count;
    if (count < batch) return total;
  }
}
