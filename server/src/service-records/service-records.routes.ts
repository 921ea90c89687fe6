import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthContext } from '../auth/context';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  ContractsDashboardSchema,
  STAFF_ROLES,
  ServiceRecordNotesSchema,
  RenewalNoticeRequestSchema,
  RenewalNoticeResponseSchema,
  RenewalPreviewQuerySchema,
  RenewalPreviewSchema,
  ServiceRecordListQuerySchema,
  ServiceRecordListSchema,
  priceListFor,
  allowanceUsage,
  type HeldUnits,
  rolesFor,
  romeDate,
  type ServiceRecordList,
} from '@cit/shared';
import { Ente } from '../enti/ente.entity';
import { enteNames } from '../enti/names.repository';
import { enteFactsFor } from '../enti/ente-facts.repository';
import { ApiRouter } from '../platform/http/api-router';
import { notFound } from '../platform/http/errors';
import { Supplier } from '../suppliers/supplier.entity';
import { BillingEntry } from '../billing/billing-entry.entity';
import { ServiceRecord } from './service-record.entity';
import { renewableCondition, updateServiceRecordNotes, type RenewableRecordRow } from './service-records.repository';
import { contractsDashboard } from './contracts';
import { enqueue } from '../platform/outbox/outbox';
import { renewalPreview } from './renewals';
import { priceLists, priceListsCoveringYear } from '../price-lists/price-lists.loader';

export function serviceRecordsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api', 'Servizi', paths)
    .get(
      '/service-records/renewal-preview',
      {
        summary:
          "Anteprima del rinnovo del 1° gennaio: per Ente, cosa si rinnova e a quale importo (listino, gratuità e adesione dell'anno), cosa cessa il 31 dicembre e perché",
        access: rolesFor('renewals.preview'),
        query: RenewalPreviewQuerySchema,
        response: RenewalPreviewSchema,
        errors: [404],
      },
      async ({ query, auth }) => {
        if (query.enteId) await auth.db.get(Ente, query.enteId, "L'Ente");
        // The records come through the caller's scope; the facts of their Enti (population, membership) are read after.
        const qb = auth.db
          .select(ServiceRecord, 'r')
          .andWhere(renewableCondition('r', 'CAST(:year AS int)'), { year: query.year })
          .orderBy('r.id');
        if (query.enteId) qb.andWhere('r.ente_id = :enteId', { enteId: query.enteId });
        const records: RenewableRecordRow[] = (await qb.getMany()).map((r) => ({
          id: r.id,
          enteId: r.enteId,
          serviceCode: r.serviceCode,
          variant: r.variant,
          unitIndex: r.unitIndex,
          unitLabel: r.unitLabel,
          conventionPeriod: r.conventionPeriod,
          feeType: r.feeType,
          referentEmail: r.referentEmail,
        }));
        return renewalPreview(ds, query.year, records);
      },
    )
    .post(
      '/service-records/renewal-notices',
      {
        summary: "Avvisa gli Enti: un'e-mail a ogni Ente con servizi che il rinnovo dell'anno farà cessare il 31 dicembre (una sola volta per Ente e anno)",
        access: rolesFor('renewals.notify'),
        body: RenewalNoticeRequestSchema,
        response: RenewalNoticeResponseSchema,
        status: 202,
      },
      async ({ body }) => {
        await priceListsCoveringYear(ds, body.year);
        // The job does the work (all Enti, in batches); each mail's dedup key keeps a second click harmless.
        await ds.transaction((tx) =>
          enqueue(tx, 'jobs.enqueue', { name: 'services.renewal-notices', data: { year: body.year }, jobId: `services.renewal-notices-${body.year}-${Date.now()}` }),
        );
        return { year: body.year, queued: true };
      },
    )
    .get(
      '/services/contracts',
      {
        summary: 'Contratti: scaduti negli ultimi 30 giorni, in scadenza a 7/30 giorni, in finestra di disdetta (31 dicembre) a 7/30 giorni',
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        response: ContractsDashboardSchema,
      },
      async ({ auth }) => contractsDashboard(ds, auth),
    )
    .get(
      '/services/records',
      {
        summary: "Servizi attivi dell'Ente con l'uso delle gratuità della convenzione («PEC: 3 di 4 gratuite»)",
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        query: ServiceRecordListQuerySchema,
        response: ServiceRecordListSchema,
        errors: [404],
      },
      async ({ query, auth }): Promise<ServiceRecordList> => {
        // The allowance use below reads the Ente's facts unscoped: an Ente out of scope must be a 404 like a missing one.
        if (query.enteId) await auth.db.get(Ente, query.enteId, "L'Ente");
        const today = romeDate(new Date());
        const qb = serviceRecordsQuery(auth, query).limit(5000);
        const all = await qb.getMany();
        const active = (r: ServiceRecord) => r.endsOn === null || r.endsOn >= today;
        const items = query.status === 'active' ? all.filter(active) : all;
        const names = await enteNames(ds, items.flatMap((r) => [r.enteId, r.payerEnteId]));
        const ref = (id: string) => ({ id, name: names.get(id) ?? '—' });
        const ids = items.map((r) => r.id);
        const supplierIds = [...new Set(items.flatMap((r) => (r.supplierId ? [r.supplierId] : [])))];
        const [suppliers, oneOffEntries] = await Promise.all([
          supplierIds.length ? auth.db.select(Supplier, 's').andWhere('s.id IN (:...supplierIds)', { supplierIds }).getMany() : [],
          // The one-off amount of a unit is what its activation and one-off entries billed (SoftwareCit's «costo di attivazione»).
          ids.length
            ? auth.db.select(BillingEntry, 'b').andWhere("b.service_record_id IN (:...ids) AND b.kind IN ('activation', 'one_off')", { ids }).getMany()
            : [],
        ]);
        const supplierName = new Map(suppliers.map((s) => [s.id, s.name]));
        const oneOff = new Map<string, number>();
        for (const b of oneOffEntries) if (b.serviceRecordId) oneOff.set(b.serviceRecordId, (oneOff.get(b.serviceRecordId) ?? 0) + b.amountCents);

        // Allowance use is per Ente; shown when the list is about one Ente.
        const usage: ServiceRecordList['usage'] = [];
        const enteId = query.enteId ?? auth.db.soleEnte();
        if (enteId) {
          const list = priceListFor(today, await priceLists(ds));
          const facts = await enteFactsFor(ds, enteId, Number(today.slice(0, 4)));
          const held = new Map<string, HeldUnits>();
          for (const r of all) {
            if (r.enteId !== enteId || r.conventionPeriod !== list.period) continue;
            const h = held.get(r.serviceCode) ?? { serviceCode: r.serviceCode, used: 0, active: 0 };
            h.used += 1;
            if (active(r)) h.active += 1;
            held.set(r.serviceCode, h);
          }
          usage.push(...allowanceUsage(list, facts.ente, [...held.values()]));
        }
        return {
          items: items.map((r) => ({
            id: r.id,
            ente: ref(r.enteId),
            payer: ref(r.payerEnteId),
            serviceCode: r.serviceCode,
            variant: r.variant,
            unitIndex: r.unitIndex,
            unitLabel: r.unitLabel,
            conventionPeriod: r.conventionPeriod,
            requestTicketId: r.requestTicketId,
            requestDate: r.requestDate,
            protocol: r.protocol,
            referentName: r.referentName,
            referentEmail: r.referentEmail,
            feeType: r.feeType,
            free: r.free,
            freeReason: r.freeReason,
            startsOn: r.startsOn,
            endsOn: r.endsOn,
            endReason: r.endReason,
            annualCents: r.annualCents,
            vatStatus: r.vatStatus,
            cancellationProtocol: r.cancellationProtocol,
            cancellationRequestedOn: r.cancellationRequestedOn,
            formAttachmentId: r.formAttachmentId,
            supplier: r.supplierId ? { id: r.supplierId, name: supplierName.get(r.supplierId) ?? '—' } : null,
            notes: r.notes,
            oneOffCents: oneOff.get(r.id) ?? 0,
            active: active(r),
          })),
          usage,
        };
      },
    )
    .put(
      '/services/records/:id/notes',
      {
        summary: 'Note del CIT su un servizio erogato (visibili all’Ente)',
        access: STAFF_ROLES,
        params: z.object({ id: z.uuid() }),
        body: ServiceRecordNotesSchema,
        response: ServiceRecordNotesSchema,
        errors: [404],
      },
      async ({ params, body }) => {
        const notes = body.notes === null || body.notes === '' ? null : body.notes;
        if (!(await updateServiceRecordNotes(ds, params.id, notes))) throw notFound('Il servizio');
        return { notes };
      },
    );
}

/** The records list's filters, scope and order (service, then unit); the list and its export share it. */
export function serviceRecordsQuery(auth: AuthContext, query: { enteId?: string | undefined; serviceCode?: string | undefined }): SelectQueryBuilder<ServiceRecord> {
  const qb = auth.db.select(ServiceRecord, 'r').orderBy('r.service_code').addOrderBy('r.unit_index').addOrderBy('r.id');
  if (query.enteId) qb.andWhere('r.ente_id = :enteId', { enteId: query.enteId });
  if (query.serviceCode) qb.andWhere('r.service_code = :code', { code: query.serviceCode });
  return qb;
}
