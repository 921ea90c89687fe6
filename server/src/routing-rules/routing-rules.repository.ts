import type { DataSource, EntityManager } from 'typeorm';
import type { CreateRoutingRule, RoutingActions, RoutingConditions, RoutingRule } from '@cit/shared';

/** Reads and writes of `routing_rules`, and the look-ups that check what a rule's actions name. */

type Db = DataSource | EntityManager;

interface Row {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: RoutingConditions;
  actions: RoutingActions;
  version: number;
  updatedAt: Date;
  enti: Array<{ id: string; name: string }>;
}

// The names of the Enti a rule's conditions name come along, so the rules page shows and edits them without a look-up.
const SELECT = `SELECT r.id, r.position, r.name, r.enabled, r.conditions, r.actions, r.version, r.updated_at AS "updatedAt",
    (SELECT coalesce(json_agg(json_build_object('id', e.id, 'name', e.name) ORDER BY e.name), '[]'::json)
       FROM enti e WHERE e.id IN (SELECT jsonb_array_elements_text(coalesce(r.conditions -> 'enteIds', '[]'::jsonb))::uuid)) AS enti
  FROM routing_rules r`;
const toRule = (r: Row): RoutingRule => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export async function listRules(db: Db): Promise<RoutingRule[]> {
  return ((await db.query(`${SELECT} ORDER BY r.position, r.id`)) as Row[]).map(toRule);
}

/** The enabled rules in order: what a new ticket is matched against. */
export async function enabledRules(db: Db): Promise<RoutingRule[]> {
  return ((await db.query(`${SELECT} WHERE r.enabled ORDER BY r.position, r.id`)) as Row[]).map(toRule);
}

export async function readRule(db: Db, id: string): Promise<RoutingRule | undefined> {
  const [row] = (await db.query(`${SELECT} WHERE r.id = $1`, [id])) as Row[];
  return row && toRule(row);
}

export async function lockRule(tx: EntityManager, id: string): Promise<RoutingRule | undefined> {
  const [row] = (await tx.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id])) as Row[];
  return row && toRule(row);
}

/** A new rule goes last. The table lock serialises concurrent creations and reorders (a handful a year). */
export async function insertRule(tx: EntityManager, r: CreateRoutingRule): Promise<string> {
  await tx.query(`LOCK TABLE routing_rules IN SHARE ROW EXCLUSIVE MODE`);
  const [row] = (await tx.query(
    `INSERT INTO routing_rules (position, name, enabled, conditions, actions)
     VALUES ((SELECT coalesce(max(position), 0) + 1 FROM routing_rules), $1, $2, $3, $4) RETURNING id`,
    [r.name, r.enabled, JSON.stringify(r.conditions), JSON.stringify(r.actions)],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('routing rule insert returned nothing');
  return row.id;
}

export async function updateRule(
  tx: EntityManager,
  id: string,
  r: { name: string; enabled: boolean; conditions: RoutingConditions; actions: RoutingActions },
): Promise<void> {
  await tx.query(
    `UPDATE routing_rules SET name = $2, enabled = $3, conditions = $4, actions = $5, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, r.name, r.enabled, JSON.stringify(r.conditions), JSON.stringify(r.actions)],
  );
}

export async function deleteRule(tx: EntityManager, id: string): Promise<void> {
  await tx.query(`DELETE FROM routing_rules WHERE id = $1`, [id]);
}

/** Locks every rule and returns their ids in the current order. */
export async function lockAllRules(tx: EntityManager): Promise<Array<{ id: string; position: number }>> {
  await tx.query(`LOCK TABLE routing_rules IN SHARE ROW EXCLUSIVE MODE`);
  return (await tx.query(`SELECT id, position FROM routing_rules ORDER BY position, id`)) as Array<{ id: string; position: number }>;
}

export async function setPositions(tx: EntityManager, ids: readonly string[]): Promise<void> {
  await tx.query(
    `UPDATE routing_rules r SET position = o.n, version = version + 1, updated_at = now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n) WHERE r.id = o.id AND r.position <> o.n`,
    [ids],
  );
}

/** Which of a rule's targets exist and may receive tickets now (active group, active operator, known supplier). */
export async function validTargets(db: Db, a: RoutingActions): Promise<{ group: boolean; assignee: boolean; supplier: boolean }> {
  const [row] = (await db.query(
    `SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM support_groups WHERE key = $1 AND active)) AS "group",
            ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $2 AND role IN ('operator', 'admin') AND disabled_at IS NULL)) AS assignee,
            ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM suppliers WHERE id = $3)) AS supplier`,
    [a.groupKey ?? null, a.assigneeId ?? null, a.supplierId ?? null],
  )) as Array<{ group: boolean; assignee: boolean; supplier: boolean }>;
  return row ?? { group: false, assignee: false, supplier: false };
}
