import type { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { Pool } from 'pg';
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import {
  AuditQuerySchema,
  BillingEntryListQuerySchema,
  EnteListQuerySchema,
  ExportFormatSchema,
  romeDate,
  rolesFor,
  ServiceRecordListQuerySchema,
  StatementListQuerySchema,
  SurveyAnswerListQuerySchema,
  TicketListQuerySchema,
} from '@cit/shared';
import { billingEntriesQuery } from '../billing/billing.routes';
import { statementsQuery } from '../billing/statements/statements.routes';
import { entiQuery } from '../enti/enti.routes';
import { Ente } from '../enti/ente.entity';
import { serviceRecordsQuery } from '../service-records/service-records.routes';
import { auditExportQuery } from '../audit/audit-log.repository';
import { surveyAnswersSql } from '../notifications/survey-answers.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { TicketQueries } from '../tickets/tickets.queries';
import { sendExport } from './export-writer';
import { streamRows } from './export-rows.repository';
import {
  AUDIT_COLUMNS,
  BILLING_COLUMNS,
  ENTE_COLUMNS,
  SERVICE_RECORD_COLUMNS,
  STATEMENT_COLUMNS,
  SURVEY_ANSWER_COLUMNS,
  TICKET_COLUMNS,
  type AuditExportRow,
  type BillingExportRow,
  type EnteExportRow,
  type ServiceRecordExportRow,
  type StatementExportRow,
  type SurveyAnswerExportRow,
  type TicketExportRow,
} from './columns';

/**
 * The list's own filters, minus paging: an export has every row, so a cursor is refused (400 on `cursor`) rather
 * than silently ignored.
 */
function exportQuery<S extends z.ZodObject>(schema: S) {
  return schema.refine((q: Record<string, unknown>) => q.cursor === undefined, {
    path: ['cursor'],
    message: 'L’esportazione comprende tutte le righe: il cursore di pagina non si usa.',
  });
}

const DESCRIPTION =
  'Stessi filtri, stesso ordine e stessa visibilità dell’elenco, senza paginazione. CSV separato da punto e virgola (UTF-8 con BOM) o XLSX, ' +
  'trasmessi man mano. Se l’esportazione si interrompe a metà la risposta viene troncata (il browser segnala il download non riuscito): ' +
  'un file parziale non arriva mai come completo.';

const fileName = (what: string) => `${what}-${romeDate(new Date())}`;

/** The SQL of a list's query builder with the export's own columns instead of the entity's. */
function selecting<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, columns: Record<string, string>): [string, unknown[]] {
  const [first, ...rest] = Object.entries(columns);
  if (!first) throw new Error('an export needs columns');
  qb.select(first[1], first[0]);
  for (const [alias, expression] of rest) qb.addSelect(expression, alias);
  return qb.getQueryAndParameters();
}

const enteName = (column: string) => `(SELECT x.name FROM enti x WHERE x.id = ${column})`;
const LIST_ACCESS = ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'] as const;

/**
 * The exports of the lists (issue 18, point 2), one `…/export/{format}` per list, each with the list's own query
 * schema and access. Registered before the lists' routers: `export` must not be read as a record id.
 */
export function exportsRoutes(paths: ZodOpenApiPathsObject, pool: Pool, tickets: TicketQueries): ApiRouter[] {
  const ticketsExport = new ApiRouter('/api/tickets', 'Ticket', paths).get(
    '/export/:format',
    { summary: 'Esporta l’elenco dei ticket con i filtri correnti', description: DESCRIPTION, access: 'signed-in', params: ExportFormatSchema, query: exportQuery(TicketListQuerySchema), errors: [429] },
    async ({ auth, params, query, res }) => {
      const [sql, values] = tickets.exportQuery(auth, query);
      await sendExport(res, params.format, {
        name: fileName('ticket'),
        sheet: 'Ticket',
        columns: TICKET_COLUMNS,
        rows: streamRows<TicketExportRow>(pool, sql, values),
      });
    },
  );
  const auditExport = new ApiRouter('/api/admin/audit', 'Registro modifiche', paths).get(
    '/export/:format',
    { summary: 'Esporta il registro delle modifiche con i filtri correnti', description: DESCRIPTION, access: rolesFor('audit.read'), params: ExportFormatSchema, query: exportQuery(AuditQuerySchema), errors: [429] },
    async ({ params, query, res }) => {
      const [sql, values] = auditExportQuery(query);
      await sendExport(res, params.format, { name: fileName('registro-modifiche'), sheet: 'Registro', columns: AUDIT_COLUMNS, rows: streamRows<AuditExportRow>(pool, sql, values) });
    },
  );
  const billingExport = new ApiRouter('/api/billing', 'Addebiti', paths)
    .get(
      '/entries/export/:format',
      { summary: 'Esporta gli addebiti con i filtri correnti', description: DESCRIPTION, access: LIST_ACCESS, params: ExportFormatSchema, query: exportQuery(BillingEntryListQuerySchema), errors: [429] },
      async ({ auth, params, query, res }) => {
        const [sql, values] = selecting(billingEntriesQuery(auth, query), {
          ente: enteName('b.ente_id'),
          payer: enteName('b.payer_ente_id'),
          year: 'b.year',
          half: 'b.half',
          kind: 'b.kind',
          serviceCode: 'b.service_code',
          description: 'b.description',
          amountCents: 'b.amount_cents',
          status: 'b.status',
          dueOn: `to_char(b.due_on, 'YYYY-MM-DD')`,
          collectedOn: `to_char(b.collected_on, 'YYYY-MM-DD')`,
          actReference: 'b.act_reference',
          budgetChapter: 'b.budget_chapter',
          assessmentNumber: 'b.assessment_number',
          assessmentDate: `to_char(b.assessment_date, 'YYYY-MM-DD')`,
        });
        await sendExport(res, params.format, { name: fileName('addebiti'), sheet: 'Addebiti', columns: BILLING_COLUMNS, rows: streamRows<BillingExportRow>(pool, sql, values) });
      },
    )
    .get(
      '/statements/export/:format',
      { summary: 'Esporta gli estratti conto con i filtri correnti', description: DESCRIPTION, access: LIST_ACCESS, params: ExportFormatSchema, query: exportQuery(StatementListQuerySchema), errors: [429] },
      async ({ auth, params, query, res }) => {
        const [sql, values] = selecting(statementsQuery(auth, query), {
          number: 's.number',
          year: 's.year',
          half: 's.half',
          payer: enteName('s.payer_ente_id'),
          entryCount: 's.entry_count',
          totalCents: 's.total_cents',
          carriedCents: 's.carried_cents',
          paymentsCents: 's.payments_cents',
          outstandingCents: 's.outstanding_cents',
          dueOn: `to_char(s.due_on, 'YYYY-MM-DD')`,
          pagopaNoticeCode: 's.pagopa_notice_code',
          generatedAt: `to_char(s.generated_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD HH24:MI')`,
        });
        await sendExport(res, params.format, { name: fileName('estratti-conto'), sheet: 'Estratti conto', columns: STATEMENT_COLUMNS, rows: streamRows<StatementExportRow>(pool, sql, values) });
      },
    );
  const entiExport = new ApiRouter('/api/enti', 'Enti', paths).get(
    '/export/:format',
    { summary: 'Esporta l’elenco degli Enti visibili con i filtri correnti', description: DESCRIPTION, access: 'signed-in', params: ExportFormatSchema, query: exportQuery(EnteListQuerySchema), errors: [429] },
    async ({ auth, params, query, res }) => {
      const [sql, values] = selecting(entiQuery(auth, query).orderBy('lower(e.name)', 'ASC').addOrderBy('e.id', 'ASC'), {
        name: 'e.name',
        kind: 'e.kind',
        fiscalCode: 'e.fiscal_code',
        pec: 'e.pec',
        istatCode: 'e.istat_code',
        ipaCode: 'e.ipa_code',
        capofila: enteName('e.capofila_id'),
        active: 'e.deactivated_at IS NULL',
      });
      await sendExport(res, params.format, { name: fileName('enti'), sheet: 'Enti', columns: ENTE_COLUMNS, rows: streamRows<EnteExportRow>(pool, sql, values) });
    },
  );
  const recordsExport = new ApiRouter('/api/services', 'Servizi', paths).get(
    '/records/export/:format',
    {
      summary: 'Esporta i servizi erogati con i filtri correnti',
      description: DESCRIPTION,
      access: LIST_ACCESS,
      params: ExportFormatSchema,
      query: exportQuery(ServiceRecordListQuerySchema),
      errors: [404, 429],
    },
    async ({ auth, params, query, res }) => {
      // Like the list: an Ente out of scope is a 404, as a missing one.
      if (query.enteId) await auth.db.get(Ente, query.enteId, "L'Ente");
      const qb = serviceRecordsQuery(auth, query);
      if (query.status === 'active') qb.andWhere('(r.ends_on IS NULL OR r.ends_on >= :today)', { today: romeDate(new Date()) });
      const [sql, values] = selecting(qb, {
        ente: enteName('r.ente_id'),
        payer: enteName('r.payer_ente_id'),
        serviceCode: 'r.service_code',
        variant: 'r.variant',
        unitIndex: 'r.unit_index',
        unitLabel: 'r.unit_label',
        conventionPeriod: 'r.convention_period',
        protocol: 'r.protocol',
        requestDate: `to_char(r.request_date, 'YYYY-MM-DD')`,
        startsOn: `to_char(r.starts_on, 'YYYY-MM-DD')`,
        endsOn: `to_char(r.ends_on, 'YYYY-MM-DD')`,
        feeType: 'r.fee_type',
        free: 'r.free',
        annualCents: 'r.annual_cents',
      });
      await sendExport(res, params.format, { name: fileName('servizi'), sheet: 'Servizi', columns: SERVICE_RECORD_COLUMNS, rows: streamRows<ServiceRecordExportRow>(pool, sql, values) });
    },
  );
  const surveysExport = new ApiRouter('/api/surveys', 'Questionari', paths).get(
    '/answers/export/:format',
    {
      summary: 'Esporta le risposte ai questionari di soddisfazione con i filtri correnti',
      description: DESCRIPTION,
      access: ['operator', 'approver', 'admin'],
      params: ExportFormatSchema,
      query: exportQuery(SurveyAnswerListQuerySchema),
      errors: [429],
    },
    async ({ params, query, res }) => {
      const [sql, values] = surveyAnswersSql(query, { forExport: true });
      await sendExport(res, params.format, {
        name: fileName('questionari'),
        sheet: 'Questionari',
        columns: SURVEY_ANSWER_COLUMNS,
        rows: streamRows<SurveyAnswerExportRow>(pool, sql, values),
      });
    },
  );
  return [ticketsExport, auditExport, billingExport, entiExport, recordsExport, surveysExport];
}
