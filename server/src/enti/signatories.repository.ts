import type { DataSource, EntityManager } from 'typeorm';
import type { EnteSignatory, EnteSignatoryCreate } from '@cit/shared';

type Db = DataSource | EntityManager;

interface Row {
  id: string;
  full_name: string;
  fiscal_code: string;
  role: string;
  created_at: Date;
}

const record = (r: Row): EnteSignatory => ({ id: r.id, fullName: r.full_name, fiscalCode: r.fiscal_code, role: r.role, createdAt: r.created_at.toISOString() });
const COLUMNS = 'id, full_name, fiscal_code, role, created_at';

export async function signatoriesOf(db: Db, enteId: string): Promise<EnteSignatory[]> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM ente_signatories WHERE ente_id = $1 ORDER BY full_name, id`, [enteId])) as Row[];
  return rows.map(record);
}

/** Null when the person is already declared for the Ente. */
export async function insertSignatory(db: Db, enteId: string, body: EnteSignatoryCreate, userId: string | null): Promise<EnteSignatory | null> {
  const rows = (await db.query(
    `INSERT INTO ente_signatories (ente_id, full_name, fiscal_code, role, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (ente_id, fiscal_code) DO NOTHING RETURNING ${COLUMNS}`,
    [enteId, body.fullName, body.fiscalCode, body.role, userId],
  )) as Row[];
  return rows[0] ? record(rows[0]) : null;
}

export async function deleteSignatory(db: Db, enteId: string, id: string): Promise<EnteSignatory | null> {
  const [rows] = (await db.query(`DELETE FROM ente_signatories WHERE id = $1 AND ente_id = $2 RETURNING ${COLUMNS}`, [id, enteId])) as [Row[], number];
  return rows[0] ? record(rows[0]) : null;
}
