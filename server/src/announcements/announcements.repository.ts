import type { DataSource, EntityManager } from 'typeorm';
import { announcementStatus, nextAnnouncementChange, type Announcement, type CreateAnnouncement, type CurrentAnnouncements } from '@cit/shared';
import type { TenantScope } from '../tenancy/scope';

/** Reads and writes of `announcements`, `announcement_enti` and `announcement_dismissals` (this module is their one writer). */

type Db = DataSource | EntityManager;

interface Row {
  id: string;
  title: string;
  body: string;
  severity: Announcement['severity'];
  startsAt: Date;
  endsAt: Date;
  allEnti: boolean;
  includeStaff: boolean;
  version: number;
  createdBy: string | null;
  updatedAt: Date;
  enti: Array<{ id: string; name: string }>;
}

const SELECT = `
  SELECT a.id, a.title, a.body, a.severity, a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.all_enti AS "allEnti",
         a.include_staff AS "includeStaff", a.version, u.name AS "createdBy", a.updated_at AS "updatedAt",
         COALESCE((SELECT json_agg(json_build_object('id', e.id, 'name', e.name) ORDER BY e.name)
                     FROM announcement_enti ae JOIN enti e ON e.id = ae.ente_id WHERE ae.announcement_id = a.id), '[]') AS enti
    FROM announcements a LEFT JOIN users u ON u.id = a.created_by`;

const toAnnouncement = (r: Row, now: Date): Announcement => {
  const startsAt = r.startsAt.toISOString();
  const endsAt = r.endsAt.toISOString();
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    severity: r.severity,
    startsAt,
    endsAt,
    allEnti: r.allEnti,
    enti: r.allEnti ? [] : r.enti,
    includeStaff: r.includeStaff,
    status: announcementStatus({ startsAt, endsAt }, now),
    version: r.version,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
  };
};

/** Not ended first (by start), then the ended ones, most recent first; the list is bounded (old ones only matter in the audit log). */
export async function listAnnouncements(db: Db, now: Date, limit = 200): Promise<Announcement[]> {
  const rows = (await db.query(`${SELECT} ORDER BY (a.ends_at <= $1), CASE WHEN a.ends_at > $1 THEN a.starts_at END, a.ends_at DESC, a.id LIMIT $2`, [
    now,
    limit,
  ])) as Row[];
  return rows.map((r) => toAnnouncement(r, now));
}

/** `forUpdate` locks the row for the rest of the transaction (a concurrent edit waits, then sees the new version). */
export async function readAnnouncement(db: Db, id: string, now: Date, forUpdate = false): Promise<Announcement | undefined> {
  if (forUpdate) await db.query(`SELECT 1 FROM announcements WHERE id = $1 FOR UPDATE`, [id]);
  const [row] = (await db.query(`${SELECT} WHERE a.id = $1`, [id])) as Row[];
  return row && toAnnouncement(row, now);
}

/** The Enti among `ids` that exist (the others are refused by the service, naming the field). */
export async function existingEnti(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = (await db.query(`SELECT id FROM enti WHERE id = ANY($1::uuid[])`, [ids])) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

export async function insertAnnouncement(tx: EntityManager, v: CreateAnnouncement, createdBy: string): Promise<string> {
  const [row] = (await tx.query(
    `INSERT INTO announcements (title, body, severity, starts_at, ends_at, all_enti, include_staff, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [v.title, v.body, v.severity, v.startsAt, v.endsAt, v.allEnti, v.includeStaff, createdBy],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('announcement insert returned nothing');
  await replaceAudience(tx, row.id, v.allEnti ? [] : v.enteIds);
  return row.id;
}

export async function updateAnnouncement(tx: EntityManager, id: string, v: CreateAnnouncement): Promise<void> {
  await tx.query(
    `UPDATE announcements SET title = $2, body = $3, severity = $4, starts_at = $5, ends_at = $6, all_enti = $7, include_staff = $8,
            version = version + 1, updated_at = now()
      WHERE id = $1`,
    [id, v.title, v.body, v.severity, v.startsAt, v.endsAt, v.allEnti, v.includeStaff],
  );
  await replaceAudience(tx, id, v.allEnti ? [] : v.enteIds);
}

/** Ends it at `now` (a scheduled one that never started ends at its start: the CHECK wants the end after the start). */
export async function endAnnouncement(tx: EntityManager, id: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE announcements SET ends_at = GREATEST($2::timestamptz, starts_at + interval '1 millisecond'),
            starts_at = LEAST(starts_at, $2::timestamptz), version = version + 1, updated_at = now()
      WHERE id = $1`,
    [id, now],
  );
}

async function replaceAudience(tx: EntityManager, id: string, enteIds: readonly string[]): Promise<void> {
  await tx.query(`DELETE FROM announcement_enti WHERE announcement_id = $1`, [id]);
  if (enteIds.length > 0) {
    await tx.query(`INSERT INTO announcement_enti (announcement_id, ente_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [id, [...new Set(enteIds)]]);
  }
}

/**
 * The audience condition of a user's scope, over the announcement `a`: staff see what includes them, an Ente user
 * what is for every Ente or for one of the Enti in scope; a supplier's staff see nothing (they are neither).
 */
function audienceSql(scope: TenantScope, params: unknown[]): string {
  switch (scope.kind) {
    case 'all':
      return 'a.include_staff';
    case 'enti':
      params.push(scope.enteIds);
      return `(a.all_enti OR EXISTS (SELECT 1 FROM announcement_enti ae WHERE ae.announcement_id = a.id AND ae.ente_id = ANY($${params.length}::uuid[])))`;
    case 'supplier':
      return 'false';
  }
}

/**
 * The banners a user sees now (started, not ended, not dismissed by them), most severe first, with the instant the
 * list changes by itself. Exported for other pages (the Ente's home) that show them too.
 */
export async function currentAnnouncements(db: Db, user: { id: string }, scope: TenantScope, now: Date): Promise<CurrentAnnouncements> {
  const params: unknown[] = [now, user.id];
  const rows = (await db.query(
    `SELECT a.id, a.title, a.body, a.severity, a.starts_at AS "startsAt", a.ends_at AS "endsAt"
       FROM announcements a
      WHERE a.ends_at > $1 AND ${audienceSql(scope, params)}
        AND NOT EXISTS (SELECT 1 FROM announcement_dismissals d WHERE d.announcement_id = a.id AND d.user_id = $2)
      ORDER BY array_position(ARRAY['critical', 'warning', 'info'], a.severity), a.starts_at, a.id`,
    params,
  )) as Array<{ id: string; title: string; body: string; severity: Announcement['severity']; startsAt: Date; endsAt: Date }>;
  const all = rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }));
  const shown = all.filter((a) => new Date(a.startsAt) <= now);
  const upcoming = all.filter((a) => new Date(a.startsAt) > now).map((a) => a.startsAt);
  return { items: shown, nextChangeAt: nextAnnouncementChange(shown, upcoming) };
}

/** Records the dismissal if the user sees that banner now; false when they do not (the route answers 404). */
export async function dismissAnnouncement(db: Db, id: string, user: { id: string }, scope: TenantScope, now: Date): Promise<boolean> {
  const params: unknown[] = [id, user.id, now];
  const rows = (await db.query(
    `INSERT INTO announcement_dismissals (announcement_id, user_id)
     SELECT a.id, $2 FROM announcements a WHERE a.id = $1 AND a.starts_at <= $3 AND a.ends_at > $3 AND ${audienceSql(scope, params)}
     ON CONFLICT DO NOTHING RETURNING announcement_id`,
    params,
  )) as unknown[];
  if (rows.length > 0) return true;
  // Dismissed before (the insert did nothing): still a success, the banner is gone either way.
  const [again] = (await db.query(`SELECT 1 FROM announcement_dismissals WHERE announcement_id = $1 AND user_id = $2`, [id, user.id])) as unknown[];
  return again !== undefined;
}
