import type { DataSource, EntityManager } from 'typeorm';
import type { Mailbox, MailboxKind, UnassignedMail } from '@cit/shared';

type Db = DataSource | EntityManager;

/** A mailbox with what the follower needs (the encrypted secret included): never sent to a client. */
export interface MailboxRow extends Mailbox {
  secretEnc: string;
  updatedBy: string | null;
}

const MAILBOX = `SELECT id, name, kind, host, port, tls, username, secret_enc AS "secretEnc", secret_enc <> '' AS "hasSecret", folder,
       done_folder AS "doneFolder", default_group AS "defaultGroup", default_type AS "defaultType", active, last_error AS "lastError",
       to_json(last_sync_at) #>> '{}' AS "lastSyncAt", version, updated_by AS "updatedBy" FROM mailboxes`;

export interface MailboxValues {
  name: string;
  kind: MailboxKind;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  secretEnc: string | null;
  folder: string;
  doneFolder: string | null;
  defaultGroup: string | null;
  defaultType: 'request' | 'incident';
  active: boolean;
}

/** What happened to one message of a mailbox (the idempotency record). */
export type MessageOutcome = 'followup' | 'ticket' | 'unassigned' | 'ignored' | 'receipt' | 'throttled' | 'duplicate';

export interface NewUnassigned {
  mailboxId: string | null;
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  body: string;
  reason: string;
  raw: Buffer;
}

export interface NewReceipt {
  mailboxId: string;
  kind: string;
  msgid: string | null;
  recipient: string | null;
  error: string | null;
  daticert: string;
  raw: Buffer;
}

/** The only writer of mailboxes, mailbox_messages, unassigned_mails and pec_receipts. */
export class MailboxesRepository {
  constructor(private readonly ds: DataSource) {}

  async list(db: Db = this.ds): Promise<MailboxRow[]> {
    return (await db.query(`${MAILBOX} ORDER BY lower(name), id`)) as MailboxRow[];
  }

  async get(id: string, db: Db = this.ds): Promise<MailboxRow | undefined> {
    const [row] = (await db.query(`${MAILBOX} WHERE id = $1`, [id])) as MailboxRow[];
    return row;
  }

  async lock(tx: EntityManager, id: string): Promise<MailboxRow | undefined> {
    const [row] = (await tx.query(`${MAILBOX} WHERE id = $1 FOR UPDATE`, [id])) as MailboxRow[];
    return row;
  }

  async nameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
    const rows = (await db.query(`SELECT 1 FROM mailboxes WHERE lower(name) = lower($1) AND ($2::uuid IS NULL OR id <> $2)`, [name, exceptId])) as unknown[];
    return rows.length > 0;
  }

  async groupExists(db: Db, key: string): Promise<boolean> {
    return ((await db.query(`SELECT 1 FROM support_groups WHERE key = $1 AND active`, [key])) as unknown[]).length > 0;
  }

  async insert(tx: EntityManager, v: MailboxValues, by: string): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO mailboxes (name, kind, host, port, tls, username, secret_enc, folder, done_folder, default_group, default_type, active, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, ''), $8, $9, $10, $11, $12, $13) RETURNING id`,
      [v.name, v.kind, v.host, v.port, v.tls, v.username, v.secretEnc, v.folder, v.doneFolder, v.defaultGroup, v.defaultType, v.active, by],
    )) as Array<{ id: string }>;
    if (!row) throw new Error('mailbox insert returned nothing');
    return row.id;
  }

  async update(tx: EntityManager, id: string, v: MailboxValues, by: string): Promise<void> {
    await tx.query(
      `UPDATE mailboxes SET name = $2, kind = $3, host = $4, port = $5, tls = $6, username = $7, secret_enc = COALESCE($8, secret_enc),
              folder = $9, done_folder = $10, default_group = $11, default_type = $12, active = $13, updated_by = $14,
              version = version + 1, updated_at = now(), last_error = NULL
        WHERE id = $1`,
      [id, v.name, v.kind, v.host, v.port, v.tls, v.username, v.secretEnc, v.folder, v.doneFolder, v.defaultGroup, v.defaultType, v.active, by],
    );
  }

  async remove(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`DELETE FROM mailboxes WHERE id = $1`, [id]);
  }

  async syncState(id: string, error: string | null): Promise<void> {
    await this.ds.query(`UPDATE mailboxes SET last_error = $2, last_sync_at = CASE WHEN $2::text IS NULL THEN now() ELSE last_sync_at END WHERE id = $1`, [
      id,
      error,
    ]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The idempotency record.

  /**
   * Claims one message for processing: true when this call inserted the claim. A message already claimed (done, or
   * left half-way by a process that died) is not processed again here; the caller asks `state` what to do.
   */
  async claim(mailboxId: string, uidValidity: bigint, uid: number, messageId: string | null, sender: string | null): Promise<boolean> {
    const rows = (await this.ds.query(
      `INSERT INTO mailbox_messages (mailbox_id, uidvalidity, uid, message_id, sender) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING uid`,
      [mailboxId, uidValidity.toString(), uid, messageId, sender],
    )) as unknown[];
    return rows.length > 0;
  }

  async state(mailboxId: string, uidValidity: bigint, uid: number): Promise<'processing' | 'done' | undefined> {
    const [row] = (await this.ds.query(`SELECT state FROM mailbox_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3`, [
      mailboxId,
      uidValidity.toString(),
      uid,
    ])) as Array<{ state: 'processing' | 'done' }>;
    return row?.state;
  }

  async staleClaim(mailboxId: string, uidValidity: bigint, uid: number, olderThanMs: number): Promise<boolean> {
    const rows = (await this.ds.query(
      `SELECT 1 FROM mailbox_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3 AND state = 'processing'
          AND claimed_at < now() - make_interval(secs => $4::double precision / 1000)`,
      [mailboxId, uidValidity.toString(), uid, olderThanMs],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Gives a claim back after our own failure (nothing was written), so that the next pass retries the message. */
  async release(mailboxId: string, uidValidity: bigint, uid: number): Promise<void> {
    await this.ds.query(`DELETE FROM mailbox_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3 AND state = 'processing'`, [
      mailboxId,
      uidValidity.toString(),
      uid,
    ]);
  }

  /** UIDs of this mailbox generation already done: the follower only flags or moves them. */
  async doneUids(mailboxId: string, uidValidity: bigint, uids: readonly number[]): Promise<Set<number>> {
    if (uids.length === 0) return new Set();
    const rows = (await this.ds.query(
      `SELECT uid::int AS uid FROM mailbox_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = ANY($3::bigint[]) AND state = 'done'`,
      [mailboxId, uidValidity.toString(), uids],
    )) as Array<{ uid: number }>;
    return new Set(rows.map((r) => r.uid));
  }

  /** Whether another message of this mailbox with the same Message-ID was already handled (a copy, a new UIDVALIDITY). */
  async seenMessageId(mailboxId: string, messageId: string, uidValidity: bigint, uid: number): Promise<boolean> {
    const rows = (await this.ds.query(
      // Copies processed side by side: the lowest UID is the original, the others are duplicates.
      `SELECT 1 FROM mailbox_messages WHERE mailbox_id = $1 AND message_id = $2 AND NOT (uidvalidity = $3 AND uid = $4)
          AND (state = 'done' OR uidvalidity <> $3 OR uid < $4) LIMIT 1`,
      [mailboxId, messageId, uidValidity.toString(), uid],
    )) as unknown[];
    return rows.length > 0;
  }

  async finish(mailboxId: string, uidValidity: bigint, uid: number, outcome: MessageOutcome, ticketId: string | null, reason: string | null): Promise<void> {
    await this.ds.query(
      `UPDATE mailbox_messages SET state = 'done', outcome = $4, ticket_id = $5, reason = $6, done_at = now()
        WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3`,
      [mailboxId, uidValidity.toString(), uid, outcome, ticketId, reason],
    );
  }

  /** Messages from a sender in the last hour, in every mailbox (the flood check). */
  async recentFromSender(sender: string): Promise<number> {
    const [row] = (await this.ds.query(`SELECT count(*)::int AS n FROM mailbox_messages WHERE sender = $1 AND claimed_at > now() - interval '1 hour'`, [
      sender,
    ])) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Unassigned mail.

  async addUnassigned(u: NewUnassigned): Promise<string> {
    const [row] = (await this.ds.query(
      `INSERT INTO unassigned_mails (mailbox_id, message_id, from_address, from_name, subject, body, reason, raw)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [u.mailboxId, u.messageId, u.fromAddress, u.fromName, u.subject, u.body, u.reason, u.raw],
    )) as Array<{ id: string }>;
    if (!row) throw new Error('unassigned insert returned nothing');
    return row.id;
  }

  async listUnassigned(status: 'open' | 'ticket' | 'discarded'): Promise<UnassignedMail[]> {
    return (await this.ds.query(
      `SELECT u.id, m.name AS "mailboxName", u.from_address AS "fromAddress", u.from_name AS "fromName", u.subject, u.body, u.reason,
              to_json(u.received_at) #>> '{}' AS "receivedAt", u.status, u.ticket_id AS "ticketId"
         FROM unassigned_mails u LEFT JOIN mailboxes m ON m.id = u.mailbox_id
        WHERE u.status = $1 ORDER BY u.received_at DESC, u.id LIMIT 500`,
      [status],
    )) as UnassignedMail[];
  }

  async lockUnassigned(tx: EntityManager, id: string): Promise<(UnassignedMail & { raw: Buffer; mailboxId: string | null }) | undefined> {
    const [row] = (await tx.query(
      `SELECT id, mailbox_id AS "mailboxId", from_address AS "fromAddress", from_name AS "fromName", subject, body, reason, raw,
              to_json(received_at) #>> '{}' AS "receivedAt", status, ticket_id AS "ticketId", NULL AS "mailboxName"
         FROM unassigned_mails WHERE id = $1 FOR UPDATE`,
      [id],
    )) as Array<UnassignedMail & { raw: Buffer; mailboxId: string | null }>;
    return row;
  }

  async closeUnassigned(tx: EntityManager, id: string, status: 'ticket' | 'discarded', ticketId: string | null, by: string): Promise<void> {
    await tx.query(`UPDATE unassigned_mails SET status = $2, ticket_id = $3, handled_by = $4, handled_at = now() WHERE id = $1`, [id, status, ticketId, by]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // PEC receipts.

  async addReceipt(r: NewReceipt, match: { ticketId: string | null; outgoingMailId: string | null; officialNoticeId: string | null }): Promise<string> {
    const [row] = (await this.ds.query(
      `INSERT INTO pec_receipts (mailbox_id, kind, msgid, recipient, error, ticket_id, outgoing_mail_id, official_notice_id, daticert, raw)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [r.mailboxId, r.kind, r.msgid, r.recipient, r.error, match.ticketId, match.outgoingMailId, match.officialNoticeId, r.daticert, r.raw],
    )) as Array<{ id: string }>;
    if (!row) throw new Error('receipt insert returned nothing');
    return row.id;
  }

  async receiptsOf(ticketId: string): Promise<Array<{ id: string; kind: string; recipient: string | null; error: string | null; receivedAt: string }>> {
    return (await this.ds.query(
      `SELECT id, kind, recipient, error, to_json(received_at) #>> '{}' AS "receivedAt" FROM pec_receipts WHERE ticket_id = $1 ORDER BY received_at, id`,
      [ticketId],
    )) as Array<{ id: string; kind: string; recipient: string | null; error: string | null; receivedAt: string }>;
  }
}
