import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { SupplierListSchema, STAFF_ROLES } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { Supplier } from './supplier.entity';

export function suppliersRoutes(paths: ZodOpenApiPathsObject): ApiRouter {
  return new ApiRouter('/api/suppliers', 'Fornitori', paths).get(
    '/',
    { summary: 'Fornitori a cui assegnare le chiamate', access: STAFF_ROLES, response: SupplierListSchema },
    async ({ auth }) => {
      const rows = await auth.db.select(Supplier, 's').orderBy('s.name').getMany();
      return { items: rows.map((s) => ({ id: s.id, name: s.name, vatNumber: s.vatNumber, email: s.email, phone: s.phone })) };
    },
  );
}
