import type { DataSource } from 'typeorm';
import { enqueue } from '../platform/outbox/outbox';
import { approvedNotApplied } from './service-requests.repository';

/**
 * Safety net for approvals whose job was lost to BullMQ (e.g. a job that stalled too often is failed for good):
 * approved tickets still not applied after `graceMinutes` get a fresh `services.apply` request. The job is
 * idempotent, so asking again never creates anything twice. Returns how many were asked again.
 */
export async function reconcileApprovals(ds: DataSource, graceMinutes = 10): Promise<number> {
  return ds.transaction(async (tx) => {
    const stuck = await approvedNotApplied(tx, graceMinutes);
    const stamp = Date.now();
    for (const id of stuck) {
      await enqueue(tx, 'jobs.enqueue', { name: 'services.apply', data: { ticketId: id }, jobId: `services.apply-${id}-again-${stamp}` });
    }
    return stuck.length;
  });
}
