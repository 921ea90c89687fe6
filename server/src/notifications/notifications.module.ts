import type { Router } from 'express';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import type { TicketService } from '../tickets/tickets.service';
import type * as DevCatcher from './dev-catcher';
import type * as Inbound from './inbound';
import { mailEnabled, mailSecret, pecEnabled } from './mail-settings';
import { notificationsRoutes } from './notifications.routes';
import { NotificationService } from './notifications.service';
import { Notifier, type NotifyPayload } from './notifier';
import { SurveyService } from './surveys';
import { MailTokens } from './tokens';

export { mailSendJob } from './mailer';

export interface NotificationsDeps {
  ds: DataSource;
  config: Config;
  logger: Logger;
  queue: Queue;
}

export interface NotificationsModule {
  /** The `notify.ticket` outbox handler. */
  notify: (payload: NotifyPayload, outboxId: string) => Promise<void>;
  /** Starts the inbound SMTP listener and the development catcher when configured. */
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Where the listeners actually are (port 0 in tests picks a free one). */
  inboundPort: () => number | undefined;
  catcherPort: () => number | undefined;
}

export function notificationsModule({ ds, config, logger, queue }: NotificationsDeps, tickets: TicketService): NotificationsModule {
  const tokens = new MailTokens(mailSecret(config));
  const notifier = new Notifier(ds, config, tokens, queue, logger);
  let inbound: Inbound.InboundMail | undefined;
  let inboundPort: number | undefined;
  let catcher: { port: number; stop: () => Promise<void> } | undefined;
  return {
    notify: (payload, outboxId) => notifier.handle(payload, outboxId),
    start: async () => {
      // Loaded only when configured: the SMTP server and the MIME parser weigh some 20 MB of memory.
      /* eslint-disable @typescript-eslint/no-require-imports */
      if (config.DEV_MAIL_CATCHER_PORT !== undefined) {
        const { startMailCatcher } = require('./dev-catcher') as typeof DevCatcher;
        catcher = await startMailCatcher(ds, config.DEV_MAIL_CATCHER_PORT, logger);
      }
      if (config.INBOUND_SMTP_PORT !== undefined) {
        const { InboundMail } = require('./inbound') as typeof Inbound;
        inbound = new InboundMail(ds, config, tokens, tickets, logger);
        inboundPort = await inbound.start(config.INBOUND_SMTP_PORT, config.INBOUND_SMTP_HOST);
      }
      /* eslint-enable @typescript-eslint/no-require-imports */
      if (!mailEnabled(config)) logger.warn('e-mail disattivate: impostare SMTP_URL o SMTP_HOST');
      // Recorded as not sendable and listed for the admins (GET /api/admin/official-notices), never a crash.
      if (!pecEnabled(config)) logger.warn('comunicazioni ufficiali PEC disattivate: impostare PEC_SMTP_URL e PEC_FROM');
    },
    stop: async () => {
      await inbound?.stop();
      inbound = undefined;
      await catcher?.stop();
      catcher = undefined;
    },
    inboundPort: () => inboundPort,
    catcherPort: () => catcher?.port,
  };
}

/** The HTTP side (admin mail list, follow, preferences, surveys, dev mailbox), mounted by app.ts. */
export function notificationsHttp(paths: ZodOpenApiPathsObject, { ds, config, logger, queue }: NotificationsDeps): Router {
  const tokens = new MailTokens(mailSecret(config));
  const service = new NotificationService(ds, new Notifier(ds, config, tokens, queue, logger));
  return notificationsRoutes(paths, { service, surveys: new SurveyService(ds, tokens), devMailbox: config.DEV_MAIL_CATCHER_PORT !== undefined });
}
