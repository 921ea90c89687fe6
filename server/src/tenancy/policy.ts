import type { EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * How each table is reached by a caller. Every entity declares one policy next to its definition, and a test
 * checks that no entity lacks one, so a new table cannot silently escape tenant isolation.
 */
export type TenantPolicy =
  /** Rows belong to an Ente; `ente` is the property holding that Ente's id. `supplier` (optional) lets supplier users see rows assigned to them. */
  | { kind: 'ente'; ente: string; supplier?: string }
  /** Rows reached through a parent row (a ticket's follow-ups): visible exactly when the parent is. */
  | { kind: 'child'; parent: () => EntityTarget<ObjectLiteral>; via: string }
  /** Reference data that every signed-in user may read (catalog, convention periods, suppliers' names). */
  | { kind: 'reference' }
  /** Aggregates over every Ente (the queue's totals): readable only by callers who see every Ente. */
  | { kind: 'all-enti' }
  /** Internal tables (accounts, sessions) reached only by their own module's services, never through ScopedDb. */
  | { kind: 'internal' };

/** Keyed by entity class. */
const policies = new WeakMap<object, TenantPolicy>();

export function Tenant(policy: TenantPolicy): ClassDecorator {
  return (target) => {
    policies.set(target, policy);
  };
}

export function tenantPolicyOf(entity: object): TenantPolicy | undefined {
  return policies.get(entity);
}
