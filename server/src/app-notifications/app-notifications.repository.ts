import type { DataSource } from 'typeorm';
import type { AppNotification, AppNotificationKind } from '@cit/shared';
import { formatProtocol } from '../tickets/tickets.service';

/** What the planner needs to know about the ticket an event is about. */
export interface NotifiedTicket {
  id: string;
  enteId: string;
  requesterId: string;
  assigneeId: string | null;
  supplierId: string | null;
  category: string;
  approvalState: string;
}

export interface NewNotification {
  userId: string;
  kind: AppNotificationKind;
  ticketId: string;
  dedupKey: string;
}

/** The only writer and reader of app_notifications. */
export class AppNotificationsRepository {
  constructor(private readonly ds: DataSource) {}

  async ticket(id: string): Promise<NotifiedTicket | null> {
    const [t] = (await this.ds.query(
      `SELECT id, ente_id AS "enteId", requester_id AS "requesterId", assignee_id AS "assigneeId", supplier_id AS "supplierId",
              category, approval_state AS "approvalState" FROM tickets WHERE id = $1`,
      [id],
    )) as NotifiedTicket[];
    return t ?? null;
  }

  /** Whether a follow-up is public (private notes never notify the Ente side; staff see them in the ticket). */
  async followUpIsPublic(id: string): Promise<boolean> {
    const [f] = (await this.ds.query(`SELECT is_private FROM ticket_followups WHERE id = $1`, [id])) as Array<{ is_private: boolean }>;
    return f?.is_private === false;
  }

  async followers(ticketId: string): Promise<string[]> {
    return ((await this.ds.query(`SELECT user_id FROM ticket_followers WHERE ticket_id = $1`, [ticketId])) as Array<{ user_id: string }>).map((r) => r.user_id);
  }

  async supplierUsers(supplierId: string): Promise<string[]> {
    return ((await this.ds.query(`SELECT id FROM users WHERE supplier_id = $1 AND disabled_at IS NULL`, [supplierId])) as Array<{ id: string }>).map((r) => r.id);
  }

  /** Inserts once per dedup key (the outbox may run a handler twice); returns the users who got a new row. */
  async insert(rows: readonly NewNotification[], at: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted = (await this.ds.query(
      `INSERT INTO app_notifications (user_id, kind, ticket_id, dedup_key, created_at)
       SELECT r.u, r.k, r.t, r.d, $5::timestamptz FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS r (u, k, t, d)
       ON CONFLICT (dedup_key) DO NOTHING RETURNING user_id`,
      [rows.map((r) => r.userId), rows.map((r) => r.kind), rows.map((r) => r.ticketId), rows.map((r) => r.dedupKey), at],
    )) as Array<{ user_id: string }>;
    return [...new Set(inserted.map((r) => r.user_id))];
  }

  async list(userId: string, limit: number): Promise<AppNotification[]> {
    const rows = (await this.ds.query(
      `SELECT n.id::text, n.kind, n.ticket_id, t.protocol_year, t.protocol_number, t.title, to_json(n.created_at) #>> '{}' AS created_at,
              n.read_at IS NOT NULL AS read
         FROM app_notifications n JOIN tickets t ON t.id = n.ticket_id
        WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2`,
      [userId, limit],
    )) as Array<{ id: string; kind: AppNotificationKind; ticket_id: string; protocol_year: number; protocol_number: number; title: string; created_at: string; read: boolean }>;
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      ticketId: r.ticket_id,
      protocol: formatProtocol(r.protocol_year, r.protocol_number),
      title: r.title,
      createdAt: r.created_at,
      read: r.read,
    }));
  }

  async unread(userId: string): Promise<number> {
    const [r] = (await this.ds.query(`SELECT count(*)::int AS n FROM app_notifications WHERE user_id = $1 AND read_at IS NULL`, [userId])) as Array<{ n: number }>;
    return r?.n ?? 0;
  }

  /** Tickets with an unread reply or fix to test: the «nuova risposta» markers (bounded: a list shows a page). */
  async unreadTickets(userId: string): Promise<string[]> {
    const rows = (await this.ds.query(
      `SELECT DISTINCT ticket_id FROM app_notifications WHERE user_id = $1 AND read_at IS NULL AND kind IN ('reply', 'to_test') LIMIT 500`,
      [userId],
    )) as Array<{ ticket_id: string }>;
    return rows.map((r) => r.ticket_id);
  }

  /** Marks the caller's own rows read; someone else's ids simply match nothing. Returns how many changed. */
  async markRead(userId: string, which: { ids?: readonly string[] | undefined; ticketId?: string | undefined; all?: true | undefined }, at: Date): Promise<number> {
    const rows = (await this.ds.query(
      `WITH u AS (UPDATE app_notifications SET read_at = $5
                   WHERE user_id = $1 AND read_at IS NULL
                     AND ($2::boolean OR id = ANY($3::bigint[]) OR ticket_id = $4::uuid)
                 RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [userId, which.all === true, which.ids ?? [], which.ticketId ?? null, at],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }
}
