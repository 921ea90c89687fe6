import type { DataSource } from 'typeorm';

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
