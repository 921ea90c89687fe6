import type { DataSource, EntityManager } from 'typeorm';
import { SignedFormCheckSchema, type FormFile, type FormVerdictInput, type SignedFormCheck } from '@cit/shared';

/** Reads the apply job needs about a request ticket. */

/** The request form: the validly signed one first, else the earliest PDF or .p7m; null when none was uploaded. */
export async function requestFormOf(tx: EntityManager, ticketId: string): Promise<{ id: string; createdAt: Date } | null> {
  const [form] = (await tx.query(
    `SELECT id, created_at FROM ticket_attachments WHERE ticket_id = $1 AND kind IN ('pdf', 'signed_p7m')
     ORDER BY (signed_form_check->>'verdict' = 'valid') DESC NULLS LAST, created_at LIMIT 1`,
    [ticketId],
  )) as Array<{ id: string; created_at: Date }>;
  return form ? { id: form.id, createdAt: form.created_at } : null;
}

export async function referentOf(tx: EntityManager, userId: string): Promise<{ name: string; email: string } | null> {
  const [row] = (await tx.query(`SELECT name, email FROM users WHERE id = $1`, [userId])) as Array<{ name: string; email: string }>;
  return row ?? null;
}

/**
 * Approved requests still not applied `graceMinutes` after approval, oldest first. A business failure («non
 * applicata») is left out: asking again would fail the same way; it waits for an admin to re-apply it.
 */
export async function approvedNotApplied(tx: EntityManager, graceMinutes: number, limit = 500): Promise<string[]> {
  const rows = (await tx.query(
    `SELECT id FROM tickets
     WHERE approval_state = 'approved' AND applied_at IS NULL AND apply_failed_at IS NULL
       AND approved_at < now() - make_interval(mins => $1)
     ORDER BY approved_at LIMIT $2`,
    [graceMinutes, limit],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Whether the Ente has a convention with the CIT (membership) in force on a date. */
export async function isMemberOn(db: EntityManager | DataSource, enteId: string, date: string): Promise<boolean> {
  const rows = (await db.query(
    `SELECT 1 FROM memberships m JOIN convention_periods p ON p.code = m.period_code
     WHERE m.ente_id = $1 AND $2::date BETWEEN p.starts_on AND p.ends_on LIMIT 1`,
    [enteId, date],
  )) as unknown[];
  return rows.length > 0;
}

/** Every file of a request ticket with the signed-form check stored at upload, for the form rule at approval. */
export async function formFilesOf(tx: EntityManager, ticketId: string): Promise<FormFile[]> {
  const rows = (await tx.query(`SELECT file_name, kind, signed_form_check FROM ticket_attachments WHERE ticket_id = $1 ORDER BY created_at`, [ticketId])) as Array<{
    file_name: string;
    kind: FormFile['kind'];
    signed_form_check: SignedFormCheck | null;
  }>;
  return rows.map((r) => ({ fileName: r.file_name, kind: r.kind, check: r.signed_form_check }));
}

/**
 * The files of a request ticket in upload order (as the approval rule reads them), or null when the ticket is not
 * an activation/cancellation: the download audit tells the signed form from the identity document with them.
 */
export async function requestFilesOf(db: DataSource | EntityManager, ticketId: string): Promise<Array<FormFile & { id: string }> | null> {
  const rows = (await db.query(
    `SELECT a.id, a.file_name, a.kind, a.signed_form_check, t.category
       FROM tickets t LEFT JOIN ticket_attachments a ON a.ticket_id = t.id
      WHERE t.id = $1 ORDER BY a.created_at, a.id`,
    [ticketId],
  )) as Array<{ id: string | null; file_name: string; kind: FormFile['kind']; signed_form_check: unknown; category: string }>;
  if (rows[0]?.category !== 'activation' && rows[0]?.category !== 'cancellation') return null;
  return rows
    .filter((r): r is typeof r & { id: string } => r.id !== null)
    .map((r) => {
      const check = r.signed_form_check === null ? null : SignedFormCheckSchema.safeParse(r.signed_form_check);
      return { id: r.id, fileName: r.file_name, kind: r.kind, check: check?.success ? check.data : null };
    });
}

/** The paying capofila as printed on a member's request form (name and codice fiscale only). */
export async function payerOnForm(db: DataSource, enteId: string): Promise<{ name: string; fiscalCode: string; pec: string | null } | null> {
  const [row] = (await db.query(`SELECT name, fiscal_code, pec FROM enti WHERE id = $1`, [enteId])) as Array<{ name: string; fiscal_code: string; pec: string | null }>;
  return row ? { name: row.name, fiscalCode: row.fiscal_code.trim(), pec: row.pec } : null;
}

/**
 * What the approver's verdict needs for each request ticket: its files with their stored checks (older checks
 * read through the schema, which fills the fields added since), the requester's codice fiscale, the Ente's
 * authorised signatories (declared ones and membership signatories, by codice fiscale where recorded, else by name) and the request.
 */
export async function verdictInputsOf(db: DataSource | EntityManager, ticketIds: readonly string[]): Promise<Map<string, FormVerdictInput>> {
  const out = new Map<string, FormVerdictInput>();
  if (ticketIds.length === 0) return out;
  const tickets = (await db.query(
    `SELECT t.id, t.ente_id, t.category, t.service_code, t.quantity, cardinality(t.target_record_ids) AS targets, e.fiscal_code AS ente_cf, u.fiscal_code AS requester_cf
       FROM tickets t JOIN enti e ON e.id = t.ente_id LEFT JOIN users u ON u.id = t.requester_id
      WHERE t.id = ANY($1::uuid[]) AND t.category IN ('activation', 'cancellation')`,
    [ticketIds],
  )) as Array<{ id: string; ente_id: string; category: 'activation' | 'cancellation'; service_code: string | null; quantity: number; targets: number; ente_cf: string; requester_cf: string | null }>;
  if (tickets.length === 0) return out;
  const files = (await db.query(
    `SELECT ticket_id, file_name, kind, signed_form_check FROM ticket_attachments WHERE ticket_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [tickets.map((t) => t.id)],
  )) as Array<{ ticket_id: string; file_name: string; kind: FormFile['kind']; signed_form_check: unknown }>;
  const enteIds = [...new Set(tickets.map((t) => t.ente_id))];
  const people = (await db.query(
    `SELECT ente_id, full_name, fiscal_code FROM ente_signatories WHERE ente_id = ANY($1::uuid[])
     UNION ALL SELECT ente_id, signer, signer_fiscal_code FROM memberships WHERE ente_id = ANY($1::uuid[])`,
    [enteIds],
  )) as Array<{ ente_id: string; full_name: string; fiscal_code: string | null }>;
  for (const t of tickets) {
    out.set(t.id, {
      files: files
        .filter((f) => f.ticket_id === t.id)
        .map((f) => {
          const check = f.signed_form_check === null ? null : SignedFormCheckSchema.safeParse(f.signed_form_check);
          return { fileName: f.file_name, kind: f.kind, check: check?.success ? check.data : null };
        }),
      requesterFiscalCode: t.requester_cf?.trim() ?? null,
      signatories: people.filter((p) => p.ente_id === t.ente_id).map((p) => ({ fullName: p.full_name, fiscalCode: p.fiscal_code?.trim() ?? null })),
      request: { category: t.category, serviceCode: t.service_code, quantity: t.category === 'activation' ? t.quantity : Number(t.targets), enteFiscalCode: t.ente_cf.trim() },
    });
  }
  return out;
}
