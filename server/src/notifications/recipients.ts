import type { DataSource } from 'typeorm';
import { isStaff, type Role } from '@cit/shared';
import { scopeFor } from '../tenancy/scope';

export interface Recipient {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: 'it' | 'en';
  supplierId: string | null;
  mailOptOut: boolean;
}

export interface TicketScopeFacts {
  enteId: string;
  supplierId: string | null;
}

/** Active users by id (disabled accounts never get mail). */
export async function activeUsers(ds: DataSource, ids: readonly string[]): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  return (await ds.query(
    `SELECT id, email, name, role, language, supplier_id AS "supplierId", mail_opt_out AS "mailOptOut"
       FROM users WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`,
    [ids],
  )) as Recipient[];
}

export async function activeUsersWithRole(ds: DataSource, roles: readonly Role[]): Promise<string[]> {
  const rows = (await ds.query(`SELECT id FROM users WHERE role = ANY($1::text[]) AND disabled_at IS NULL`, [roles])) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * The same rule as the API's ScopedDb on tickets (Ente scope, capofila members, the assigned supplier,
 * staff), applied to a recipient: mail must never tell someone about a ticket the API would hide from them.
 */
export async function canSeeTicket(ds: DataSource, user: Pick<Recipient, 'id' | 'role' | 'supplierId'>, t: TicketScopeFacts): Promise<boolean> {
  if (isStaff(user.role)) return true;
  const scope = await scopeFor(ds, user);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'supplier') return t.supplierId !== null && scope.supplierId === t.supplierId;
  return scope.enteIds.includes(t.enteId);
}
