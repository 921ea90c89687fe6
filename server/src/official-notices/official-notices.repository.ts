import type { DataSource, EntityManager } from 'typeorm';
import type { OfficialNotice, OfficialNoticeAct, OfficialNoticeStatus } from '@cit/shared';

type Db = DataSource | EntityManager;

export interface NewNotice {
  id: string;
  /** One notice per act, ever: a second insert under the same key is skipped. */
  actKey: string;
  act: OfficialNoticeAct;
  enteId: string;
  ticketId: string | null;
  statementId: string | null;
  toAddress: string | null;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** `queued` to be sent, or `not_sendable` with the reason. */
  status: 'queued' | 'not_sendable';
  reason: string | null;
}

export interface NoticeRow {
  id: string;
  act: OfficialNoticeAct;
  enteId: string;
  ticketId: string | null;
  statementId: string | null;
  toAddress: string | null;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  status: OfficialNoticeStatus;
  attempts: number;
}

/** What an approval or rejection notice says, and where it goes. */
export interface TicketActFacts {
  id: string;
  protocolYear: number;
  protocolNumber: number;
  title: string;
  serviceCode: string | null;
  approvalReason: string | null;
  enteId: string;
  enteName: string;
  entePec: string | null;
}

/** A statement of a run with its payer: one notice by PEC and one e-mail per referent. */
export interface StatementFacts {
  id: string;
  number: number;
  year: number;
  half: 1 | 2;
  version: number;
  outstandingCents: number;
  dueOn: string;
  enteId: string;
  enteName: string;
  entePec: string | null;
}

export interface Person {
  id: string;
  email: string;
  name: string;
  language: 'it' | 'en';
}

const NOTICE = `SELECT id, act, ente_id AS "enteId", ticket_id AS "ticketId", statement_id AS "statementId", to_address AS "toAddress",
       subject, text, html, message_id AS "messageId", status, attempts FROM official_notices`;

/** The only writer of official_notices; also the reads the notices are composed from. */
export class OfficialNoticesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Returns whether the notice was inserted (false: this act has its notice already). */
  async insert(tx: EntityManager, n: NewNotice): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO official_notices (id, act_key, act, ente_id, ticket_id, statement_id, to_address, subject, text, html, message_id, status, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (act_key) DO NOTHING RETURNING id`,
      [n.id, n.actKey, n.act, n.enteId, n.ticketId, n.statementId, n.toAddress, n.subject, n.text, n.html, n.messageId, n.status, n.reason],
    )) as unknown[];
    return rows.length > 0;
  }

  async lock(tx: EntityManager, id: string): Promise<NoticeRow | undefined> {
    const [row] = (await tx.query(`${NOTICE} WHERE id = $1 FOR UPDATE`, [id])) as NoticeRow[];
    return row;
  }

  async markSent(tx: EntityManager, id: string): Promise<void> {
    // A receipt may already have moved it on (the provider answers while the SMTP session closes).
    await tx.query(
      `UPDATE official_notices SET status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END, sent_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = $1`,
      [id],
    );
  }

  /** A failed attempt; at the last one the notice becomes `failed` (listed for the admins). */
  async markAttemptFailed(tx: EntityManager, id: string, error: string, maxAttempts: number): Promise<void> {
    await tx.query(
      `UPDATE official_notices SET attempts = attempts + 1, last_error = $2,
              status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END,
              failed_at = CASE WHEN attempts + 1 >= $3 THEN now() ELSE failed_at END
        WHERE id = $1`,
      [id, error.slice(0, 2000), maxAttempts],
    );
  }

  async markNotSendable(tx: EntityManager, id: string, reason: string): Promise<void> {
    await tx.query(`UPDATE official_notices SET status = 'not_sendable', reason = $2 WHERE id = $1 AND status = 'queued'`, [id, reason]);
  }

  /** Back in the queue after an admin's retry: the address as the Ente's data give it now, the attempts from zero. */
  async requeue(tx: EntityManager, id: string, toAddress: string): Promise<void> {
    await tx.query(
      `UPDATE official_notices SET status = 'queued', to_address = $2, reason = NULL, attempts = 0, last_error = NULL, failed_at = NULL
        WHERE id = $1 AND status IN ('not_sendable', 'failed')`,
      [id, toAddress],
    );
  }

  async entePec(tx: EntityManager, enteId: string): Promise<string | null> {
    const [row] = (await tx.query(`SELECT NULLIF(trim(pec), '') AS pec FROM enti WHERE id = $1`, [enteId])) as Array<{ pec: string | null }>;
    return row?.pec ?? null;
  }

  async get(id: string): Promise<OfficialNotice | undefined> {
    return (await this.list(undefined, 1, id))[0];
  }

  /** The notice a receipt certifies, by the Message-ID quoted in daticert.xml (with or without angle brackets). */
  async byMessageId(messageId: string, db: Db = this.ds): Promise<NoticeRow | undefined> {
    const bare = messageId.trim().replace(/^<|>$/g, '');
    const [row] = (await db.query(`${NOTICE} WHERE message_id IN ($1, $2)`, [bare, `<${bare}>`])) as NoticeRow[];
    return row;
  }

  async setStatus(tx: EntityManager, id: string, status: OfficialNoticeStatus, reason: string | null): Promise<void> {
    await tx.query(
      `UPDATE official_notices SET status = $2,
              accepted_at = CASE WHEN $2 = 'accepted' THEN now() ELSE accepted_at END,
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
              failed_at = CASE WHEN $2 = 'failed' THEN now() ELSE failed_at END,
              reason = CASE WHEN $2 = 'failed' THEN $3 ELSE reason END
        WHERE id = $1`,
      [id, status, reason],
    );
  }

  async list(status: OfficialNoticeStatus | undefined, limit = 500, id: string | null = null): Promise<OfficialNotice[]> {
    return (await this.ds.query(
      `SELECT n.id, n.act, n.ente_id AS "enteId", e.name AS "enteName", n.ticket_id AS "ticketId", n.statement_id AS "statementId",
              n.to_address AS "toAddress", n.subject, n.message_id AS "messageId", n.status, n.reason, n.attempts, n.last_error AS "lastError",
              to_json(n.created_at) #>> '{}' AS "createdAt", to_json(n.sent_at) #>> '{}' AS "sentAt", to_json(n.delivered_at) #>> '{}' AS "deliveredAt"
         FROM official_notices n JOIN enti e ON e.id = n.ente_id
        WHERE ($1::text IS NULL OR n.status = $1) AND ($3::uuid IS NULL OR n.id = $3) ORDER BY n.created_at DESC, n.id LIMIT $2`,
      [status ?? null, limit, id],
    )) as OfficialNotice[];
  }

  /** The notices of a run's statements that could not leave (the staff's e-mail lists them all, even after a retry). */
  async unsendableOfRun(runId: string): Promise<Array<{ enteName: string; number: number; year: number; reason: string | null }>> {
    return (await this.ds.query(
      `SELECT e.name AS "enteName", s.number, s.year, n.reason FROM official_notices n
         JOIN statements s ON s.id = n.statement_id JOIN enti e ON e.id = n.ente_id
        WHERE s.run_id = $1 AND n.status = 'not_sendable' ORDER BY e.name, s.number`,
      [runId],
    )) as Array<{ enteName: string; number: number; year: number; reason: string | null }>;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads the notices are composed from (nothing else is written here).

  async ticketAct(ticketId: string): Promise<TicketActFacts | undefined> {
    const [row] = (await this.ds.query(
      `SELECT t.id, t.protocol_year AS "protocolYear", t.protocol_number AS "protocolNumber", t.title, t.service_code AS "serviceCode",
              t.approval_reason AS "approvalReason", e.id AS "enteId", e.name AS "enteName", NULLIF(trim(e.pec), '') AS "entePec"
         FROM tickets t JOIN enti e ON e.id = t.ente_id WHERE t.id = $1`,
      [ticketId],
    )) as TicketActFacts[];
    return row;
  }

  async statementsOfRun(runId: string): Promise<StatementFacts[]> {
    return (await this.ds.query(
      `SELECT s.id, s.number, s.year, s.half, s.version, s.outstanding_cents::bigint::float8 AS "outstandingCents", to_char(s.due_on, 'YYYY-MM-DD') AS "dueOn",
              e.id AS "enteId", e.name AS "enteName", NULLIF(trim(e.pec), '') AS "entePec"
         FROM statements s JOIN enti e ON e.id = s.payer_ente_id WHERE s.run_id = $1 ORDER BY e.name, s.id`,
      [runId],
    )) as StatementFacts[];
  }

  /** The rendered PDF of a statement (attached to its notice: the PEC then certifies the document itself). */
  async statementPdf(statementId: string): Promise<{ sha256: string; fileName: string } | undefined> {
    const [row] = (await this.ds.query(
      `SELECT pdf_sha256 AS sha256, 'estratto-conto-' || year || '-semestre-' || half || '-n' || number || '-v' || version || '.pdf' AS "fileName"
         FROM statements WHERE id = $1 AND pdf_sha256 IS NOT NULL`,
      [statementId],
    )) as Array<{ sha256: string; fileName: string }>;
    return row;
  }

  /** The active referents of these Enti (who read the statements), by Ente. */
  async referentsOf(enteIds: readonly string[]): Promise<Map<string, Person[]>> {
    const rows = (await this.ds.query(
      `SELECT ue.ente_id AS "enteId", u.id, u.email, u.name, u.language FROM users u JOIN user_enti ue ON ue.user_id = u.id
        WHERE ue.ente_id = ANY($1::uuid[]) AND u.disabled_at IS NULL AND u.role IN ('ente_user', 'capofila_user') ORDER BY u.email`,
      [enteIds],
    )) as Array<Person & { enteId: string }>;
    const out = new Map<string, Person[]>();
    for (const { enteId, ...p } of rows) out.set(enteId, [...(out.get(enteId) ?? []), p]);
    return out;
  }

  /** The CIT staff told of notices that could not be sent. */
  async staff(): Promise<Person[]> {
    return (await this.ds.query(
      `SELECT id, email, name, language FROM users WHERE role IN ('operator', 'admin') AND disabled_at IS NULL ORDER BY email`,
    )) as Person[];
  }
}
