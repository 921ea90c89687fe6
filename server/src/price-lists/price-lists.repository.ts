import type { DataSource, EntityManager } from 'typeorm';
import type { PriceListVersionStatus } from '@cit/shared';

type Db = DataSource | EntityManager;

/** A row of price_list_versions with the names of the people who created and published it. */
export interface VersionRow {
  id: string;
  period: string;
  effectiveFrom: string;
  status: PriceListVersionStatus;
  body: unknown;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
  updatedAt: Date;
  publishedAt: Date | null;
  publishedById: string | null;
  publishedByName: string | null;
  version: number;
}

const SELECT = `
  SELECT v.id, v.period, to_char(v.effective_from, 'YYYY-MM-DD') AS "effectiveFrom", v.status, v.body,
         v.created_at AS "createdAt", v.created_by AS "createdById", c.name AS "createdByName", v.updated_at AS "updatedAt",
         v.published_at AS "publishedAt", v.published_by AS "publishedById", p.name AS "publishedByName", v.version
  FROM price_list_versions v
  LEFT JOIN users c ON c.id = v.created_by
  LEFT JOIN users p ON p.id = v.published_by`;

/** Every version, newest period and effective date first, drafts before the published version they would replace. */
export async function listVersions(db: Db): Promise<VersionRow[]> {
  return (await db.query(`${SELECT} ORDER BY v.period DESC, v.effective_from DESC, v.status, v.created_at DESC`)) as VersionRow[];
}

export async function findVersion(db: Db, id: string, lock = false): Promise<VersionRow | undefined> {
  const rows = (await db.query(`${SELECT} WHERE v.id = $1${lock ? ' FOR UPDATE OF v' : ''}`, [id])) as VersionRow[];
  return rows[0];
}

/** The published versions: what every price computation applies. */
export async function publishedVersions(db: Db): Promise<Array<{ effectiveFrom: string; body: unknown }>> {
  return (await db.query(
    `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", body FROM price_list_versions
     WHERE status = 'published' ORDER BY period, effective_from`,
  )) as Array<{ effectiveFrom: string; body: unknown }>;
}

/**
 * What changes when a version is published: published rows are never updated or deleted (trigger), so their count
 * and latest publication time identify the set. One index-only aggregate, cheap enough to run before every use.
 */
export async function publishedStamp(db: Db): Promise<string> {
  const rows = (await db.query(
    `SELECT count(*)::int AS n, coalesce(max(published_at), 'epoch')::text AS at FROM price_list_versions WHERE status = 'published'`,
  )) as Array<{ n: number; at: string }>;
  return `${rows[0]?.n ?? 0}@${rows[0]?.at ?? ''}`;
}

export async function insertDraft(db: Db, row: { period: string; effectiveFrom: string; body: unknown; userId: string | null }): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO price_list_versions (period, effective_from, status, body, created_by, updated_by)
     VALUES ($1, $2, 'draft', $3, $4, $4) RETURNING id`,
    [row.period, row.effectiveFrom, JSON.stringify(row.body), row.userId],
  )) as Array<{ id: string }>;
  return rows[0]!.id;
}

export async function updateDraft(db: Db, id: string, row: { effectiveFrom: string; body: unknown; userId: string | null }): Promise<void> {
  await db.query(
    `UPDATE price_list_versions SET effective_from = $2, body = $3, updated_by = $4, updated_at = now(), version = version + 1
     WHERE id = $1 AND status = 'draft'`,
    [id, row.effectiveFrom, JSON.stringify(row.body), row.userId],
  );
}

/** Serialises publications of one period until the transaction ends, so the check below cannot race another one. */
export async function lockPeriodForPublication(db: Db, period: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('price_list_versions:' || $1))`, [period]);
}

/** Whether another published version of the period already takes effect that day (the unique index would refuse it). */
export async function publishedOnSameDay(db: Db, period: string, effectiveFrom: string): Promise<boolean> {
  const rows = (await db.query(
    `SELECT 1 FROM price_list_versions WHERE period = $1 AND effective_from = $2 AND status = 'published'`,
    [period, effectiveFrom],
  )) as unknown[];
  return rows.length > 0;
}

export async function markPublished(db: Db, id: string, userId: string | null): Promise<void> {
  await db.query(
    `UPDATE price_list_versions SET status = 'published', published_at = clock_timestamp(), published_by = $2, updated_by = $2,
            updated_at = now(), version = version + 1
     WHERE id = $1 AND status = 'draft'`,
    [id, userId],
  );
}
