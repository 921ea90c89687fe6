import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { Config } from './config';
import { createApp } from './app';
import { createDataSource, migrate } from './platform/db/data-source';
import { SecretBox } from './platform/secret-box';
import { sealClearTotpSecrets } from './auth/second-factor/second-factor.service';
import { createLogger, type Logger } from './platform/logger';
import { createRedis } from './platform/redis';
import { createRealtime, type CanViewTicket, type Realtime } from './realtime/realtime';
import { OutboxDispatcher } from './platform/outbox/dispatcher';
import { createJobQueue, enqueueJob, startWorker } from './platform/jobs/jobs';
import { jobHandlers } from './jobs';
import { ticketsModule, type TicketsModule } from './tickets/tickets.module';
import { notificationsModule, type NotificationsModule } from './notifications/notifications.module';
import { AppNotificationsHandler } from './app-notifications/app-notifications.handler';
import type { ReadinessState } from './platform/health/readiness';
import { MailboxesModule } from './mailboxes/mailboxes.module';

export interface Runtime {
  config: Config;
  logger: Logger;
  ds: DataSource;
  redis: Redis;
  server: Server;
  /** Live events (socket.io) on the same HTTP server. */
  realtime: Realtime;
  tickets: TicketsModule;
  outbox: OutboxDispatcher;
  queue: Queue;
  /** E-mail: the outbox handler, the inbound SMTP listener for replies, the development catcher. */
  notifications: NotificationsModule;
  /** IMAP mailboxes followed for tickets, replies and PEC receipts. */
  mailboxes: MailboxesModule;
  url: string;
  /** Seeding and draining flags behind /api/ready. */
  readiness: ReadinessState;
  /** Stops taking traffic (not ready, no new sockets) and waits DRAIN_SECONDS; `stop` drains first by itself. */
  drain: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface StartOptions {
  migrate?: boolean;
  logger?: Logger;
  /** Replaces the tickets module's rule for following a ticket's live events (tests). */
  canViewTicket?: CanViewTicket;
  /** The clock of the ticket rules (tests move time to check SLA). */
  now?: () => Date;
}

/**
 * Opens the connections and starts listening. Redis being down does not stop the start: the API keeps
 * serving what does not need it and /api/health says 503 until it is back.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'cit-api' });
  await ds.initialize();
  if (options.migrate) {
    const applied = await migrate(ds);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  // Before the first login is served: TOTP secrets stored in clear by older versions (or the seed) get sealed.
  // Never a reason not to start (e.g. migrations not applied yet): clear secrets are still read, and the next
  // start seals them.
  await sealClearTotpSecrets(ds, SecretBox.fromConfig(config, 'totp')).then(
    (sealedTotp) => sealedTotp > 0 && logger.info({ sealedTotp }, 'TOTP secrets sealed at rest'),
    (err: unknown) => logger.warn({ err }, 'TOTP secrets not sealed at this start'),
  );
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection problem'));
  redis.connect().catch((err: unknown) => logger.warn({ err }, 'redis not reachable at start; retrying in background'));

  const tickets = ticketsModule(ds, config, options.now);
  const jobsConfig = { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger, lockSeconds: config.JOB_LOCK_SECONDS };
  const queue = createJobQueue(jobsConfig);
  // The bell of a failed PEC is pushed through the live events, which start after the HTTP server.
  const bellPush: { to?: (userIds: string[]) => void } = {};
  const mailboxes = new MailboxesModule({ ds, config, logger, tickets: tickets.service, publishBell: (ids) => bellPush.to?.(ids) });
  const { app, dispose, session, resolveAuth, bindLiveSessions, readiness, countLiveSockets } = createApp({ config, ds, redis, logger, tickets, queue, mailboxes });
  // Not app.listen(): Express 5 hands a listen error to the callback, which read it as success (a taken port
  // started a server that listened nowhere).
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    dispose();
    await queue.close().catch(() => undefined);
    redis.disconnect();
    await ds.destroy().catch(() => undefined);
    throw err;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const realtime = createRealtime({
    server,
    session,
    resolveAuth,
    canViewTicket: options.canViewTicket ?? tickets.canView,
    redis,
    streamName: `${config.REDIS_PREFIX}:socket.io`,
    publicUrl: config.PUBLIC_URL,
    logger,
  });
  bindLiveSessions(realtime);
  countLiveSockets(() => realtime.io.of('/').sockets.size);
  // A draining process refuses new live connections (the client reconnects through the balancer to another one);
  // the sockets it holds stay until the stop closes them.
  realtime.io.engine.use((req: IncomingMessage, res: ServerResponse, next: (err?: Error) => void) => {
    if (readiness.draining && !new URL(req.url ?? '/', 'http://x').searchParams.has('sid')) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      res.end(JSON.stringify({ error: { code: 'draining', message: 'Il server si sta fermando: riconnettersi.' } }));
      return;
    }
    next();
  });

  const notifications = notificationsModule({ ds, config, logger, queue }, tickets.service);
  await notifications.start();
  const bell = new AppNotificationsHandler(ds, (userIds) => realtime.publishNotifications(userIds));
  const outbox = new OutboxDispatcher(
    ds,
    {
      'live.ticket': ({ supplierId, ...event }) => {
        realtime.publishTicket({ ...event, supplierId });
        realtime.publishCounts({ enteId: event.enteId, supplierId });
      },
      'live.announcements': (audience) => realtime.publishAnnouncements({ enteIds: audience.enteIds, staff: audience.staff }),
      'live.staff': (p) => realtime.publishStaff({ runId: p.runId, done: p.done, total: p.total, status: p.status }, p.event),
      // Mail jobs keep the mail retry policy whichever path queued them (account mails come through here).
      'jobs.enqueue': (request) =>
        enqueueJob(
          queue,
          request,
          5_000,
          request.name === 'mail.send' || request.name === 'pec.send' ? { attempts: config.MAIL_ATTEMPTS, backoffMs: config.MAIL_BACKOFF_MS } : undefined,
        ),
      // E-mails, the bell and the official PEC notice of one change; each side is idempotent, so a retry after one
      // fails repeats nothing.
      'notify.ticket': async (payload, id) => {
        await notifications.notify(payload, id);
        await bell.handle(payload, id);
        await mailboxes.notices.onTicketChange(payload, id);
      },
    },
    logger,
  );
  bellPush.to = (userIds) => realtime.publishNotifications(userIds);
  if (config.OUTBOX_DISPATCH) await outbox.start();
  // The mailbox followers run where the jobs run: here in development and small installations, in worker.js otherwise.
  if (config.RUN_JOBS) await mailboxes.start();
  // Development and small installations run the worker in the API process; production runs `worker.js` too.
  const worker = config.RUN_JOBS ? await startWorker(jobsConfig, queue, jobHandlers(ds, config, tickets, logger), config.WORKER_CONCURRENCY) : undefined;

  /** Not ready and no new sockets: the balancer moves traffic away while in-flight work goes on. */
  const drain = async () => {
    readiness.draining = true;
    if (config.DRAIN_SECONDS > 0) await new Promise((r) => setTimeout(r, config.DRAIN_SECONDS * 1000));
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await drain();
      // Stop accepting, let in-flight requests finish (bounded), then close the pools.
      const closed = new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 10_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await mailboxes.stop();
      await worker?.close();
      await outbox.stop();
      await notifications.stop();
      await queue.close();
      // Open sockets (WebSocket, long polling) would keep the HTTP server from closing.
      await realtime.close();
      await closed;
      dispose();
      redis.disconnect();
      await ds.destroy();
    })();
    return stopping;
  };
  return { config, logger, ds, redis, server, realtime, tickets, outbox, queue, notifications, mailboxes, readiness, url: `http://127.0.0.1:${port}`, drain, stop };
}

/** SIGTERM/SIGINT end the process cleanly: no request is cut in the middle. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  const handler = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
