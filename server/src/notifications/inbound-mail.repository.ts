import type { DataSource, EntityManager } from 'typeorm';
import type { Recipient } from './recipients';

type Db = DataSource | EntityManager;

/** One message the inbound listener handled: what it became (a follow-up, a ticket) or why it was refused. */
export interface InboundLogEntry {
  mailFrom: string | null;
  rcpt: string | null;
  ticketId: string | null;
  userId: string | null;
  followUpId?: string | null;
  outcome: 'accepted' | 'rejected';
  reason?: string | null;
}

export async function logInboundMail(db: Db, e: InboundLogEntry): Promise<void> {
  await db.query(
    `INSERT INTO inbound_mail_log (mail_from, rcpt_to, ticket_id, user_id, followup_id, outcome, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.mailFrom, e.rcpt, e.ticketId, e.userId, e.followUpId ?? null, e.outcome, e.reason ?? null],
  );
}

/** An active Ente referent by e-mail address (case-insensitive): only they open tickets by e-mail. */
export async function enteReferentByEmail(db: Db, email: string): Promise<Recipient | undefined> {
  const [user] = (await db.query(
    `SELECT id, email, name, role, language, supplier_id AS "supplierId", mail_opt_out AS "mailOptOut"
       FROM users WHERE lower(email) = $1 AND disabled_at IS NULL AND role IN ('ente_user', 'capofila_user')`,
    [email.toLowerCase()],
  )) as Recipient[];
  return user;
}

/** The ticket and user a reply address was issued for, or undefined for an unknown token. */
export async function replyTokenTarget(db: Db, token: string): Promise<{ ticketId: string; userId: string } | undefined> {
  const [row] = (await db.query(`SELECT ticket_id AS "ticketId", user_id AS "userId" FROM mail_reply_tokens WHERE token = $1`, [token])) as Array<{
    ticketId: string;
    userId: string;
  }>;
  return row;
}

/** Whose a ticket is (Ente, supplier): what decides whether the sender may still see it; and whether it was deleted. */
export async function ticketScope(db: Db, ticketId: string): Promise<{ enteId: string; supplierId: string | null; status: string } | undefined> {
  const [row] = (await db.query(`SELECT ente_id AS "enteId", supplier_id AS "supplierId", status FROM tickets WHERE id = $1`, [ticketId])) as Array<{
    enteId: string;
    supplierId: string | null;
    status: string;
  }>;
  return row;
}

/** Any active user with this address (case-insensitive): the refusal answer greets them by name, in their language. */
export async function activeUserByEmail(db: Db, email: string): Promise<{ name: string; language: 'it' | 'en' } | undefined> {
  const [user] = (await db.query(`SELECT name, language FROM users WHERE lower(email) = $1 AND disabled_at IS NULL ORDER BY created_at LIMIT 1`, [
    email.toLowerCase(),
  ])) as Array<{ name: string; language: 'it' | 'en' }>;
  return user;
}
