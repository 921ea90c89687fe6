import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { Config } from '../config';
import { attachmentMaxBytes } from '../config';
import type { AuthContext } from '../auth/context';
import { fileStoreFromConfig } from '../file-store/file-store.module';
import { attachmentUpload } from './attachments/upload';
import { AppError } from '../platform/http/errors';
import { CalendarSource } from '../support-calendar/calendar-source';
import { Ticket } from './ticket.entity';
import { TicketQueries } from './tickets.queries';
import { ticketsRoutes } from './tickets.routes';
import { TicketService } from './tickets.service';
import { RoutingRulesService } from '../routing-rules/routing-rules.service';

export interface TicketsModule {
  /** This process's view of the support calendar (shared by the ticket service and the calendar's own routes). */
  calendar: CalendarSource;
  service: TicketService;
  /** The routing rules every new ticket goes through (also re-triage and the admin pages). */
  routing: RoutingRulesService;
  queries: TicketQueries;
  routes: (paths: ZodOpenApiPathsObject) => ReturnType<typeof ticketsRoutes>;
  /** Whether the caller may watch a ticket's live room: exactly when the API would show it. */
  canView: (auth: AuthContext, ticketId: string) => Promise<boolean>;
}

export function ticketsModule(ds: DataSource, config: Config, now?: () => Date): TicketsModule {
  const store = fileStoreFromConfig(config);
  const calendar = new CalendarSource(ds);
  const routing = new RoutingRulesService(ds);
  const service = new TicketService({ ds, store, calendar, routing, ...(now ? { now } : {}) });
  const queries = new TicketQueries(ds, { estimateAbove: config.TICKET_ESTIMATE_ABOVE });
  const upload = attachmentUpload({ maxFileBytes: attachmentMaxBytes(config), maxFiles: config.ATTACHMENT_MAX_FILES, spoolDir: store.spoolDir });
  return {
    calendar,
    service,
    routing,
    queries,
    routes: (paths) => ticketsRoutes(paths, { ds, service, queries, store, upload }),
    canView: async (auth, ticketId) => {
      try {
        await auth.db.get(Ticket, ticketId);
        return true;
      } catch (err) {
        // Only "not visible" means no; a database outage must surface as such, not as a missing ticket.
        if (err instanceof AppError && err.status === 404) return false;
        throw err;
      }
    },
  };
}
