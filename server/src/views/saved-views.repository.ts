import type { DataSource } from 'typeorm';
import type { SavedView, ViewDefinition } from '@cit/shared';

/** Reads and writes of `saved_views`; the service decides who may see and change what. */

interface Row {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  shared: boolean;
  definition: ViewDefinition;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `
  SELECT v.id, v.name, v.owner_id AS "ownerId", u.name AS "ownerName", v.shared, v.definition, v.version,
         v.created_at AS "createdAt", v.updated_at AS "updatedAt"
    FROM saved_views v JOIN users u ON u.id = v.owner_id`;

const toView = (r: Row, me: string): SavedView => ({
  id: r.id,
  name: r.name,
  owner: { id: r.ownerId, name: r.ownerName },
  mine: r.ownerId === me,
  shared: r.shared,
  definition: r.definition,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The caller's views, then the ones the others share; by name within each. */
export async function listViews(ds: DataSource, me: string): Promise<SavedView[]> {
  const rows = (await ds.query(`${SELECT} WHERE v.owner_id = $1 OR v.shared ORDER BY (v.owner_id = $1) DESC, lower(v.name), v.id`, [me])) as Row[];
  return rows.map((r) => toView(r, me));
}

/** A view whatever its owner (the service checks visibility); undefined when the id is unknown. */
export async function readView(ds: DataSource, id: string, me: string): Promise<SavedView | undefined> {
  const [row] = (await ds.query(`${SELECT} WHERE v.id = $1`, [id])) as Row[];
  return row && toView(row, me);
}

export async function insertView(ds: DataSource, owner: string, v: { name: string; shared: boolean; definition: ViewDefinition }): Promise<string> {
  const [row] = (await ds.query(`INSERT INTO saved_views (owner_id, name, shared, definition) VALUES ($1, $2, $3, $4) RETURNING id`, [
    owner,
    v.name,
    v.shared,
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
  patch: { name?: string; shared?: boolean; definition?: ViewDefinition },
): Promise<boolean> {
  const rows = (await ds.query(
    `UPDATE saved_views
        SET name = coalesce($4, name), shared = coalesce($5, shared), definition = coalesce($6::jsonb, definition),
            version = version + 1, updated_at = now()
      WHERE id = $1 AND owner_id = $2 AND version = $3
      RETURNING id`,
    [id, owner, version, patch.name ?? null, patch.shared ?? null, patch.definition ? JSON.stringify(patch.definition) : null],
  )) as [Array<{ id: string }>, number];
  return rows[1] > 0;
}

/** Deletes an owner's view; false when there was none. */
export async function deleteView(ds: DataSource, id: string, owner: string): Promise<boolean> {
  const result = (await ds.query(`DELETE FROM saved_views WHERE id = $1 AND owner_id = $2 RETURNING id`, [id, owner])) as [unknown[], number];
  return result[1] > 0;
}
