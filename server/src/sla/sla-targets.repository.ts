import type { DataSource, EntityManager } from 'typeorm';
import type { SlaTarget, Urgency } from '@cit/shared';

export interface StoredTarget extends SlaTarget {
  version: number;
}

/** The target of an urgency, locked for an edit; undefined if the urgency has none. */
export async function lockTarget(tx: EntityManager, urgency: Urgency): Promise<StoredTarget | undefined> {
  const [row] = (await tx.query(
    `SELECT take_charge_minutes AS "takeChargeMinutes", resolve_minutes AS "resolveMinutes", version FROM sla_targets WHERE urgency = $1 FOR UPDATE`,
    [urgency],
  )) as StoredTarget[];
  return row;
}

export async function updateTarget(tx: EntityManager, urgency: Urgency, target: SlaTarget): Promise<void> {
  await tx.query(
    `UPDATE sla_targets SET take_charge_minutes = $2, resolve_minutes = $3, version = version + 1, updated_at = now() WHERE urgency = $1`,
    [urgency, target.takeChargeMinutes, target.resolveMinutes],
  );
}

/** Every urgency's target, for the public service charter. */
export async function listTargets(db: EntityManager | DataSource): Promise<Array<SlaTarget & { urgency: Urgency }>> {
  return (await db.query(
    `SELECT urgency, take_charge_minutes AS "takeChargeMinutes", resolve_minutes AS "resolveMinutes" FROM sla_targets`,
  )) as Array<SlaTarget & { urgency: Urgency }>;
}
