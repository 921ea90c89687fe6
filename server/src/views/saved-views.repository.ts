import type { DataSource } from 'typeorm';
import type { SavedView, ViewDefinition } from '@cit/shared';

/** Reads and writes of `saved_views`; the service decides who may see and change what. */

interface Row {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  shared: boolean;
  groupKey: string | null;
  groupName: string | null;
  /** The caller may read it if shared: shared with everyone, or with a group they belong to. */
  reader: boolean;
  definition: ViewDefinition;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** `$1` is the caller. */
const SELECT = `
  SELECT v.id, v.name, v.owner_id AS "ownerId", u.name AS "ownerName", v.shared, v.definition, v.version,
         v.group_key AS "groupKey", g.name AS "groupName",
         (v.group_key IS NULL OR EXISTS (SELECT 1 FROM support_group_members m WHERE m.group_key = v.group_key AND m.user_id = $1)) AS reader,
         v.created_at AS "createdAt", v.updated_at AS "updatedAt"
    FROM saved_views v JOIN users u ON u.id = v.owner_id LEFT JOIN support_groups g ON g.key = v.group_key`;

const toView = (r: Row, me: string): SavedView => ({
  id: r.id,
  name: r.name,
  owner: { id: r.ownerId, name: r.ownerName },
  mine: r.ownerId === me,
  shared: r.shared,
  group: r.groupKey ? { key: r.groupKey, name: r.groupName ?? r.groupKey } : null,
  definition: r.definition,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The caller's views, then the ones the others share with everyone or with a group of the caller; by name within each. */
export async function listViews(ds: DataSource, me: string): Promise<SavedView[]> {
  const rows = (await ds.query(
    `SELECT * FROM (${SELECT}) s WHERE s."ownerId" = $1 OR (s.shared AND s.reader) ORDER BY (s."ownerId" = $1) DESC, lower(s.name), s.id`,
    [me],
  )) as Row[];
  return rows.map((r) => toView(r, me));
}

/** A view whatever its owner, with whether the caller could read it if shared; undefined when the id is unknown. */
export async function readView(ds: DataSource, id: string, me: string): Promise<{ view: SavedView; reader: boolean } | undefined> {
  const [row] = (await ds.query(`${SELECT} WHERE v.id = $2`, [me, id])) as Row[];
  return row && { view: toView(row, me), reader: row.reader };
}

export async function insertView(
  ds: DataSource,
  owner: string,
  v: { name: string; shared: boolean; groupKey?: string | null | undefined; definition: ViewDefinition },
): Promise<string> {
  const [row] = (await ds.query(`INSERT INTO saved_views (owner_id, name, shared, group_key, definition) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    owner,
    v.name,
    v.shared,
    v.groupKey ?? null,
    JSON.stringify(v.definition),
  ])) as Array<{ id: string }>;
  if (!row) throw new Error('saved view insert returned nothing');
  return row.id;
}

/** Changes the given fields of an owner's view if it still has `version`; false when no row matched. */
export async function updateView(
  ds: DataSource,
  id: string,
  owner: string,
  version: number,
  patch: { name?: string; shared?: boolean; groupKey?: string | null; definition?: ViewDefinition },
): Promise<boolean> {
  // $7: whether the group changes at all (null is a value: "with everyone").
  const rows = (await ds.query(
    `UPDATE saved_views
        SET name = coalesce($4, name), shared = coalesce($5, shared), definition = coalesce($6::jsonb, definition),
            group_key = CASE WHEN $7 THEN $8 ELSE group_key END,
            version = version + 1, updated_at = now()
      WHERE id = $1 AND owner_id = $2 AND version = $3
      RETURNING id`,
    [
      id,
      owner,
      version,
      patch.name ?? null,
      patch.shared ?? null,
      patch.definition ? JSON.stringify(patch.definition) : null,
      patch.groupKey !== undefined,
      patch.groupKey ?? null,
    ],
  )) as [Array<{ id: string }>, number];
  return rows[1] > 0;
}

/** Deletes an owner's view; false when there was none. */
export async function deleteView(ds: DataSource, id: string, owner: string): Promise<boolean> {
  const result = (await ds.query(`DELETE FROM saved_views WHERE id = $1 AND owner_id = $2 RETURNING id`, [id, owner])) as [unknown[], number];
  return result[1] > 0;
}
