import type { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/context';
import { Ticket } from '../tickets/ticket.entity';
import { notFound, AppError } from '../platform/http/errors';
import type { Notifier } from './notifier';

export interface OutgoingMailSummary {
  id: string;
  ticketId: string | null;
  recipientUserId: string | null;
  template: string;
  toAddress: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string | null;
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

const SUMMARY = `SELECT id, ticket_id AS "ticketId", recipient_user_id AS "recipientUserId", template, to_address AS "toAddress", subject,
       status, attempts, last_error AS "lastError", to_json(created_at) #>> '{}' AS "createdAt", to_json(sent_at) #>> '{}' AS "sentAt" FROM outgoing_mails`;

/** What the mail routes may do: follow a ticket, set preferences, and the admins' view of outgoing and caught mail. */
export class NotificationService {
  constructor(
    private readonly ds: DataSource,
    private readonly notifier: Notifier,
  ) {}

  /** Following needs the ticket to be visible to the caller, exactly as the API shows it. */
  async follow(auth: AuthContext, ticketId: string, on: boolean): Promise<{ following: boolean }> {
    await auth.db.get(Ticket, ticketId, 'Il ticket');
    if (on) {
      await this.ds.query(`INSERT INTO ticket_followers (ticket_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [ticketId, auth.user.id]);
    } else {
      await this.ds.query(`DELETE FROM ticket_followers WHERE ticket_id = $1 AND user_id = $2`, [ticketId, auth.user.id]);
    }
    return { following: on };
  }

  async following(auth: AuthContext, ticketId: string): Promise<{ following: boolean }> {
    await auth.db.get(Ticket, ticketId, 'Il ticket');
    const rows = (await this.ds.query(`SELECT 1 FROM ticket_followers WHERE ticket_id = $1 AND user_id = $2`, [ticketId, auth.user.id])) as unknown[];
    return { following: rows.length > 0 };
  }

  async preferences(
    auth: AuthContext,
    change: { mailOptOut?: boolean | undefined; language?: 'it' | 'en' | undefined; desktopNotifications?: boolean | undefined; phone?: string | null | undefined } = {},
  ) {
    const [row] = (await this.ds.query(
      // Through a CTE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
      `WITH u AS (UPDATE users SET mail_opt_out = COALESCE($2, mail_opt_out), language = COALESCE($3, language),
                         desktop_notifications = COALESCE($4, desktop_notifications),
                         phone = CASE WHEN $5::boolean THEN $6 ELSE phone END,
                         updated_at = CASE WHEN $2::boolean IS NULL AND $3::text IS NULL AND $4::boolean IS NULL AND NOT $5::boolean THEN updated_at ELSE now() END
                   WHERE id = $1 RETURNING mail_opt_out AS "mailOptOut", language, desktop_notifications AS "desktopNotifications", phone)
       SELECT * FROM u`,
      // phone: absent = unchanged, null (or empty) = removed.
      [auth.user.id, change.mailOptOut ?? null, change.language ?? null, change.desktopNotifications ?? null, change.phone !== undefined, change.phone || null],
    )) as Array<{ mailOptOut: boolean; language: 'it' | 'en'; desktopNotifications: boolean; phone: string | null }>;
    if (!row) throw notFound("L'utente");
    return row;
  }

  async listMails(filter: { status?: 'queued' | 'sent' | 'failed' | undefined; ticketId?: string | undefined; limit: number }): Promise<OutgoingMailSummary[]> {
    return (await this.ds.query(
      `${SUMMARY}
        WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR ticket_id = $2)
        ORDER BY created_at DESC, id LIMIT $3`,
      [filter.status ?? null, filter.ticketId ?? null, filter.limit],
    )) as OutgoingMailSummary[];
  }

  /** A failed (or stuck) mail goes back to the queue with a fresh attempt budget; a sent one is never resent. */
  async retry(mailId: string): Promise<OutgoingMailSummary> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(mailId)) throw notFound("L'e-mail");
    const [row] = (await this.ds.query(
      `WITH u AS (UPDATE outgoing_mails SET status = 'queued', attempts = 0 WHERE id = $1 AND status <> 'sent' RETURNING id) SELECT id FROM u`,
      [mailId],
    )) as Array<{ id: string }>;
    if (!row) {
      const exists = (await this.ds.query(`SELECT 1 FROM outgoing_mails WHERE id = $1`, [mailId])) as unknown[];
      if (exists.length === 0) throw notFound("L'e-mail");
      throw new AppError(409, 'mail_already_sent', "L'e-mail è già stata inviata.");
    }
    // A new job id: the old job stays in BullMQ's failed list, and an id already taken would add nothing.
    await this.notifier.enqueue(row.id, `mail-${row.id}-retry-${Date.now()}`);
    const [mail] = (await this.ds.query(`${SUMMARY} WHERE id = $1`, [row.id])) as OutgoingMailSummary[];
    if (!mail) throw notFound("L'e-mail");
    return mail;
  }

  async caught(limit: number): Promise<CaughtMail[]> {
    return (await this.ds.query(
      `SELECT id::text, to_json(received_at) #>> '{}' AS "receivedAt", mail_from AS "from", rcpt_to AS "to", subject, text, html, headers
         FROM dev_caught_mails ORDER BY id DESC LIMIT $1`,
      [limit],
    )) as CaughtMail[];
  }

  async caughtOne(id: string): Promise<CaughtMail> {
    if (!/^\d{1,18}$/.test(id)) throw notFound("L'e-mail");
    const [row] = (await this.ds.query(
      `SELECT id::text, to_json(received_at) #>> '{}' AS "receivedAt", mail_from AS "from", rcpt_to AS "to", subject, text, html, headers
         FROM dev_caught_mails WHERE id = $1`,
      [id],
    )) as CaughtMail[];
    if (!row) throw notFound("L'e-mail");
    return row;
  }
}
