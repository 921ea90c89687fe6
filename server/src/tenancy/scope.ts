import type { DataSource } from 'typeorm';
import { isStaff, type Role } from '@cit/shared';

/** What a caller may see. Computed once per request from the user's role and Ente links. */
export type TenantScope =
  | { kind: 'all' }
  | { kind: 'enti'; enteIds: readonly string[] }
  | { kind: 'supplier'; supplierId: string };

export interface ScopeSubject {
  id: string;
  role: Role;
  supplierId: string | null;
}

/**
 * The Ente ids a referent reaches, as an SQL expression over the user's id and role so that it can ride along
 * in the query that loads the user: own Enti, plus their members for a capofila referent.
 */
export const scopeEnteIdsSql = (userId: string, role: string) => `ARRAY(
  SELECT ue.ente_id::text FROM user_enti ue WHERE ue.user_id = ${userId}
  UNION
  SELECT e.id::text FROM enti e JOIN user_enti ue ON e.capofila_id = ue.ente_id WHERE ue.user_id = ${userId} AND ${role} = 'capofila_user')`;

/** All for CIT staff; the assigned supplier's tickets for a supplier user; else the given Enti. */
export function scopeOf(user: ScopeSubject, enteIds: readonly string[]): TenantScope {
  if (isStaff(user.role)) return { kind: 'all' };
  if (user.role === 'supplier_user') {
    if (!user.supplierId) return { kind: 'enti', enteIds: [] };
    return { kind: 'supplier', supplierId: user.supplierId };
  }
  return { kind: 'enti', enteIds };
}

export async function scopeFor(ds: DataSource, user: ScopeSubject): Promise<TenantScope> {
  if (isStaff(user.role) || user.role === 'supplier_user') return scopeOf(user, []);
  const [row] = (await ds.query(`SELECT ${scopeEnteIdsSql('$1::uuid', '$2::text')} AS ids`, [user.id, user.role])) as Array<{ ids: string[] }>;
  return scopeOf(user, row?.ids ?? []);
}
