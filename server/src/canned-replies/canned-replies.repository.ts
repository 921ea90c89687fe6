import type { DataSource } from 'typeorm';
import type { CannedReply, CannedStatus, SaveCannedReply, SupportGroup } from '@cit/shared';

/** Reads and writes of `canned_replies` (owner null: shared); the service decides who may see and change what. */

interface Row {
  id: string;
  name: string;
  body: string;
  ownerId: string | null;
  ownerName: string | null;
  setStatus: CannedStatus | null;
  setGroup: SupportGroup | null;
  updatedAt: Date;
}

const SELECT = `
  SELECT c.id, c.name, c.body, c.owner_id AS "ownerId", u.name AS "ownerName", c.set_status AS "setStatus",
         c.set_group AS "setGroup", c.updated_at AS "updatedAt"
    FROM canned_replies c LEFT JOIN users u ON u.id = c.owner_id`;

const toReply = (r: Row, me: string): CannedReply => ({
  id: r.id,
  name: r.name,
  body: r.body,
  shared: r.ownerId === null,
  owner: r.ownerId && r.ownerName !== null ? { id: r.ownerId, name: r.ownerName } : null,
  mine: r.ownerId === me,
  setStatus: r.setStatus,
  setGroup: r.setGroup,
  updatedAt: r.updatedAt.toISOString(),
});

/** The caller's own replies, then the shared ones; by name within each. */
export async function listCannedReplies(ds: DataSource, me: string): Promise<CannedReply[]> {
  const rows = (await ds.query(`${SELECT} WHERE c.owner_id = $1 OR c.owner_id IS NULL ORDER BY (c.owner_id IS NULL), lower(c.name), c.id`, [me])) as Row[];
  return rows.map((r) => toReply(r, me));
}

/** A reply whatever its owner (the service checks visibility); undefined when the id is unknown. */
export async function readCannedReply(ds: DataSource, id: string, me: string): Promise<CannedReply | undefined> {
  const [row] = (await ds.query(`${SELECT} WHERE c.id = $1`, [id])) as Row[];
  return row && toReply(row, me);
}

export async function insertCannedReply(ds: DataSource, owner: string | null, createdBy: string, v: SaveCannedReply): Promise<string> {
  const [row] = (await ds.query(
    `INSERT INTO canned_replies (owner_id, name, body, set_status, set_group, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [owner, v.name, v.body, v.setStatus, v.setGroup, createdBy],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('canned reply insert returned nothing');
  return row.id;
}

/** Replaces a reply's content, keeping whose it is (a personal reply does not become shared by an edit). */
export async function updateCannedReply(ds: DataSource, id: string, v: SaveCannedReply): Promise<void> {
  await ds.query(`UPDATE canned_replies SET name = $2, body = $3, set_status = $4, set_group = $5, updated_at = now() WHERE id = $1`, [
    id,
    v.name,
    v.body,
    v.setStatus,
    v.setGroup,
  ]);
}

export async function deleteCannedReply(ds: DataSource, id: string): Promise<void> {
  await ds.query(`DELETE FROM canned_replies WHERE id = $1`, [id]);
}
