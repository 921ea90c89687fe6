import type { DataSource } from 'typeorm';
import type { Urgency } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { notFound } from '../platform/http/errors';
import { lockTarget, updateTarget } from './sla-targets.repository';

/** Admin edits of the per-urgency targets, each in the audit log; tickets keep the targets they were opened with. */
export class SlaTargetsService {
  constructor(private readonly ds: DataSource) {}

  async update(actor: AuditActor, urgency: Urgency, takeChargeMinutes: number, resolveMinutes: number) {
    const after = { takeChargeMinutes, resolveMinutes };
    await this.ds.transaction(async (tx) => {
      const before = await lockTarget(tx, urgency);
      if (!before) throw notFound('L’obiettivo SLA');
      // A save that changes nothing is not a change.
      if (before.takeChargeMinutes === takeChargeMinutes && before.resolveMinutes === resolveMinutes) return;
      await updateTarget(tx, urgency, after);
      await recordChange(tx, actor, { entity: 'sla_targets', recordId: urgency, action: 'update', before, after });
    });
    return { urgency, ...after };
  }
}
