import type { DataSource, EntityManager } from 'typeorm';
import type { MembershipRecord } from '@cit/shared';

type Db = DataSource | EntityManager;

const COLUMNS = `m.id, m.ente_id, m.period_code, m.signer, m.signer_fiscal_code, m.signed_on::text, m.resolution_number, m.resolution_date::text,
  m.joined_on::text, m.left_on::text, m.payer_ente_id, p.name AS payer_name, m.recorded_quota, m.document_sha256,
  m.document_name, m.document_mime, m.document_size, m.version`;

interface Row {
  id: string;
  ente_id: string;
  period_code: string;
  signer: string;
  signer_fiscal_code: string | null;
  signed_on: string;
  resolution_number: string;
  resolution_date: string;
  joined_on: string | null;
  left_on: string | null;
  payer_ente_id: string | null;
  payer_name: string | null;
  recorded_quota: string | null;
  document_sha256: string | null;
  document_name: string | null;
  document_mime: string | null;
  document_size: number | null;
  version: number;
}

const record = (r: Row): MembershipRecord => ({
  id: r.id,
  enteId: r.ente_id,
  period: r.period_code,
  signer: r.signer,
  signerFiscalCode: r.signer_fiscal_code,
  signedOn: r.signed_on,
  resolutionNumber: r.resolution_number,
  resolutionDate: r.resolution_date,
  joinedOn: r.joined_on,
  leftOn: r.left_on,
  payer: r.payer_ente_id ? { id: r.payer_ente_id, name: r.payer_name ?? '' } : null,
  recordedQuotaCents: r.recorded_quota === null ? null : Math.round(Number(r.recorded_quota) * 100),
  document:
    r.document_sha256 && r.document_name
      ? { fileName: r.document_name, size: r.document_size ?? 0, mime: r.document_mime ?? 'application/octet-stream' }
      : null,
  version: r.version,
});

export async function membershipsOf(db: Db, enteId: string): Promise<MembershipRecord[]> {
  const rows = (await db.query(
    `SELECT ${COLUMNS} FROM memberships m LEFT JOIN enti p ON p.id = m.payer_ente_id WHERE m.ente_id = $1 ORDER BY m.period_code`,
    [enteId],
  )) as Row[];
  return rows.map(record);
}

/** One membership of an Ente (locked in a transaction when `lock`), or null. */
export async function membershipById(db: Db, enteId: string, id: string, lock = false): Promise<MembershipRecord | null> {
  const [row] = (await db.query(
    `SELECT ${COLUMNS} FROM memberships m LEFT JOIN enti p ON p.id = m.payer_ente_id
     WHERE m.id = $1 AND m.ente_id = $2${lock ? ' FOR UPDATE OF m' : ''}`,
    [id, enteId],
  )) as Row[];
  return row ? record(row) : null;
}

/** The membership of an Ente for a convention period, or null. */
export async function membershipByPeriod(db: Db, enteId: string, period: string): Promise<MembershipRecord | null> {
  const [row] = (await db.query(`SELECT ${COLUMNS} FROM memberships m LEFT JOIN enti p ON p.id = m.payer_ente_id WHERE m.ente_id = $1 AND m.period_code = $2`, [
    enteId,
    period,
  ])) as Row[];
  return row ? record(row) : null;
}

/** The stored file of a membership's signed convention. */
export async function membershipDocument(db: Db, enteId: string, id: string): Promise<{ sha256: string; fileName: string; mime: string } | null> {
  const [row] = (await db.query(
    `SELECT document_sha256, document_name, document_mime FROM memberships WHERE id = $1 AND ente_id = $2 AND document_sha256 IS NOT NULL`,
    [id, enteId],
  )) as Array<{ document_sha256: string; document_name: string; document_mime: string | null }>;
  return row ? { sha256: row.document_sha256, fileName: row.document_name, mime: row.document_mime ?? 'application/octet-stream' } : null;
}

export interface MembershipFields {
  signer: string;
  /** Unknown (null, or absent in imports that do not carry it). */
  signerFiscalCode?: string | null;
  signedOn: string;
  resolutionNumber: string;
  resolutionDate: string;
  joinedOn: string | null;
  leftOn: string | null;
  payerEnteId: string | null;
  recordedQuotaCents: number | null;
}

const euros = (cents: number | null) => (cents === null ? null : (cents / 100).toFixed(2));

/** Inserts a membership; null when the Ente already has one for the period. */
export async function insertMembership(tx: EntityManager, enteId: string, period: string, f: MembershipFields): Promise<string | null> {
  const [row] = (await tx.query(
    `INSERT INTO memberships (ente_id, period_code, signer, signed_on, resolution_number, resolution_date, joined_on, left_on,
                              payer_ente_id, recorded_quota, signer_fiscal_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (ente_id, period_code) DO NOTHING RETURNING id`,
    [enteId, period, f.signer, f.signedOn, f.resolutionNumber, f.resolutionDate, f.joinedOn, f.leftOn, f.payerEnteId, euros(f.recordedQuotaCents), f.signerFiscalCode ?? null],
  )) as Array<{ id: string }>;
  return row?.id ?? null;
}

/** Updates from the version read; false when it is no longer the current one. (CTEs: a bare UPDATE … RETURNING comes back as [rows, count].) */
export async function updateMembership(tx: EntityManager, id: string, version: number, f: MembershipFields): Promise<boolean> {
  const rows = (await tx.query(
    `WITH u AS (UPDATE memberships SET signer = $3, signed_on = $4, resolution_number = $5, resolution_date = $6, joined_on = $7,
                       left_on = $8, payer_ente_id = $9, recorded_quota = $10, signer_fiscal_code = $11, version = version + 1
                WHERE id = $1 AND version = $2 RETURNING id)
     SELECT id FROM u`,
    [id, version, f.signer, f.signedOn, f.resolutionNumber, f.resolutionDate, f.joinedOn, f.leftOn, f.payerEnteId, euros(f.recordedQuotaCents), f.signerFiscalCode ?? null],
  )) as unknown[];
  return rows.length > 0;
}

export async function setMembershipDocument(
  tx: EntityManager,
  id: string,
  version: number,
  doc: { sha256: string; fileName: string; mime: string; size: number },
): Promise<boolean> {
  const rows = (await tx.query(
    `WITH u AS (UPDATE memberships SET document_sha256 = $3, document_name = $4, document_mime = $5, document_size = $6,
                       version = version + 1
                WHERE id = $1 AND version = $2 RETURNING id)
     SELECT id FROM u`,
    [id, version, doc.sha256, doc.fileName, doc.mime, doc.size],
  )) as unknown[];
  return rows.length > 0;
}

export async function deleteMembership(tx: EntityManager, id: string, version: number): Promise<boolean> {
  const rows = (await tx.query(`WITH d AS (DELETE FROM memberships WHERE id = $1 AND version = $2 RETURNING id) SELECT id FROM d`, [
    id,
    version,
  ])) as unknown[];
  return rows.length > 0;
}

export async function periodExists(db: Db, code: string): Promise<boolean> {
  return ((await db.query(`SELECT 1 FROM convention_periods WHERE code = $1`, [code])) as unknown[]).length > 0;
}

export async function enteExists(db: Db, id: string): Promise<boolean> {
  return ((await db.query(`SELECT 1 FROM enti WHERE id = $1`, [id])) as unknown[]).length > 0;
}

/** Service records and billing entries that name the membership's period for the Ente: deleting it would orphan them. */
export async function membershipInUse(db: Db, enteId: string, period: string): Promise<boolean> {
  const rows = (await db.query(`SELECT 1 FROM service_records WHERE ente_id = $1 AND convention_period = $2 LIMIT 1`, [enteId, period])) as unknown[];
  return rows.length > 0;
}
