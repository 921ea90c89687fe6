import type { DataSource } from 'typeorm';
import type { Urgency } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import { lockTarget, updateTarget } from './sla-targets.repository';

/** Admin edits of the per-urgency targets, each in the audit log; tickets keep the targets they were opened with. */
export class SlaTargetsService {
  constructor(private readonly ds: DataSource) {}

  async update(actor: AuditActor, urgency: Urgency, input: { takeChargeMinutes: number; resolveMinutes: number; version: number }) {
    const after = { takeChargeMinutes: input.takeChargeMinutes, resolveMinutes: input.resolveMinutes };
    return this.ds.transaction(async (tx) => {
      const before = await lockTarget(tx, urgency);
      if (!before) throw notFound('L’obiettivo SLA');
      if (before.version !== input.version) throw await staleVersion(tx, 'sla_targets', urgency, { urgency, ...before });
      // A save that changes nothing is not a change.
      if (before.takeChargeMinutes === after.takeChargeMinutes && before.resolveMinutes === after.resolveMinutes) return { urgency, ...before };
      await updateTarget(tx, urgency, after);
      await recordChange(tx, actor, {
        entity: 'sla_targets',
        recordId: urgency,
        action: 'update',
        before: { takeChargeMinutes: before.takeChargeMinutes, resolveMinutes: before.resolveMinutes },
        after,
      });
      return { urgency, ...after, version: before.version + 1 };
    });
  }
}
