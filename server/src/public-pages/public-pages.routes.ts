import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CATALOG, offeredServices, priceListFor, ServiceCharterSchema, SiteInfoSchema, URGENCIES, type SiteInfo } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { priceLists } from '../price-lists/price-lists.loader';
import { listTargets } from '../sla/sla-targets.repository';
import type { CalendarSource } from '../support-calendar/calendar-source';

/**
 * What anyone may read without signing in: the texts of the PA pages and the service charter. The charter is
 * computed on every request from the price list in force and the SLA targets, so it can never drift from them.
 */
export function publicPagesRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, calendars: CalendarSource, siteInfo: SiteInfo, today: () => string): ApiRouter {
  return new ApiRouter('/api/public', 'Pagine pubbliche', paths)
    .get(
      '/site-info',
      {
        summary: 'Testi delle pagine pubbliche: dichiarazione di accessibilità (link AgID), informativa privacy, note legali, contatti',
        access: 'public',
        response: SiteInfoSchema,
      },
      async () => siteInfo,
    )
    .get(
      '/service-charter',
      {
        summary: 'Carta dei servizi: listino in vigore, obiettivi SLA per urgenza e orari dell’assistenza',
        access: 'public',
        response: ServiceCharterSchema,
      },
      async () => {
        const date = today();
        const lists = await priceLists(ds);
        const offered = new Set(offeredServices(date, lists));
        const calendar = await calendars.refresh();
        const targets = await listTargets(ds);
        targets.sort((a, b) => URGENCIES.indexOf(a.urgency) - URGENCIES.indexOf(b.urgency));
        return {
          today: date,
          priceList: priceListFor(date, lists),
          services: Object.values(CATALOG).filter((s) => offered.has(s.code)),
          targets,
          calendar: { workingDays: [...calendar.workingDays], hours: calendar.hours.map(([a, b]) => [a, b] as [string, string]) },
        };
      },
    );
}
