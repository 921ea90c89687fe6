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

/** Own Ente for an Ente referent; own Ente plus its members for a capofila referent; all for CIT staff. */
export async function scopeFor(ds: DataSource, user: ScopeSubject): Promise<TenantScope> {
  if (isStaff(user.role)) return { kind: 'all' };
  if (user.role === 'supplier_user') {
    if (!user.supplierId) return { kind: 'enti', enteIds: [] };
    return { kind: 'supplier', supplierId: user.supplierId };
  }
  const rows: Array<{ id: string }> = await ds.query(
    user.role === 'capofila_user'
      ? `SELECT ue.ente_id AS id FROM user_enti ue WHERE ue.user_id = $1
         UNION
         SELECT e.id FROM enti e JOIN user_enti ue ON e.capofila_id = ue.ente_id WHERE ue.user_id = $1`
      : `SELECT ente_id AS id FROM user_enti WHERE user_id = $1`,
    [user.id],
  );
  return { kind: 'enti', enteIds: rows.map((r) => r.id) };
}
