import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { ReportBacklogSchema, ReportFiltersSchema, ReportSlaSchema, ReportTrendSchema, ReportVolumesSchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { ReportsService } from './reports.service';

const SCOPE =
  "Personale CIT: tutti gli Enti, o quello indicato con `enteId`. Referente di un Ente: solo gli Enti del proprio profilo (un capofila anche i suoi Comuni), qualunque filtro invii.";

/** `GET /api/reports/…`: the figures of the reports page, one endpoint per report (each answers from the rollups). */
export function reportsRoutes(paths: ZodOpenApiPathsObject, reports: ReportsService): ApiRouter {
  const access = rolesFor('reports.read');
  return new ApiRouter('/api/reports', 'Report', paths)
    .get(
      '/trend',
      { summary: 'Ticket aperti e chiusi per settimana e per mese', description: SCOPE, access, query: ReportFiltersSchema, response: ReportTrendSchema },
      async ({ query, auth }) => reports.trend(auth, query),
    )
    .get(
      '/sla',
      {
        summary: 'Rispetto degli SLA di presa in carico e di risoluzione per urgenza, servizio, gruppo e mese',
        description: SCOPE,
        access,
        query: ReportFiltersSchema,
        response: ReportSlaSchema,
      },
      async ({ query, auth }) => reports.sla(auth, query),
    )
    .get(
      '/volumes',
      { summary: 'Volumi per Ente e per servizio', description: SCOPE, access, query: ReportFiltersSchema, response: ReportVolumesSchema },
      async ({ query, auth }) => reports.volumes(auth, query),
    )
    .get(
      '/backlog',
      { summary: 'Ticket aperti adesso, per stato e per età', description: `${SCOPE} Il periodo non si applica.`, access, query: ReportFiltersSchema, response: ReportBacklogSchema },
      async ({ query, auth }) => reports.backlog(auth, query),
    );
}
