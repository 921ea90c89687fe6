import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  PaymentSettingsSchema,
  rolesFor,
  StatementPagoPaSchema,
  StatementSchema,
  UpdatePaymentSettingsSchema,
  StatementListQuerySchema,
  StatementListSchema,
  StatementRunCreateSchema,
  StatementRunSchema,
  type StatementDto,
  type StatementList,
  type StatementRunDto,
  limitParam,
} from '@cit/shared';
import { ApiRouter } from '../../platform/http/api-router';
import { notFound } from '../../platform/http/errors';
import { enteNames } from '../../enti/names.repository';
import { sendAttachment } from '../../tickets/attachments/upload';
import type { AuthContext } from '../../auth/context';
import type { Half } from './format';
import { Statement } from './statement.entity';
import type { StatementsService } from './statements.service';
import { readPaymentSettings, savePaymentSettings, setStatementPagoPa } from './payment-settings';
import { auditActor } from '../../audit/audit-log.repository';

const IdParams = z.object({ id: z.uuid() });
const RunListQuery = z.object({ limit: limitParam(100, 20) });
const RunListSchema = z.object({ items: z.array(StatementRunSchema) }).meta({ id: 'StatementRunList' });

function toDto(s: Statement, payerName: string): StatementDto {
  return {
    id: s.id,
    payer: { id: s.payerEnteId, name: payerName },
    year: s.year,
    half: s.half,
    totalCents: s.totalCents,
    dueOn: s.dueOn,
    entryCount: s.entryCount,
    consolidated: s.consolidated,
    generatedAt: s.generatedAt.toISOString(),
    number: s.number,
    version: s.version,
    carriedCents: s.carriedCents,
    paymentsCents: s.paymentsCents,
    outstandingCents: s.outstandingCents,
    pagopaNoticeCode: s.pagopaNoticeCode,
  };
}

/** Half-year statements: generation runs for the CIT staff, PDF and CSV for whoever pays (and the staff). */
export function statementsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, service: StatementsService): ApiRouter {
  /** A statement the caller may see (the payer is one of its Enti, or the caller is staff), else 404. */
  const visible = async (auth: AuthContext, id: string) => {
    const statement = await auth.db.get(Statement, id, "L'estratto conto");
    const names = await enteNames(ds, [statement.payerEnteId]);
    return { statement, payerName: names.get(statement.payerEnteId) ?? 'ente' };
  };
  const fileName = (s: Statement, payerName: string, ext: 'pdf' | 'csv') =>
    `estratto-conto-${s.year}-semestre-${s.half}-${payerName.toLowerCase().replace(/[^a-z0-9àèéìòù]+/g, '-').replace(/^-|-$/g, '')}.${ext}`;

  return new ApiRouter('/api/billing/statements', 'Addebiti', paths)
    .post(
      '/runs',
      {
        summary: 'Avvia la generazione degli estratti conto di un semestre (in background, con avanzamento in tempo reale)',
        description: "Risponde 202 con l'esecuzione; gli estratti già generati e invariati non vengono rifatti.",
        access: ['admin', 'approver'],
        body: StatementRunCreateSchema,
        response: StatementRunSchema,
        status: 202,
        errors: [409],
      },
      async ({ body, auth }): Promise<StatementRunDto> => service.startRun(body.year, body.half as Half, auth.user.id),
    )
    .get(
      '/payment-settings',
      {
        summary: 'Istruzioni di pagamento stampate sugli estratti conto (Tesoreria Unica, IBAN, beneficiario)',
        access: rolesFor('billing.manage'),
        response: PaymentSettingsSchema,
      },
      async () => readPaymentSettings(ds),
    )
    .put(
      '/payment-settings',
      {
        summary: 'Modifica le istruzioni di pagamento (valgono per gli estratti generati da ora)',
        description: "L'IBAN è verificato con le sue cifre di controllo; inviare la `version` letta (409 se nel frattempo è cambiato).",
        access: rolesFor('billing.manage'),
        body: UpdatePaymentSettingsSchema,
        response: PaymentSettingsSchema,
        errors: [409],
      },
      async ({ req, auth, body }) => savePaymentSettings(ds, body, auditActor({ req, auth })),
    )
    .put(
      '/:id/pagopa',
      {
        summary: "Imposta o toglie il codice avviso pagoPA di un estratto conto, che viene rigenerato (stesso numero, versione successiva)",
        access: rolesFor('billing.manage'),
        params: IdParams,
        body: StatementPagoPaSchema,
        response: StatementSchema,
        errors: [404],
      },
      async ({ req, auth, params, body }) => {
        await setStatementPagoPa(ds, service.attachments, params.id, body.noticeCode, auditActor({ req, auth }));
        const { statement, payerName } = await visible(auth, params.id);
        return toDto(statement, payerName);
      },
    )
    .get(
      '/runs',
      {
        summary: 'Ultime esecuzioni della generazione degli estratti conto',
        access: ['operator', 'approver', 'admin'],
        query: RunListQuery,
        response: RunListSchema,
      },
      async ({ query }) => ({ items: await service.listRuns(query.limit) }),
    )
    .get(
      '/runs/:id',
      {
        summary: "Stato e avanzamento di un'esecuzione",
        access: ['operator', 'approver', 'admin'],
        params: IdParams,
        response: StatementRunSchema,
        errors: [404],
      },
      async ({ params }) => {
        const run = await service.getRun(params.id);
        if (!run) throw notFound("L'esecuzione");
        return run;
      },
    )
    .get(
      '/',
      {
        summary: "Estratti conto semestrali visibili (per un Ente: quelli che paga), dal più recente",
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        query: StatementListQuerySchema,
        response: StatementListSchema,
      },
      async ({ query, auth }): Promise<StatementList> => {
        const qb = statementsQuery(auth, query).limit(5000);
        const rows = await qb.getMany();
        const names = await enteNames(ds, rows.map((r) => r.payerEnteId));
        return { items: rows.map((s) => toDto(s, names.get(s.payerEnteId) ?? '—')) };
      },
    )
    .get(
      '/:id/pdf',
      {
        summary: "PDF dell'estratto conto (download)",
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        params: IdParams,
        errors: [404],
      },
      async ({ params, auth, res }) => {
        const { statement, payerName } = await visible(auth, params.id);
        if (!statement.pdfSha256) throw notFound("Il PDF dell'estratto conto");
        await sendAttachment(res, service.attachments, { sha256: statement.pdfSha256, fileName: fileName(statement, payerName, 'pdf'), mime: 'application/pdf' });
      },
    )
    .get(
      '/:id/csv',
      {
        summary: "Righe dell'estratto conto in CSV per Excel (separatore «;», virgola decimale, UTF-8 con BOM)",
        access: ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'],
        params: IdParams,
        errors: [404],
      },
      async ({ params, auth, res }) => {
        const { statement, payerName } = await visible(auth, params.id);
        const csv = await service.csv(statement);
        res.attachment(fileName(statement, payerName, 'csv'));
        res.set('Content-Type', 'text/csv; charset=utf-8');
        res.set('Cache-Control', 'private, no-store');
        res.set('X-Content-Type-Options', 'nosniff');
        res.send(csv);
      },
    );
}

/** The statements list's filters, scope and order (most recent half-year first); the list and its export share it. */
export function statementsQuery(auth: AuthContext, query: z.infer<typeof StatementListQuerySchema>): SelectQueryBuilder<Statement> {
  const qb = auth.db.select(Statement, 's').orderBy('s.year', 'DESC').addOrderBy('s.half', 'DESC').addOrderBy('s.id');
  if (query.enteId) qb.andWhere('s.payer_ente_id = :enteId', { enteId: query.enteId });
  if (query.year) qb.andWhere('s.year = :year', { year: query.year });
  if (query.half) qb.andWhere('s.half = :half', { half: query.half });
  return qb;
}
