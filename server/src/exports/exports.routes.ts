import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { Pool } from 'pg';
import { AuditQuerySchema, ExportFormatSchema, romeDate, rolesFor, TicketListQuerySchema } from '@cit/shared';
import { auditExportQuery } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { TicketQueries } from '../tickets/tickets.queries';
import { sendExport } from './export-writer';
import { streamRows } from './export-rows.repository';
import { AUDIT_COLUMNS, TICKET_COLUMNS, type AuditExportRow, type TicketExportRow } from './columns';

const DESCRIPTION =
  'Stessi filtri, stesso ordine e stessa visibilità dell’elenco, senza paginazione. CSV separato da punto e virgola (UTF-8 con BOM) o XLSX, ' +
  'trasmessi man mano. Se l’esportazione si interrompe a metà la risposta viene troncata (il browser segnala il download non riuscito): ' +
  'un file parziale non arriva mai come completo.';

const fileName = (what: string) => `${what}-${romeDate(new Date())}`;

/**
 * The exports of the lists (issue 18, point 2), one `…/export/{format}` per list, each with the list's own query
 * schema and access. Registered before the lists' routers: `export` must not be read as a record id.
 */
export function exportsRoutes(paths: ZodOpenApiPathsObject, pool: Pool, tickets: TicketQueries): ApiRouter[] {
  const ticketsExport = new ApiRouter('/api/tickets', 'Ticket', paths).get(
    '/export/:format',
    { summary: 'Esporta l’elenco dei ticket con i filtri correnti', description: DESCRIPTION, access: 'signed-in', params: ExportFormatSchema, query: TicketListQuerySchema, errors: [429] },
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
    { summary: 'Esporta il registro delle modifiche con i filtri correnti', description: DESCRIPTION, access: rolesFor('audit.read'), params: ExportFormatSchema, query: AuditQuerySchema, errors: [429] },
    async ({ params, query, res }) => {
      const [sql, values] = auditExportQuery(query);
      await sendExport(res, params.format, { name: fileName('registro-modifiche'), sheet: 'Registro', columns: AUDIT_COLUMNS, rows: streamRows<AuditExportRow>(pool, sql, values) });
    },
  );
  return [ticketsExport, auditExport];
}
