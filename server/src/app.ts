import path from 'node:path';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import expressStaticGzip from 'express-static-gzip';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { romeDate } from '@cit/shared';
import type { Config } from './config';
import { attachmentMaxBytes } from './config';
import type { Logger } from './platform/logger';
import { apiNotFound, errorHandler } from './platform/http/errors';
import { docsPage, openApiDocument } from './platform/openapi';
import { healthRoutes } from './platform/health/health.routes';
import { ReadinessState } from './platform/health/readiness';
import { createMetrics, type Metrics } from './metrics/metrics';
import { metricsEndpoint, opsRoutes } from './metrics/metrics.routes';
import { AuthService } from './auth/auth.service';
import { authContextFor, loadAuth, type AuthResolver } from './auth/auth.middleware';
import { authRoutes } from './auth/auth.routes';
import { LoginFlow } from './auth/login-flow';
import { SecondFactorService } from './auth/second-factor/second-factor.service';
import { secondFactorRoutes } from './auth/second-factor/second-factor.routes';
import { SecretBox } from './platform/secret-box';
import { OidcLogin } from './auth/oidc/oidc.service';
import { oidcRoutes } from './auth/oidc/oidc.routes';
import { PasswordLinks, type LiveSessions } from './auth/password-links';
import { passwordLinksRoutes } from './auth/password-links.routes';
import { UsersService } from './auth/users.service';
import { usersRoutes } from './auth/users.routes';
import { csrf, sessionMiddleware } from './auth/session';
import { sessionExpiryHeader } from './auth/session-expiry';
import { SessionsService } from './auth/sessions.service';
import { sessionsRoutes } from './auth/sessions.routes';
import { LoginThrottle } from './auth/throttle/login-throttle';
import { throttleRoutes } from './auth/throttle/throttle.routes';
import { PersonalDataService } from './personal-data/personal-data.service';
import { personalDataRoutes } from './personal-data/personal-data.routes';
import { entiRoutes } from './enti/enti.routes';
import { entiAdminRoutes } from './enti/enti-admin.routes';
import { fileStoreFromConfig } from './file-store/file-store.module';
import { membershipsRoutes } from './enti/memberships.routes';
import { signatoriesRoutes } from './enti/signatories.routes';
import { populationRoutes } from './enti/population.routes';
import { auditRoutes } from './audit/audit.routes';
import { importRunsRoutes } from './import-runs/import-runs.routes';
import { softwareCitImportRoutes } from './softwarecit-import/softwarecit-import.routes';
import { savedViewsRoutes } from './views/saved-views.routes';
import { CannedRepliesService } from './canned-replies/canned-replies.service';
import { cannedRepliesRoutes } from './canned-replies/canned-replies.routes';
import { KbService } from './kb/kb.service';
import { kbRoutes } from './kb/kb.routes';
import { TicketLinksService } from './ticket-links/ticket-links.service';
import { ticketLinksRoutes } from './ticket-links/ticket-links.routes';
import { TicketBulkService } from './ticket-bulk/ticket-bulk.service';
import { ticketBulkRoutes } from './ticket-bulk/ticket-bulk.routes';
import { suppliersRoutes } from './suppliers/suppliers.routes';
import { supportGroupsRoutes } from './support-groups/support-groups.routes';
import { routingRulesRoutes } from './routing-rules/routing-rules.routes';
import { triageRoutes } from './retriage/retriage.routes';
import { RetriageService } from './retriage/retriage.service';
import type { TicketsModule } from './tickets/tickets.module';
import { slaRoutes } from './sla/sla.routes';
import { publicPagesRoutes } from './public-pages/public-pages.routes';
import { loadSiteInfo } from './public-pages/site-info';
import { SlaTargetsService } from './sla/sla-targets.service';
import { supportCalendarRoutes } from './support-calendar/support-calendar.routes';
import { SupportCalendarService } from './support-calendar/support-calendar.service';
import { ApprovalService } from './approvals/approvals.service';
import { approvalsRoutes } from './approvals/approvals.routes';
import { billingRoutes } from './billing/billing.routes';
import { statementsRoutes } from './billing/statements/statements.routes';
import { statementsService } from './billing/statements/statements.module';
import { serviceRequestsRoutes } from './service-requests/service-requests.routes';
import { serviceRecordsRoutes } from './service-records/service-records.routes';
import { requestFormRoutes } from './service-requests/request-form/request-form.routes';
import { priceListsRoutes } from './price-lists/price-lists.routes';
import { PriceListsService } from './price-lists/price-lists.service';
import { notificationsHttp } from './notifications/notifications.module';
import { bullBoard, jobsAdminRoutes } from './platform/jobs/jobs.routes';
import { appNotificationsRoutes } from './app-notifications/app-notifications.routes';
import { AppNotificationsRepository } from './app-notifications/app-notifications.repository';
import { ticketTestsRoutes } from './ticket-testing/ticket-tests.routes';
import { TicketTestLinks } from './ticket-testing/ticket-tests.service';
import { MailTokens } from './notifications/tokens';
import { mailSecret } from './notifications/mail-settings';
import { requesterCardRoutes } from './requester-card/requester-card.routes';
import { enteHomeRoutes } from './ente-home/ente-home.routes';
import { reportsRoutes } from './reports/reports.routes';
import { ReportsService } from './reports/reports.service';
import { AnnouncementsService } from './announcements/announcements.service';
import { announcementsAdminRoutes, announcementsRoutes } from './announcements/announcements.routes';
import { exportsRoutes } from './exports/exports.routes';
import { configureSignatures } from './service-requests/signed-form/trust';
import type { Queue } from 'bullmq';
import type { MailboxesModule } from './mailboxes/mailboxes.module';
import { mailboxesRoutes, unassignedMailRoutes } from './mailboxes/mailboxes.routes';
import { officialNoticesRoutes } from './official-notices/official-notices.routes';

export interface AppDeps {
  config: Config;
  ds: DataSource;
  redis: Redis;
  logger: Logger;
  tickets: TicketsModule;
  queue: Queue;
  /** IMAP mailboxes (issue 21): their admin and unassigned-mail routes. */
  mailboxes?: MailboxesModule;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export interface App {
  app: Express;
  /** Stops the app's own timers; connections belong to the caller. */
  dispose: () => void;
  /** The API's session middleware and user resolution, reused by the live-events socket. */
  session: RequestHandler;
  resolveAuth: AuthResolver;
  /** The live-events server starts after the app (it needs the HTTP server): bound here so disabling a user drops their sockets. */
  bindLiveSessions: (live: LiveSessions) => void;
  readiness: ReadinessState;
  metrics: Metrics;
  /** The live-events server, once started, tells the metrics how many sockets this process holds. */
  countLiveSockets: (count: () => number) => void;
}

export function createApp({ config, ds, redis, logger, tickets, queue, mailboxes }: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  const readiness = new ReadinessState(ds);
  let liveSockets = () => 0;
  const metrics = createMetrics({ ds, queue, liveSockets: () => liveSockets() });
  app.use(metrics.http);
  if (config.TRUST_PROXY) app.set('trust proxy', parseTrustProxy(config.TRUST_PROXY));
  configureSignatures({ trustListPath: config.SIGNATURE_TRUST_LIST, online: config.SIGNATURE_ONLINE });

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/api/ready' || req.url === '/api/metrics' },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Plain-HTTP local starts must keep working; behind TLS the proxy adds HSTS.
          upgradeInsecureRequests: null,
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );

  const paths: ZodOpenApiPathsObject = {};
  const auth = new AuthService(ds, config.PASSWORD_LOGIN_DISABLED_ROLES);
  const loginFlow = new LoginFlow(ds, auth, new SecondFactorService(ds, SecretBox.fromConfig(config, 'totp')));
  const throttle = new LoginThrottle(redis, config);
  const pool = (ds.driver as unknown as { master: Pool }).master; // TypeORM's postgres driver keeps its pg Pool here.

  const api = express.Router();
  // What the API answers is one user's data at one moment: no browser or proxy may keep it (a shared PC, a
  // back button after logout). Downloads set their own, equally private, header.
  api.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // No body parser here: each route reads its body only after its access check (ApiRouter, bull-board).
  for (const r of healthRoutes(ds, redis, paths, readiness)) api.use(r.router);
  api.use(metricsEndpoint(metrics, config.METRICS_TOKEN));
  const sessions = sessionMiddleware({
    pool,
    secret: config.SESSION_SECRET,
    ttlHours: config.SESSION_TTL_HOURS,
    logError: (args) => logger.warn({ err: args.map(String).join(' ') }, 'session store problem'),
  });
  api.use(sessions.middleware, sessionExpiryHeader(config.SESSION_TTL_HOURS));
  api.use(csrf.csrfSynchronisedProtection);
  api.use(loadAuth(ds, auth));
  let liveSessions: LiveSessions | undefined;
  const live: LiveSessions = {
    disconnectUser: (userId) => liveSessions?.disconnectUser(userId),
    disconnectSession: (sessionId) => liveSessions?.disconnectSession(sessionId),
    refreshUser: (userId) => liveSessions?.refreshUser(userId),
  };
  api.use(authRoutes(auth, loginFlow, paths, throttle, live).router);
  api.use(secondFactorRoutes(paths, loginFlow, auth).router);
  api.use(oidcRoutes(paths, new OidcLogin(config.OIDC_PROVIDERS, config.PUBLIC_URL), loginFlow, auth).router);
  const passwordLinks = new PasswordLinks(ds, config, live, logger);
  api.use(passwordLinksRoutes(paths, passwordLinks, throttle).router);
  api.use(usersRoutes(paths, new UsersService(ds, passwordLinks, live)));
  api.use(sessionsRoutes(paths, new SessionsService(ds, config.SESSION_TTL_HOURS, live)));
  api.use(throttleRoutes(paths, ds, throttle).router);
  api.use(personalDataRoutes(paths, ds, new PersonalDataService(ds, fileStoreFromConfig(config), live)));
  // Exports before the lists: their literal `export` segment must not be read as a record id.
  for (const router of exportsRoutes(paths, pool, tickets.queries)) api.use(router.router);
  api.use(entiRoutes(paths, ds).router);
  api.use(entiAdminRoutes(paths, ds, () => romeDate(tickets.service.now())).router);
  api.use(populationRoutes(paths, ds).router);
  api.use(
    membershipsRoutes(paths, ds, fileStoreFromConfig(config), attachmentMaxBytes(config)).router,
    signatoriesRoutes(paths, ds).router,
  );
  api.use(auditRoutes(paths, ds).router);
  api.use(softwareCitImportRoutes(paths, ds).router);
  api.use(importRunsRoutes(paths, ds).router);
  api.use(suppliersRoutes(paths).router);
  // Bulk first: its literal path must not be read as a ticket id by a `/:id` route.
  const cannedReplies = new CannedRepliesService(ds);
  const ticketLinks = new TicketLinksService(ds, tickets.service);
  api.use(ticketBulkRoutes(paths, new TicketBulkService({ ds, tickets: tickets.service, links: ticketLinks, replies: cannedReplies, logger })).router);
  api.use(tickets.routes(paths).router);
  api.use(ticketLinksRoutes(paths, ticketLinks).router);
  api.use(cannedRepliesRoutes(paths, cannedReplies).router);
  api.use(kbRoutes(paths, new KbService(ds, (auth, id) => tickets.queries.detail(auth, id))).router);
  api.use(supportGroupsRoutes(paths, ds).router);
  api.use(routingRulesRoutes(paths, tickets.routing).router);
  const retriage = new RetriageService({ ds, tickets: tickets.service, calendar: tickets.calendar, routing: tickets.routing });
  api.use(triageRoutes(paths, { retriage, routing: tickets.routing, queries: tickets.queries }).router);
  api.use(savedViewsRoutes(paths, ds).router);
  api.use(slaRoutes(paths, tickets.calendar, new SlaTargetsService(ds)).router);
  api.use(publicPagesRoutes(paths, ds, tickets.calendar, loadSiteInfo(config.SITE_INFO_FILE), () => romeDate(tickets.service.now())).router);
  api.use(supportCalendarRoutes(paths, new SupportCalendarService(ds, tickets.service, tickets.calendar)).router);
  api.use(approvalsRoutes(paths, new ApprovalService(ds, tickets.service, tickets.service.now), tickets.queries, ds).router);
  api.use(billingRoutes(paths, ds).router);
  api.use(statementsRoutes(paths, ds, statementsService(ds, config)).router);
  api.use(serviceRequestsRoutes(paths, ds, tickets).router);
  api.use(serviceRecordsRoutes(paths, ds).router);
  api.use(enteHomeRoutes(paths, ds, () => romeDate(tickets.service.now())).router);
  api.use(reportsRoutes(paths, new ReportsService(ds, () => romeDate(tickets.service.now()))).router);
  api.use(requestFormRoutes(paths, ds, config).router);
  api.use(priceListsRoutes(paths, new PriceListsService(ds, tickets.service.now)).router);
  api.use(notificationsHttp(paths, { ds, config, logger, queue }));
  api.use(appNotificationsRoutes(paths, new AppNotificationsRepository(ds), tickets.service.now).router);
  api.use(ticketTestsRoutes(paths, new TicketTestLinks(new MailTokens(mailSecret(config)), authContextFor(ds, auth), tickets.service)).router);
  api.use(requesterCardRoutes(paths, ds, tickets.service.now).router);
  api.use(officialNoticesRoutes(paths, ds, config, logger).router);
  if (mailboxes) {
    api.use(mailboxesRoutes(paths, mailboxes.service).router);
    api.use(unassignedMailRoutes(paths, mailboxes.service).router);
  }
  const announcements = new AnnouncementsService(ds, tickets.service.now);
  api.use(announcementsRoutes(paths, announcements).router);
  api.use(announcementsAdminRoutes(paths, announcements).router);
  api.use(jobsAdminRoutes(paths, queue).router);
  api.use(opsRoutes(paths, metrics).router);
  api.use('/api/admin/queues', ...bullBoard(queue));

  const document = openApiDocument(paths, process.env.npm_package_version ?? '0.1.0');
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api/docs', ...docsPage('/api/openapi.json'));
  app.use(api);
  app.use('/api', apiNotFound);

  // A private portal: nothing in it is for search engines (without this the single-page fallback would answer HTML).
  app.get('/robots.txt', (_req, res) => {
    res.type('text/plain').set('Cache-Control', 'public, max-age=86400').send('User-agent: *\nDisallow: /\n');
  });

  const clientDist = config.CLIENT_DIST ?? path.resolve(__dirname, '../../client/dist');
  if (config.SERVE_CLIENT && existsSync(path.join(clientDist, 'index.html'))) {
    // Vite puts a content hash in every asset name, so assets never change under the same URL.
    // The build writes .br and .gz next to each asset: served as they are, with Vary: Accept-Encoding.
    app.use(
      '/assets',
      expressStaticGzip(path.join(clientDist, 'assets'), {
        enableBrotli: true,
        orderPreference: ['br', 'gz'],
        serveStatic: { immutable: true, maxAge: '365d', fallthrough: false },
      }),
    );
    app.use(express.static(clientDist, { index: false, maxAge: '1h' }));
    // Client-side routes: any other GET that accepts HTML gets the single page.
    app.get(/^(?!\/api\/).*/, (req, res, next) => {
      if (!req.accepts('html')) {
        next();
        return;
      }
      // The page names the current asset hashes: it must be revalidated after every deploy.
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(clientDist, 'index.html'));
    });
  }
  app.use(errorHandler);
  return {
    app,
    dispose: sessions.close,
    session: sessions.middleware,
    resolveAuth: authContextFor(ds, auth),
    bindLiveSessions: (bound) => {
      liveSessions = bound;
    },
    readiness,
    metrics,
    countLiveSockets: (count) => {
      liveSockets = count;
    },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
