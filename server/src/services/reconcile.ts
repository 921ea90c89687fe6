import type { DataSource } from 'typeorm';
import { enqueue } from '../platform/outbox/outbox';

/**
 * Safety net for approvals whose job was lost to BullMQ (e.g. a job that stalled too often is failed for good):
 * approved tickets still not applied after `graceMinutes` get a fresh `services.apply` request. The job is
 * idempotent, so asking again never creates anything twice. Returns how many were asked again.
 */
export async function reconcileApprovals(ds: DataSource, graceMinutes = 10): Promise<number> {
  return ds.transaction(async (tx) => {
    const stuck = (await tx.query(
      `SELECT id FROM tickets
       WHERE approval_state = 'approved' AND applied_at IS NULL AND approved_at < now() - make_interval(mins => $1)
       ORDER BY approved_at LIMIT 500`,
      [graceMinutes],
    )) as Array<{ id: string }>;
    const stamp = Date.now();
    for (const { id } of stuck) {
      await enqueue(tx, 'jobs.enqueue', { name: 'services.apply', data: { ticketId: id }, jobId: `services.apply-${id}-again-${stamp}` });
    }
    return stuck.length;
  });
}
