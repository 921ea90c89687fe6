import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { notFound } from '../platform/http/errors';
import { tenantPolicyOf } from './policy';
import type { TenantScope } from './scope';

const uuid = z.uuid();

/**
 * The only way request handlers read tenant data. Every query it builds is restricted to the caller's scope
 * by an INNER JOIN on the visible Ente ids: unlike a WHERE clause, no later `.where()` or `.orWhere()` of the
 * caller can widen it, and list, count and by-id reads all go through the same restriction.
 */
export class ScopedDb {
  constructor(
    private readonly ds: DataSource,
    readonly scope: TenantScope,
  ) {}

  select<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string): SelectQueryBuilder<T> {
    const qb = this.ds.createQueryBuilder(entity, alias);
    this.restrict(qb, this.ds.getMetadata(entity), alias);
    return qb;
  }

  private restrict(qb: SelectQueryBuilder<ObjectLiteral>, meta: EntityMetadata, alias: string): void {
    const policy = typeof meta.target === 'function' ? tenantPolicyOf(meta.target) : undefined;
    if (!policy || policy.kind === 'internal') {
      throw new Error(`${meta.name} has no tenant policy that allows reading it through ScopedDb`);
    }
    if (policy.kind === 'reference') return;
    const column = (property: string) => {
      const col = meta.findColumnWithPropertyName(property);
      if (!col) throw new Error(`${meta.name}.${property} is not a column`);
      return `"${alias}"."${col.databaseName}"`;
    };
    if (policy.kind === 'child') {
      // Staff see every parent, but the join still drops orphans; the parent's own policy does the scoping.
      const parentMeta = this.ds.getMetadata(policy.parent());
      const parentAlias = `${alias}_parent`;
      qb.innerJoin(parentMeta.target, parentAlias, `"${parentAlias}"."id" = ${column(policy.via)}`);
      this.restrict(qb, parentMeta, parentAlias);
      return;
    }
    if (this.scope.kind === 'all') return;
    const scopeAlias = `${alias}_scope`;
    if (policy.kind === 'all-enti') {
      qb.innerJoin('(SELECT CAST(NULL AS uuid) AS id WHERE false)', scopeAlias, 'true');
      return;
    }
    if (this.scope.kind === 'enti') {
      qb.innerJoin(
        '(SELECT DISTINCT unnest(CAST(:tenant_enti AS uuid[])) AS id)',
        scopeAlias,
        `"${scopeAlias}"."id" = ${column(policy.ente)}`,
      ).setParameter('tenant_enti', this.scope.enteIds);
      return;
    }
    if (policy.supplier) {
      qb.innerJoin('(SELECT CAST(:tenant_supplier AS uuid) AS id)', scopeAlias, `"${scopeAlias}"."id" = ${column(policy.supplier)}`)
        .setParameter('tenant_supplier', this.scope.supplierId);
      return;
    }
    // A supplier sees nothing of an Ente's data unless the table says which rows are assigned to suppliers.
    qb.innerJoin('(SELECT CAST(NULL AS uuid) AS id WHERE false)', scopeAlias, 'true');
  }

  /** A row by id, or 404 when it does not exist or is outside the caller's scope (indistinguishable on purpose). */
  async get<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string, what?: string): Promise<T> {
    if (!uuid.safeParse(id).success) throw notFound(what);
    const row = await this.select(entity, 'row').andWhere('"row"."id" = :id', { id }).getOne();
    if (!row) throw notFound(what);
    return row;
  }

  /** The caller's only visible Ente, when there is exactly one (an Ente referent): the default for requests. */
  soleEnte(): string | undefined {
    return this.scope.kind === 'enti' && this.scope.enteIds.length === 1 ? this.scope.enteIds[0] : undefined;
  }

  canSeeEnte(enteId: string): boolean {
    return this.scope.kind === 'all' || (this.scope.kind === 'enti' && this.scope.enteIds.includes(enteId));
  }
}
