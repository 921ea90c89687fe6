import type { DataSource } from 'typeorm';
import type { Me, Role } from '@cit/shared';
import type { AuthUser } from './context';
import { scopeEnteIdsSql } from '../tenancy/scope';

/** Reads of the accounts for signing in and for the session's user (the users module writes them). */

export interface AccountRow {
  id: string;
  role: Role;
  password_hash: string | null;
  disabled_at: Date | null;
}

export async function accountByEmail(ds: DataSource, email: string): Promise<AccountRow | undefined> {
  const [account] = (await ds.query(`SELECT id, role, password_hash, disabled_at FROM users WHERE email = $1`, [email])) as AccountRow[];
  return account;
}

export async function markLogin(ds: DataSource, userId: string): Promise<void> {
  await ds.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [userId]);
}

export async function accountByFiscalCode(ds: DataSource, fiscalCode: string): Promise<{ id: string; role: Role; disabled: boolean } | undefined> {
  const [row] = (await ds.query(`SELECT id, role, disabled_at IS NOT NULL AS disabled FROM users WHERE fiscal_code = $1`, [fiscalCode])) as Array<{
    id: string;
    role: Role;
    disabled: boolean;
  }>;
  return row;
}

/** The active account with the Enti it may see, in one query (it runs on every request). */
export async function activeAccount(ds: DataSource, id: string): Promise<(AuthUser & { enteIds: string[] }) | undefined> {
  const [row] = (await ds.query(
    `SELECT id, email, name, role, language, supplier_id AS "supplierId", ${scopeEnteIdsSql('u.id', 'u.role')} AS "enteIds"
       FROM users u WHERE id = $1 AND disabled_at IS NULL`,
    [id],
  )) as Array<AuthUser & { enteIds: string[] }>;
  return row;
}

export async function memberEnti(ds: DataSource, userId: string): Promise<Me['enti']> {
  return (await ds.query(
    `SELECT e.id, e.name, e.kind FROM enti e JOIN user_enti ue ON ue.ente_id = e.id
      WHERE ue.user_id = $1 ORDER BY e.name`,
    [userId],
  )) as Me['enti'];
}

export async function supplierRef(ds: DataSource, supplierId: string): Promise<{ id: string; name: string } | undefined> {
  const [supplier] = (await ds.query(`SELECT id, name FROM suppliers WHERE id = $1`, [supplierId])) as Array<{ id: string; name: string }>;
  return supplier;
}

export async function enteCount(ds: DataSource): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM enti`)) as Array<{ n: number }>;
  return row?.n ?? 0;
}

export async function deleteSessionsOf(ds: DataSource, userId: string): Promise<void> {
  await ds.query(`DELETE FROM http_sessions WHERE user_id = $1`, [userId]);
}
