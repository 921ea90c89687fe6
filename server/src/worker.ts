import { ConfigError, loadConfig } from './config';
import { createDataSource } from './platform/db/data-source';
import { createLogger } from './platform/logger';
import { createJobQueue, startWorker } from './platform/jobs/jobs';
import { stopOnSignals } from './runtime';
import { jobHandlers } from './jobs';
import { ticketsModule } from './tickets/tickets.module';
import { MailboxesModule } from './mailboxes/mailboxes.module';

/**
 * Background worker: runs the job catalogue (service records and billing after approvals, renewals, SLA,
 * auto-close) and follows the IMAP mailboxes. Run as many as needed; BullMQ hands each job to one of them. Live events and e-mail they cause
 * go through the outbox, which the API processes carry out.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'cit-worker' });
  await ds.initialize();
  const jobsConfig = { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger, lockSeconds: config.JOB_LOCK_SECONDS };
  const queue = createJobQueue(jobsConfig);
  const tickets = ticketsModule(ds, config);
  const worker = await startWorker(jobsConfig, queue, jobHandlers(ds, config, tickets, logger), config.WORKER_CONCURRENCY);
  // The IMAP mailboxes (issue 21), away from the API's event loop. The bell of a failed PEC is stored here and
  // shows at the users' next refresh (live pushes belong to the API processes).
  const mailboxes = new MailboxesModule({ ds, config, logger, tickets: tickets.service, publishBell: () => undefined });
  await mailboxes.start();
  logger.info('CIT worker started');
  stopOnSignals(async () => {
    await mailboxes.stop();
    await worker.close();
    await queue.close();
    await ds.destroy();
  }, logger);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
