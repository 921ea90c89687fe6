export const ROLES = ['ente_user', 'capofila_user', 'operator', 'approver', 'supplier_user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** CIT staff see every Ente; the others see only what their links allow. */
export const STAFF_ROLES: readonly Role[] = ['operator', 'approver', 'admin'];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/** CIT accounting (approver) and the coordinator (admin): assess, collect, set capitolo and accertamento. */
export const BILLING_MANAGER_ROLES: readonly Role[] = ['approver', 'admin'];

export function canManageBilling(role: Role): boolean {
  return BILLING_MANAGER_ROLES.includes(role);
}

/** Who approves service requests, and re-applies one the worker could not apply once its cause is corrected. */
export const REQUEST_DECIDERS: readonly Role[] = ['approver', 'admin'];

export function canDecideRequests(role: Role): boolean {
  return REQUEST_DECIDERS.includes(role);
}
