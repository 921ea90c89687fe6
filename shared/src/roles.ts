export const ROLES = ['ente_user', 'capofila_user', 'operator', 'approver', 'supplier_user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** CIT staff see every Ente; the others see only what their links allow. */
export const STAFF_ROLES: readonly Role[] = ['operator', 'approver', 'admin'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
