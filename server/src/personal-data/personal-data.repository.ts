import type { DataSource, EntityManager } from 'typeorm';
import type { FormFile, RetainedFileKind, RetentionReport } from '@cit/shared';

type Db = DataSource | EntityManager;

/** SQL of the GDPR duties: retention of request files, a person's data export, pseudonymisation. */

export interface RequestFile extends FormFile {
  id: string;
  sha256: string;
  purgedAt: Date | null;
}

export interface RetentionCandidate {
  ticketId: string;
  /** Day of the approval in Italy (YYYY-MM-DD). */
  approvedOn: string;
  /** End dates of the service records the request started (activation) or ended (cancellation). */
  recordEnds: Array<string | null>;
  files: RequestFile[];
}

/** Approved activation/cancellation requests that still have a file not purged, with their files and records. */
export async function retentionCandidates(db: Db): Promise<RetentionCandidate[]> {
  return (await db.query(
    `SELECT t.id AS "ticketId",
            to_char(t.approved_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') AS "approvedOn",
            COALESCE((SELECT json_agg(to_char(r.ends_on, 'YYYY-MM-DD')) FROM service_records r
                       WHERE (t.category = 'activation' AND r.request_ticket_id = t.id) OR (t.category = 'cancellation' AND r.cancellation_ticket_id = t.id)), '[]'::json) AS "recordEnds",
            (SELECT json_agg(json_build_object('id', a.id, 'sha256', a.sha256, 'fileName', a.file_name, 'kind', a.kind, 'check', a.signed_form_check, 'purgedAt', a.purged_at)
                             ORDER BY a.created_at, a.id)
               FROM ticket_attachments a WHERE a.ticket_id = t.id) AS files
       FROM tickets t
      WHERE t.category IN ('activation', 'cancellation') AND t.approval_state = 'approved' AND t.approved_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM ticket_attachments a WHERE a.ticket_id = t.id AND a.purged_at IS NULL)
      ORDER BY t.approved_at, t.id`,
  )) as RetentionCandidate[];
}

/** Marks attachments purged (only those not purged yet); answers the ids it marked now. */
export async function markPurged(db: Db, ids: readonly string[], reason: RetainedFileKind): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = (await db.query(
    `WITH u AS (UPDATE ticket_attachments SET purged_at = now(), purge_reason = $2 WHERE id = ANY($1::uuid[]) AND purged_at IS NULL RETURNING id) SELECT id FROM u`,
    [ids, reason],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Whether any row that keeps its content still points at a stored file (the store shares identical files). */
export async function contentStillUsed(db: Db, sha256: string): Promise<boolean> {
  const rows = (await db.query(
    `SELECT 1 FROM ticket_attachments WHERE sha256 = $1 AND purged_at IS NULL
     UNION ALL SELECT 1 FROM memberships WHERE document_sha256 = $1
     UNION ALL SELECT 1 FROM statements WHERE pdf_sha256 = $1
     LIMIT 1`,
    [sha256],
  )) as unknown[];
  return rows.length > 0;
}

/** Starts the run of a day; false when that day's run already finished (the job is idempotent per day). */
export async function beginRetentionRun(db: Db, runOn: string): Promise<boolean> {
  await db.query(`INSERT INTO retention_runs (run_on) VALUES ($1) ON CONFLICT (run_on) DO NOTHING`, [runOn]);
  const [row] = (await db.query(`SELECT finished_at FROM retention_runs WHERE run_on = $1`, [runOn])) as Array<{ finished_at: Date | null }>;
  return !row?.finished_at;
}

export async function finishRetentionRun(db: Db, report: RetentionReport): Promise<void> {
  await db.query(`UPDATE retention_runs SET finished_at = now(), report = $2::jsonb WHERE run_on = $1`, [report.runOn, JSON.stringify(report)]);
}

export async function retentionRuns(db: Db, limit: number): Promise<Array<{ runOn: string; finishedAt: Date | null; report: RetentionReport | null }>> {
  return (await db.query(
    `SELECT to_char(run_on, 'YYYY-MM-DD') AS "runOn", finished_at AS "finishedAt", report FROM retention_runs ORDER BY run_on DESC LIMIT $1`,
    [limit],
  )) as Array<{ runOn: string; finishedAt: Date | null; report: RetentionReport | null }>;
}

export interface PersonRow {
  id: string;
  email: string;
  name: string;
  role: string;
  language: string;
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  pseudonymisedAt: Date | null;
}

export async function personFor(db: Db, userId: string, lock = false): Promise<PersonRow | undefined> {
  const [row] = (await db.query(
    `SELECT id, email, name, role, language, created_at AS "createdAt", last_login_at AS "lastLoginAt", disabled_at AS "disabledAt",
            pseudonymised_at AS "pseudonymisedAt"
       FROM users WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [userId],
  )) as PersonRow[];
  return row;
}

/** Everything the product keeps about one person, as plain rows (the JSON of the export). */
export async function personalData(db: Db, userId: string, email: string): Promise<Record<string, unknown[]>> {
  const q = (sql: string, params: unknown[] = [userId]) => db.query(sql, params) as Promise<unknown[]>;
  return {
    enti: await q(`SELECT e.id, e.name FROM user_enti ue JOIN enti e ON e.id = ue.ente_id WHERE ue.user_id = $1 ORDER BY e.name`),
    ticketsRequested: await q(
      `SELECT id, title, description, category, status, created_at AS "createdAt" FROM tickets WHERE requester_id = $1 OR opened_by_id = $1 ORDER BY created_at`,
    ),
    followUps: await q(`SELECT id, ticket_id AS "ticketId", body, is_private AS "isPrivate", created_at AS "createdAt" FROM ticket_followups WHERE author_id = $1 ORDER BY created_at`),
    ticketHistory: await q(`SELECT ticket_id AS "ticketId", at, field, from_value AS "from", to_value AS "to" FROM ticket_history WHERE actor_id = $1 ORDER BY at, id`),
    attachments: await q(
      `SELECT id, ticket_id AS "ticketId", file_name AS "fileName", mime, size, created_at AS "createdAt", purged_at AS "purgedAt" FROM ticket_attachments WHERE uploaded_by = $1 ORDER BY created_at, id`,
    ),
    serviceRecordsAsReferent: await q(
      `SELECT id, service_code AS "serviceCode", starts_on AS "startsOn", ends_on AS "endsOn", referent_name AS "referentName", referent_email AS "referentEmail" FROM service_records WHERE referent_email = $1 ORDER BY starts_on, id`,
      [email],
    ),
    mailsReceived: await q(
      `SELECT id, template, subject, to_address AS "to", status, created_at AS "createdAt" FROM outgoing_mails WHERE recipient_user_id = $1 OR to_address = $2 ORDER BY created_at`,
      [userId, email],
    ),
    changesMade: await q(`SELECT at, entity, record_id AS "recordId", action FROM audit_log WHERE actor_id = $1 ORDER BY id`),
    openSessions: await q(`SELECT sess->>'device' AS device, sess->>'ip' AS ip, sess->>'signedInAt' AS "signedInAt" FROM http_sessions WHERE user_id = $1`),
  };
}

/** The stored files a person uploaded that still have their content, for the zip. */
export async function filesOf(db: Db, userId: string): Promise<Array<{ id: string; sha256: string; fileName: string }>> {
  return (await db.query(
    `SELECT id, sha256, file_name AS "fileName" FROM ticket_attachments WHERE uploaded_by = $1 AND purged_at IS NULL ORDER BY created_at, id`,
    [userId],
  )) as Array<{ id: string; sha256: string; fileName: string }>;
}

/** Replaces the person's identifying fields; the account can no longer sign in. */
export async function pseudonymiseUser(db: Db, userId: string, pseudonym: { name: string; email: string }): Promise<Date> {
  const [row] = (await db.query(
    `WITH u AS (UPDATE users SET name = $2, email = $3, password_hash = NULL, disabled_at = COALESCE(disabled_at, now()),
                       pseudonymised_at = now(), updated_at = now()
                 WHERE id = $1 RETURNING pseudonymised_at)
     SELECT pseudonymised_at AS at FROM u`,
    [userId, pseudonym.name, pseudonym.email],
  )) as Array<{ at: Date }>;
  if (!row) throw new Error('user vanished during pseudonymisation');
  return row.at;
}
