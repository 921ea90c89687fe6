import type { DataSource, EntityManager } from 'typeorm';
import type { SessionData } from 'express-session';

export interface SessionRow {
  sid: string;
  sess: Partial<SessionData>;
  /** The last request that refreshed the session (rolling expiry minus its lifetime). */
  lastSeenAt: Date;
}

type Db = DataSource | EntityManager;

/**
 * The open sessions of a user. connect-pg-simple writes `expire` (timestamp without zone) from a timestamptz in
 * the connection's zone, so reading it back as timestamptz gives the right instant.
 */
export async function openSessions(db: Db, userId: string, ttlHours: number): Promise<SessionRow[]> {
  return (await db.query(
    `SELECT sid, sess, expire::timestamptz - make_interval(hours => $2) AS "lastSeenAt"
       FROM http_sessions WHERE user_id = $1 AND expire::timestamptz > now()
      ORDER BY expire DESC`,
    [userId, ttlHours],
  )) as SessionRow[];
}

/** Deletes the listed sessions of the user (never another user's); answers how many there were. */
export async function deleteSessions(db: Db, userId: string, sids: readonly string[]): Promise<number> {
  const rows = (await db.query(`WITH d AS (DELETE FROM http_sessions WHERE user_id = $1 AND sid = ANY($2::varchar[]) RETURNING 1) SELECT count(*)::int AS n FROM d`, [
    userId,
    sids,
  ])) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}

export async function userExists(db: Db, userId: string): Promise<boolean> {
  return ((await db.query(`SELECT 1 FROM users WHERE id = $1`, [userId])) as unknown[]).length > 0;
}
