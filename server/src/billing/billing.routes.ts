import { readFile } from 'node:fs/promises';
import type { Request } from 'express';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  BillingAccountingBulkSchema,
  BillingAccountingResultSchema,
  BillingAccountingSchema,
  BillingEntryListQuerySchema,
  BillingEntryListSchema,
  BillingTotalsSchema,
  outstandingCents,
  rolesFor,
  type BillingEntryList,
  type BillingTotals,
  intParam,
} from '@cit/shared';
import { AppError } from '../platform/http/errors';
import type { AuthContext } from '../auth/context';
import { attachmentUpload } from '../tickets/attachments/upload';
import { spooledFiles } from '../tickets/attachments/spool';
import { assessMembershipQuotas } from './quota';
import { importTelemacoUsage } from './usage';
import { collectEntry, CollectSchema, importCollections } from './payments';
import { importAccounting, setEntriesAccounting } from './accounting';
import { ApiRouter } from '../platform/http/api-router';
import { enteNames } from '../enti/names.repository';
import { BillingEntry } from './billing-entry.entity';

const csvUpload = attachmentUpload({ maxFileBytes: 5 * 1024 * 1024, maxFiles: 1, fieldName: 'file' });

/** The one CSV file of an import request (multipart field `file`, spooled on disk, at most 5 MB), or a clear 400. */
async function uploadedCsv(req: Request): Promise<{ bytes: Buffer; name: string }> {
  const file = spooledFiles(req)[0];
  if (!file) throw new AppError(400, 'file_required', 'Allegare il file CSV (campo «file»).');
  // The name is only recorded (data_imports): control characters (RFC 5987 lets a client send even NUL, which
  // PostgreSQL text refuses) become spaces, and a runaway name is cut.
  const name = Array.from(file.originalname.replace(/[\p{Cc}\s]+/gu, ' ').trim()).slice(0, 255).join('') || 'senza-nome.csv';
  return { bytes: await readFile(file.path), name };
}

const YearSchema = z.object({ year: intParam('Anno', 2000, 2200) });
const ImportResultSchema = z.object({ rows: z.number().int(), entries: z.number().int() }).meta({ id: 'ImportResult' });

export function billingRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/billing', 'Addebiti', paths)
    .post(
      '/quota',
      {
        summary: "Calcola le quote di adesione dell'anno per tutti gli Enti aderenti (idempotente)",
        description: 'Regole del listino in vigore; chi entra o esce in corso d’anno deve l’intero anno; scadenza 31 marzo.',
        access: rolesFor('billing.manage'),
        body: YearSchema,
        response: z
          .object({
            year: z.number().int(),
            created: z.number().int(),
            alreadyAssessed: z.number().int(),
            problems: z.array(z.object({ enteId: z.uuid(), name: z.string(), reason: z.string() })),
          })
          .meta({ id: 'QuotaReport' }),
      },
      async ({ body }) => assessMembershipQuotas(ds, body.year),
    )
    .post(
      '/usage/telemaco',
      {
        summary: 'Importa le consultazioni Telemaco per Ente e mese (CSV: codice_fiscale;anno;mese;consultazioni)',
        description: 'Tutte le righe vengono controllate prima: una riga errata, nessuna riga importata (con il numero di riga).',
        access: ['admin', 'approver', 'operator'],
        before: [csvUpload],
        response: ImportResultSchema,
        errors: [413, 415],
      },
      async ({ req, auth }) => {
        const file = await uploadedCsv(req);
        const report = await importTelemacoUsage(ds, file.bytes, file.name, auth.user.id);
        return { rows: report.rows, entries: report.entries };
      },
    )
    .post(
      '/collections',
      {
        summary: 'Importa le riscossioni (CSV: id_addebito;data_riscossione;atto)',
        access: rolesFor('billing.manage'),
        before: [csvUpload],
        response: ImportResultSchema,
        errors: [413, 415],
      },
      async ({ req, auth }) => {
        const file = await uploadedCsv(req);
        const count = await importCollections(ds, file.bytes, file.name, auth.user.id);
        return { rows: count, entries: count };
      },
    )
    .post(
      '/entries/:id/collect',
      {
        summary: 'Segna un addebito come riscosso, con l’atto (es. «Determina dirigenziale n. 857 del 05/08/2015»)',
        access: rolesFor('billing.manage'),
        params: z.object({ id: z.uuid() }),
        body: CollectSchema,
        errors: [404, 409],
      },
      async ({ params, body, auth }) => {
        await collectEntry(ds, params.id, body, auth.user.id);
      },
    )
    .put(
      '/entries/:id/accounting',
      {
        summary: 'Imposta capitolo di bilancio e accertamento (numero e data) di un addebito',
        description: 'Un campo assente resta com’è, null lo cancella; numero e data dell’accertamento vanno insieme.',
        access: rolesFor('billing.manage'),
        params: z.object({ id: z.uuid() }),
        body: BillingAccountingSchema,
        response: BillingAccountingResultSchema,
        errors: [404],
      },
      async ({ params, body, auth }) => ({ updated: await setEntriesAccounting(ds, [params.id], body, auth.user.id) }),
    )
    .post(
      '/entries/accounting',
      {
        summary: 'Imposta lo stesso capitolo e/o accertamento su più addebiti (tutti o nessuno)',
        access: rolesFor('billing.manage'),
        body: BillingAccountingBulkSchema,
        response: BillingAccountingResultSchema,
        errors: [404],
      },
      async ({ body, auth }) => ({ updated: await setEntriesAccounting(ds, body.ids, body.accounting, auth.user.id) }),
    )
    .post(
      '/accounting',
      {
        summary: 'Importa capitoli e accertamenti (CSV: id_addebito;capitolo;numero_accertamento;data_accertamento)',
        description: 'Una cella vuota lascia il valore esistente. Una riga errata: nessuna riga importata (con il numero di riga).',
        access: rolesFor('billing.manage'),
        before: [csvUpload],
        response: ImportResultSchema,
        errors: [413, 415],
      },
      async ({ req, auth }) => {
        const file = await uploadedCsv(req);
        const count = await importAccounting(ds, file.bytes, file.name, auth.user.id);
        return { rows: count, entries: count };
      },
    )
    .get(
      '/totals',
      {
        summary: 'Totali per Ente e anno: accertato, riscosso, da riscuotere',
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        query: YearSchema,
        response: BillingTotalsSchema,
      },
      async ({ query, auth }): Promise<BillingTotals> => {
        const rows = await auth.db.select(BillingEntry, 'b').andWhere('b.year = :year', { year: query.year }).getMany();
        const sums = new Map<string, { assessed: number; collected: number }>();
        for (const r of rows) {
          const s = sums.get(r.payerEnteId) ?? { assessed: 0, collected: 0 };
          s.assessed += r.amountCents;
          if (r.status === 'collected') s.collected += r.amountCents;
          sums.set(r.payerEnteId, s);
        }
        const names = await enteNames(ds, [...sums.keys()]);
        return {
          year: query.year,
          items: [...sums]
            .map(([id, s]) => ({
              ente: { id, name: names.get(id) ?? '—' },
              assessedCents: s.assessed,
              collectedCents: s.collected,
              outstandingCents: s.assessed - s.collected,
            }))
            .sort((a, b) => a.ente.name.localeCompare(b.ente.name, 'it')),
        };
      },
    )
    .get(
    '/entries',
    {
      summary: "Addebiti dell'Ente (o degli Enti visibili) per anno, con totali accertato / riscosso / da riscuotere",
      access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
      query: BillingEntryListQuerySchema,
      response: BillingEntryListSchema,
    },
    async ({ query, auth }): Promise<BillingEntryList> => {
      const qb = billingEntriesQuery(auth, query).limit(5000);
      const rows = await qb.getMany();
      const names = await enteNames(ds, rows.flatMap((r) => [r.enteId, r.payerEnteId]));
      const ref = (id: string) => ({ id, name: names.get(id) ?? '—' });
      const assessedCents = rows.reduce((sum, r) => sum + r.amountCents, 0);
      const collectedCents = rows.filter((r) => r.status === 'collected').reduce((sum, r) => sum + r.amountCents, 0);
      const outstanding = rows.reduce((sum, r) => sum + outstandingCents(r), 0);
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
          collectedOn: r.collectedOn,
          budgetChapter: r.budgetChapter,
          assessmentNumber: r.assessmentNumber,
          assessmentDate: r.assessmentDate,
          outstandingCents: outstandingCents(r),
        })),
        totals: { assessedCents, collectedCents, outstandingCents: outstanding },
      };
    },
  );
}

/** The entries list's filters, scope and order (year, then as they were written); the list and its export share it. */
export function billingEntriesQuery(auth: AuthContext, query: z.infer<typeof BillingEntryListQuerySchema>): SelectQueryBuilder<BillingEntry> {
  const qb = auth.db.select(BillingEntry, 'b').orderBy('b.year', 'DESC').addOrderBy('b.created_at', 'ASC').addOrderBy('b.id');
  if (query.enteId) qb.andWhere('(b.ente_id = :enteId OR b.payer_ente_id = :enteId)', { enteId: query.enteId });
  if (query.year) qb.andWhere('b.year = :year', { year: query.year });
  if (query.chapter) qb.andWhere('starts_with(b.budget_chapter, :chapter)', { chapter: query.chapter });
  if (query.assessment === 'present') qb.andWhere('b.assessment_number IS NOT NULL');
  if (query.assessment === 'missing') qb.andWhere('b.assessment_number IS NULL');
  // Residuo > 0: an entry is collected in full, so what is still assessed (and not a zero amount).
  if (query.outstanding === true) qb.andWhere("b.status = 'assessed' AND b.amount_cents > 0");
  if (query.outstanding === false) qb.andWhere("(b.status = 'collected' OR b.amount_cents = 0)");
  return qb;
}
