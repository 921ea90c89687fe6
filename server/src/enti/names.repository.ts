import type { DataSource, EntityManager } from 'typeorm';

/**
 * Names of Enti referenced by rows the caller may already read (a ticket's or a billing entry's Ente and payer):
 * reading the name adds no visibility, so this lookup is not scoped.
 */
export async function enteNames(ds: DataSource, ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = (await ds.query(`SELECT id, name FROM enti WHERE id = ANY($1::uuid[])`, [unique])) as Array<{ id: string; name: string }>;
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every Ente with its name and codice fiscale, for imports that name Enti either way. */
export async function entiForMatching(db: DataSource | EntityManager): Promise<Array<{ id: string; name: string; fiscalCode: string }>> {
  return (await db.query(`SELECT id, name, fiscal_code AS "fiscalCode" FROM enti ORDER BY name`)) as Array<{ id: string; name: string; fiscalCode: string }>;
}

/**
 * The Enti among `ids` (already the caller's scope) by name, the caller's own links first: the Ente a referent
 * belongs to comes before the members a capofila referent acts for. At most `limit`.
 */
export async function scopeEntiByLink(db: DataSource | EntityManager, userId: string, ids: readonly string[], limit: number): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  return (await db.query(
    `SELECT e.id, e.name FROM enti e LEFT JOIN user_enti ue ON ue.ente_id = e.id AND ue.user_id = $1
      WHERE e.id = ANY($2::uuid[]) ORDER BY (ue.user_id IS NULL), e.name, e.id LIMIT $3`,
    [userId, ids, limit],
  )) as Array<{ id: string; name: string }>;
}
