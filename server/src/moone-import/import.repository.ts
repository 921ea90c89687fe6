import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Urgency } from '@cit/shared';
import { recordChanges, type AuditActor } from '../audit/audit-log.repository';
import { MOONE_PROTOCOL_YEAR } from '../tickets/tickets.service';
import type { TicketBundle } from './bundle';

/** Every read and write of the product's PostgreSQL for the MoOne import. */

type Db = DataSource | EntityManager;

export const IMPORT_ACTOR: AuditActor = Object.freeze({ userId: null, name: 'Importazione MoOne', email: null, ip: null });

/**
 * Author of MoOne rows whose user has no account here (no e-mail, automatic actions). Disabled, without a
 * password and without Enti: it can never sign in or see anything.
 */
export const PLACEHOLDER_EMAIL = 'importazione.moone@cit.invalid';

export async function enti(db: Db): Promise<Array<{ id: string; name: string; fiscal_code: string }>> {
  return (await db.query(`SELECT id, name, fiscal_code FROM enti ORDER BY name`)) as Array<{ id: string; name: string; fiscal_code: string }>;
}

export async function usersByEmail(db: Db): Promise<Map<string, { id: string; role: string }>> {
  const rows = (await db.query(`SELECT id, email, role FROM users`)) as Array<{ id: string; email: string; role: string }>;
  return new Map(rows.map((r) => [r.email, { id: r.id, role: r.role }]));
}

export async function suppliersByName(db: Db): Promise<Map<string, string>> {
  const rows = (await db.query(`SELECT id, lower(name) AS name FROM suppliers`)) as Array<{ id: string; name: string }>;
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function slaTargets(db: Db): Promise<Record<Urgency, { takeChargeMinutes: number; resolveMinutes: number }>> {
  const rows = (await db.query(`SELECT urgency, take_charge_minutes, resolve_minutes FROM sla_targets`)) as Array<{
    urgency: Urgency;
    take_charge_minutes: number;
    resolve_minutes: number;
  }>;
  return Object.fromEntries(rows.map((r) => [r.urgency, { takeChargeMinutes: r.take_charge_minutes, resolveMinutes: r.resolve_minutes }])) as Record<
    Urgency,
    { takeChargeMinutes: number; resolveMinutes: number }
  >;
}

export interface NewUser {
  email: string;
  name: string;
  role: 'ente_user' | 'operator';
  enteId: string | null;
  disabled: boolean;
}

/**
 * Creates the users MoOne has and the product has not, without a password (an admin sends the invitations);
 * an address that appeared meanwhile is left alone. Audited in the same transaction. Returns email → id.
 */
export async function createUsers(ds: DataSource, users: NewUser[]): Promise<Map<string, string>> {
  const created = new Map<string, string>();
  if (users.length === 0) return created;
  await ds.transaction(async (tx) => {
    const rows = (await tx.query(
      `INSERT INTO users (email, name, role, disabled_at)
       SELECT u.email, u.name, u.role, CASE WHEN u.disabled THEN now() END
         FROM json_to_recordset($1::json) AS u(email text, name text, role text, disabled boolean)
       ON CONFLICT (email) DO NOTHING
       RETURNING id, email, name, role`,
      [JSON.stringify(users)],
    )) as Array<{ id: string; email: string; name: string; role: string }>;
    const enteOf = new Map(users.map((u) => [u.email, u.enteId]));
    const links = rows.filter((r) => enteOf.get(r.email)).map((r) => ({ user_id: r.id, ente_id: enteOf.get(r.email) }));
    if (links.length > 0) {
      await tx.query(`INSERT INTO user_enti (user_id, ente_id) SELECT user_id, ente_id FROM json_to_recordset($1::json) AS l(user_id uuid, ente_id uuid)`, [
        JSON.stringify(links),
      ]);
    }
    await recordChanges(
      tx,
      IMPORT_ACTOR,
      rows.map((r) => ({ entity: 'users' as const, recordId: r.id, action: 'import' as const, before: null, after: { email: r.email, name: r.name, role: r.role, enteId: enteOf.get(r.email) ?? null } })),
    );
    for (const r of rows) created.set(r.email, r.id);
  });
  return created;
}

/** MoOne ID → local ticket and fingerprint of what was imported. */
export async function importedTickets(db: Db): Promise<Map<number, { localId: string; fingerprint: string }>> {
  const rows = (await db.query(`SELECT source_id, local_id, fingerprint FROM import_source_ids WHERE source = 'moone' AND kind = 'ticket'`)) as Array<{
    source_id: string;
    local_id: string;
    fingerprint: string;
  }>;
  return new Map(rows.map((r) => [Number(r.source_id), { localId: r.local_id, fingerprint: r.fingerprint }]));
}

export interface BatchItem {
  bundle: TicketBundle;
  fingerprint: string;
  /** Set when the ticket was imported before (it is replaced whole, keeping its id). */
  localId: string | null;
}

const TICKET_COLUMNS = [
  'id', 'protocol_year', 'protocol_number', 'ente_id', 'requester_id', 'opened_by_id', 'type', 'category', 'urgency', 'title', 'description',
  'status', 'return_status', 'pending_reason', 'assignee_id', 'support_group', 'supplier_id', 'solution', 'take_charge_minutes', 'resolve_minutes',
  'take_charge_due', 'resolve_due', 'take_charge_remaining', 'resolve_remaining', 'taken_at', 'solved_at', 'closed_at', 'deleted_at', 'sla_state',
  'queue_due', 'created_at', 'updated_at', 'approval_state', 'approval_reason', 'approved_by', 'approved_at', 'applied_at', 'channel',
].join(', ');

/** json_populate_recordset against the table's own row type: one statement per table and batch. */
async function insertRows(tx: EntityManager, table: string, columns: string, rows: object[], suffix = ''): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json) ${suffix}`, [JSON.stringify(rows)]);
}

/**
 * Writes whole tickets with all their children and their source-id rows in ONE transaction: a run killed at any
 * point leaves every ticket either entirely there (and recorded as imported) or not at all. A ticket changed in
 * MoOne is replaced whole: MoOne is the master of imported tickets while both systems run side by side.
 */
export async function writeBatch(ds: DataSource, items: BatchItem[]): Promise<void> {
  if (items.length === 0) return;
  await ds.transaction(async (tx) => {
    // No wait for the WAL flush at each batch: a crash can lose the last batches, never half of one (the next run
    // imports them again), and the import goes several times faster on a busy disk.
    await tx.query(`SET LOCAL synchronous_commit = off`);
    const replaced = items.map((i) => i.localId).filter((id): id is string => id !== null);
    if (replaced.length > 0) await tx.query(`DELETE FROM tickets WHERE id = ANY($1::uuid[])`, [replaced]);
    const tickets: object[] = [];
    const followups: object[] = [];
    const attachments: object[] = [];
    const history: object[] = [];
    const followers: object[] = [];
    const surveys: object[] = [];
    const facts: object[] = [];
    const map: object[] = [];
    for (const { bundle: b, fingerprint, localId } of items) {
      const id = localId ?? randomUUID();
      // Imported tickets keep MoOne's assignment: the routing rules are for tickets opened here.
      tickets.push({ ...b.ticket, id, protocol_year: MOONE_PROTOCOL_YEAR, protocol_number: b.mooneId, channel: 'import' });
      const followupIds = new Map<number, string>();
      for (const f of b.followups) {
        const fid = randomUUID();
        if (f.sourceKind === 'followups') followupIds.set(f.sourceId, fid);
        followups.push({ id: fid, ticket_id: id, author_id: f.authorId, body: f.body, is_private: f.isPrivate, created_at: f.createdAt });
      }
      for (const a of b.attachments) {
        const { followupSourceId, ...row } = a;
        attachments.push({ ...row, ticket_id: id, followup_id: followupSourceId === null ? null : (followupIds.get(followupSourceId) ?? null) });
      }
      for (const h of b.history) history.push({ ...h, ticket_id: id });
      for (const user_id of b.followers) followers.push({ ticket_id: id, user_id });
      if (b.survey) surveys.push({ ...b.survey, ticket_id: id, ente_id: b.enteId, operator_id: b.ticket.assignee_id, updated_at: b.survey.answered_at });
      facts.push({ ...b.facts, ticket_id: id, moone_id: b.mooneId });
      map.push({ source: 'moone', kind: 'ticket', source_id: b.mooneId, local_id: id, fingerprint });
    }
    await insertRows(tx, 'tickets', TICKET_COLUMNS, tickets);
    await insertRows(tx, 'ticket_followups', 'id, ticket_id, author_id, body, is_private, created_at', followups);
    await insertRows(tx, 'ticket_attachments', 'ticket_id, followup_id, sha256, size, mime, kind, file_name, uploaded_by, created_at', attachments);
    await insertRows(tx, 'ticket_history', 'ticket_id, actor_id, at, field, from_value, to_value', history);
    await insertRows(tx, 'ticket_followers', 'ticket_id, user_id', followers, 'ON CONFLICT DO NOTHING');
    await insertRows(tx, 'ticket_surveys', 'ticket_id, ente_id, operator_id, score, comment, answered_at, updated_at', surveys);
    await insertRows(tx, 'moone_tickets', 'ticket_id, moone_id, entity_name, status_label, category, request_type, contracts', facts);
    await insertRows(
      tx,
      'import_source_ids',
      'source, kind, source_id, local_id, fingerprint',
      map,
      'ON CONFLICT (source, kind, source_id) DO UPDATE SET local_id = excluded.local_id, fingerprint = excluded.fingerprint, imported_at = now()',
    );
  });
}

/** Imported tickets per Ente, for the report. */
export async function importedTicketsPerEnte(db: Db): Promise<Record<string, number>> {
  const rows = (await db.query(
    `SELECT e.name, count(*)::int AS n FROM tickets t JOIN enti e ON e.id = t.ente_id WHERE t.protocol_year = $1 GROUP BY e.name`,
    [MOONE_PROTOCOL_YEAR],
  )) as Array<{ name: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}
