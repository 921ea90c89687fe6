import type { DataSource, EntityManager } from 'typeorm';
import type { Role, SupportGroupDto } from '@cit/shared';

/** Reads and writes of `support_groups` and `support_group_members`; the service decides who may change what. */

type Db = DataSource | EntityManager;

export interface StoredGroup {
  key: string;
  name: string;
  active: boolean;
  version: number;
}

interface MemberRow {
  groupKey: string;
  id: string;
  name: string;
  role: Role;
}

/** Every group with its members (by name), groups by name. */
export async function listGroups(db: Db): Promise<SupportGroupDto[]> {
  const [groups, members] = (await Promise.all([
    db.query(`SELECT key, name, active, version FROM support_groups ORDER BY lower(name), key`),
    db.query(
      `SELECT m.group_key AS "groupKey", u.id, u.name, u.role FROM support_group_members m JOIN users u ON u.id = m.user_id ORDER BY lower(u.name), u.id`,
    ),
  ])) as [StoredGroup[], MemberRow[]];
  return groups.map((g) => ({ ...g, members: members.filter((m) => m.groupKey === g.key).map(({ id, name, role }) => ({ id, name, role })) }));
}

export async function readGroup(db: Db, key: string): Promise<SupportGroupDto | undefined> {
  return (await listGroups(db)).find((g) => g.key === key);
}

/** The keys of the groups a user belongs to (active or not: a deactivated group's tickets are still theirs). */
export async function groupKeysOf(db: Db, userId: string): Promise<string[]> {
  const rows = (await db.query(`SELECT group_key FROM support_group_members WHERE user_id = $1 ORDER BY group_key`, [userId])) as Array<{ group_key: string }>;
  return rows.map((r) => r.group_key);
}

/** Names by key, for the queue's rows. */
export async function supportGroupNames(db: Db, keys: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(keys.filter((k): k is string => k !== null))];
  if (unique.length === 0) return new Map();
  const rows = (await db.query(`SELECT key, name FROM support_groups WHERE key = ANY($1::text[])`, [unique])) as Array<{ key: string; name: string }>;
  return new Map(rows.map((r) => [r.key, r.name]));
}

/** Whether a group exists and (when `activeOnly`) is active. */
export async function groupExists(db: Db, key: string, activeOnly: boolean): Promise<boolean> {
  const rows = (await db.query(`SELECT 1 FROM support_groups WHERE key = $1 ${activeOnly ? 'AND active' : ''}`, [key])) as unknown[];
  return rows.length > 0;
}

export async function lockGroup(tx: EntityManager, key: string): Promise<StoredGroup | undefined> {
  const [row] = (await tx.query(`SELECT key, name, active, version FROM support_groups WHERE key = $1 FOR UPDATE`, [key])) as StoredGroup[];
  return row;
}

export async function insertGroup(tx: EntityManager, g: { key: string; name: string; active: boolean }): Promise<void> {
  await tx.query(`INSERT INTO support_groups (key, name, active) VALUES ($1, $2, $3)`, [g.key, g.name, g.active]);
}

export async function updateGroup(tx: EntityManager, key: string, g: { name: string; active: boolean }): Promise<void> {
  await tx.query(`UPDATE support_groups SET name = $2, active = $3, version = version + 1, updated_at = now() WHERE key = $1`, [key, g.name, g.active]);
}

export async function bumpGroupVersion(tx: EntityManager, key: string): Promise<void> {
  await tx.query(`UPDATE support_groups SET version = version + 1, updated_at = now() WHERE key = $1`, [key]);
}

export async function memberIdsOf(tx: EntityManager, key: string): Promise<string[]> {
  const rows = (await tx.query(`SELECT user_id FROM support_group_members WHERE group_key = $1 ORDER BY user_id`, [key])) as Array<{ user_id: string }>;
  return rows.map((r) => r.user_id);
}

export async function replaceMembers(tx: EntityManager, key: string, userIds: readonly string[]): Promise<void> {
  await tx.query(`DELETE FROM support_group_members WHERE group_key = $1`, [key]);
  if (userIds.length > 0) {
    await tx.query(`INSERT INTO support_group_members (group_key, user_id) SELECT $1, unnest($2::uuid[])`, [key, userIds]);
  }
}

/** Of `userIds`, those that are not active accounts with one of `roles`. */
export async function notEligible(tx: EntityManager, userIds: readonly string[], roles: readonly Role[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = (await tx.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND role = ANY($2::text[]) AND disabled_at IS NULL`, [userIds, roles])) as Array<{
    id: string;
  }>;
  const ok = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => !ok.has(id));
}
