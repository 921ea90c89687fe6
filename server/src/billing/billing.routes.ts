import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { BillingEntryListQuerySchema, BillingEntryListSchema, type BillingEntryList } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { enteNames } from '../enti/names';
import { BillingEntry } from './billing-entry.entity';

export function billingRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/billing', 'Addebiti', paths).get(
    '/entries',
    {
      summary: "Addebiti dell'Ente (o degli Enti visibili) per anno, con totali accertato / riscosso / da riscuotere",
      access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
      query: BillingEntryListQuerySchema,
      response: BillingEntryListSchema,
    },
    async ({ query, auth }): Promise<BillingEntryList> => {
      const qb = auth.db.select(BillingEntry, 'b').orderBy('b.year', 'DESC').addOrderBy('b.created_at', 'ASC').addOrderBy('b.id').limit(5000);
      if (query.enteId) qb.andWhere('(b.ente_id = :enteId OR b.payer_ente_id = :enteId)', { enteId: query.enteId });
      if (query.year) qb.andWhere('b.year = :year', { year: query.year });
      const rows = await qb.getMany();
      const names = await enteNames(ds, rows.flatMap((r) => [r.enteId, r.payerEnteId]));
      const ref = (id: string) => ({ id, name: names.get(id) ?? '—' });
      const assessedCents = rows.reduce((sum, r) => sum + r.amountCents, 0);
      const collectedCents = rows.filter((r) => r.status === 'collected').reduce((sum, r) => sum + r.amountCents, 0);
      return {
        items: rows.map((r) => ({
          id: r.id,
          ente: ref(r.enteId),
          payer: ref(r.payerEnteId),
          serviceRecordId: r.serviceRecordId,
          kind: r.kind,
          serviceCode: r.serviceCode,
          year: r.year,
          half: r.half,
          description: r.description,
          amountCents: r.amountCents,
          status: r.status,
          actReference: r.actReference,
          dueOn: r.dueOn,
        })),
        totals: { assessedCents, collectedCents, outstandingCents: assessedCents - collectedCents },
      };
    },
  );
}
