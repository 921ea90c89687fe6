import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { cursorPart, type AuditAction, type AuditEntry, type AuditedEntity, type AuditList, type AuditQuery } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';

/** Who made a change, as it will be recorded (copied: the entry outlives renames of the account). */
export interface AuditActor {
  userId: string | null;
  name: string;
  email: string | null;
  /** The client's address as Express sees it (behind a proxy only with TRUST_PROXY set). */
  ip: string | null;
}

/** Changes made by commands, seeds and migrations rather than by a person. */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ userId: null, name: 'Sistema', email: null, ip: null });

export function auditActor(ctx: { req: Request; auth: AuthContext }): AuditActor {
  return { userId: ctx.auth.user.id, name: ctx.auth.user.name, email: ctx.auth.user.email, ip: ctx.req.ip ?? null };
}

export interface AuditChange {
  entity: AuditedEntity;
  recordId: string;
  action: AuditAction;
  /** The record as it was (null on create) and as it is (null on delete): plain JSON, e.g. the record's DTO. */
  before: unknown;
  after: unknown;
}

type Db = DataSource | EntityManager;

/** Records one change. Call it in the transaction that makes the change, so neither exists without the other. */
export async function recordChange(db: Db, actor: AuditActor, change: AuditChange): Promise<void> {
  await recordChanges(db, actor, [change]);
}

/** Many changes by one actor in one statement (an import, a merge). */
export async function recordChanges(db: Db, actor: AuditActor, changes: readonly AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_name, actor_email, ip, entity, record_id, action, before, after)
     SELECT $1, $2, $3, $4, c.entity, c.record_id, c.action, c.before::jsonb, c.after::jsonb
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS c(entity, record_id, action, before, after)`,
    [
      actor.userId,
      actor.name,
      actor.email,
      actor.ip,
      changes.map((c) => c.entity),
      changes.map((c) => c.recordId),
      changes.map((c) => c.action),
      changes.map((c) => json(c.before)),
      changes.map((c) => json(c.after)),
    ],
  );
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  actor_email: string | null;
  ip: string | null;
  entity: AuditedEntity;
  record_id: string;
  action: AuditAction;
  before: unknown;
  after: unknown;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: String(r.id),
  at: r.at.toISOString(),
  actor: { id: r.actor_id, name: r.actor_name, email: r.actor_email },
  ip: r.ip,
  entity: r.entity,
  recordId: r.record_id,
  action: r.action,
  before: r.before ?? null,
  after: r.after ?? null,
});

/** The most recent change of a record, e.g. to tell who overwrote what a user was editing. */
export async function lastChange(db: Db, entity: AuditedEntity, recordId: string): Promise<AuditEntry | null> {
  const rows = (await db.query(`SELECT * FROM audit_log WHERE entity = $1 AND record_id = $2 ORDER BY id DESC LIMIT 1`, [entity, recordId])) as AuditRow[];
  return rows[0] ? toEntry(rows[0]) : null;
}

/** The WHERE clause of a search's filters (days in Italian time) with its parameters; the list and its export share it. */
function auditFilter(q: AuditQuery): { where: string[]; params: unknown[]; add: (sql: string, value: unknown) => void } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.entity) add('entity = ?', q.entity);
  if (q.recordId) add('record_id = ?', q.recordId);
  if (q.actorId) add('actor_id = ?', q.actorId);
  if (q.from) add(`at >= (?::date)::timestamp AT TIME ZONE 'Europe/Rome'`, q.from);
  if (q.to) add(`at < ((?::date) + 1)::timestamp AT TIME ZONE 'Europe/Rome'`, q.to);
  return { where, params, add };
}

/** Every entry matching the search, newest first, as one SELECT for the export's cursor. */
export function auditExportQuery(q: AuditQuery): [string, unknown[]] {
  const { where, params } = auditFilter(q);
  return [
    `SELECT id::text, to_char(at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD HH24:MI:SS') AS at, actor_name, actor_email, ip, entity, record_id, action,
            before::text AS before, after::text AS after
       FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`,
    params,
  ];
}

/** Newest first, keyset-paged on the id (ids grow with time). Days are read in Italian time. */
export async function searchAudit(db: Db, q: AuditQuery): Promise<AuditList> {
  const { where, params, add } = auditFilter(q);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countParams = [...params];
  if (q.cursor) {
    const [id] = decodeCursor(q.cursor, z.tuple([cursorPart.serial]));
    add('id < ?::bigint', id);
  }
  params.push(q.limit + 1);
  const rows = (await db.query(
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  )) as AuditRow[];
  const [count] = (await db.query(`SELECT count(*)::int AS total FROM audit_log ${filter}`, countParams)) as Array<{ total: number }>;
  const items = rows.slice(0, q.limit).map(toEntry);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null, total: count?.total ?? 0 };
}
