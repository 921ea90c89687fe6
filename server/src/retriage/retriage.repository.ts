import type { EntityManager } from 'typeorm';
import type { SlaTarget, Urgency } from '@cit/shared';

/** The SLA targets in force for an urgency (what a ticket re-triaged to it gets). */
export async function targetFor(tx: EntityManager, urgency: Urgency): Promise<SlaTarget> {
  const [row] = (await tx.query(`SELECT take_charge_minutes AS "takeChargeMinutes", resolve_minutes AS "resolveMinutes" FROM sla_targets WHERE urgency = $1`, [
    urgency,
  ])) as SlaTarget[];
  if (!row) throw new Error(`SLA target missing for ${urgency}`);
  return row;
}
