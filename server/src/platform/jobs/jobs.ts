import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../logger';

/**
 * The typed catalogue of background jobs: name → payload. Every name needs a handler (checked at start), and
 * handlers must be idempotent: BullMQ may run a job twice after a crash.
 */
export interface JobCatalogue {
  /** Closes solved tickets nobody answered within TICKET_AUTO_CLOSE_DAYS. */
  'tickets.auto-close': Record<string, never>;
  /** Moves running tickets to at-risk / breached as support time passes. */
  'sla.refresh': Record<string, never>;
  /** Turns an approved activation/cancellation ticket into service records and billing entries. */
  'services.apply': { ticketId: string };
  /** The 1 January renewal with the year's price list, allowance and membership (see service-records/renewals.ts); `null` = the current year in Italy. */
  'services.renew': { year: number | null };
  /** "Avvisa gli Enti": one e-mail per Ente about its units the renewal of `year` will end (never twice per Ente and year). */
  'services.renewal-notices': { year: number };
  /** Sends one queued e-mail (outgoing_mails row); a mail already sent is not sent again. */
  'mail.send': { mailId: string };
  /** Sends one official notice by PEC (official_notices row); a notice no longer queued is not sent again. */
  'pec.send': { noticeId: string };
  /** After a statements run: the notices by PEC to the payers and the "statement available" e-mails to their referents. */
  'notices.statements': { runId: string };
  /** Asks again for approvals whose job was lost (see services/reconcile.ts). */
  'services.reconcile': Record<string, never>;
  /** Generates the half-year statements of a `statement_runs` row (all payers); a statement never exists twice. */
  'billing.statements': { runId: string };
  /** Runs a SoftwareCit import started from the admin page (`import_runs` row with its uploaded files). */
  'imports.softwarecit': { runId: string };
  /** The daily GDPR retention run: purges identity documents and signed forms past their retention (personal-data/retention.ts). */
  'personal-data.retention': Record<string, never>;
  /** The daily purge of technical rows past their retention: dispatched outbox rows and sent mails (platform/purge.ts). */
  'platform.purge': Record<string, never>;
}
export type JobName = keyof JobCatalogue;
export const JOB_NAMES: readonly JobName[] = [
  'tickets.auto-close',
  'sla.refresh',
  'services.apply',
  'services.renew',
  'services.renewal-notices',
  'services.reconcile',
  'mail.send',
  'pec.send',
  'billing.statements',
  'notices.statements',
  'imports.softwarecit',
  'personal-data.retention',
  'platform.purge',
];
export type JobHandlers = { [K in JobName]: (data: JobCatalogue[K]) => Promise<unknown> };
/** A job request as it travels through the outbox. */
export type JobRequest = { [K in JobName]: { name: K; data: JobCatalogue[K]; jobId: string } }[JobName];

/** Repeatable jobs: every N ms, or a cron pattern in Italian time. */
export const SCHEDULES: ReadonlyArray<{ name: JobName; every?: number; pattern?: string; data: JobCatalogue[JobName] }> = [
  { name: 'tickets.auto-close', every: 15 * 60_000, data: {} },
  { name: 'sla.refresh', every: 60_000, data: {} },
  { name: 'services.renew', pattern: '0 5 1 1 *', data: { year: null } },
  { name: 'services.reconcile', every: 5 * 60_000, data: {} },
  { name: 'personal-data.retention', pattern: '30 3 * * *', data: {} },
  { name: 'platform.purge', pattern: '45 3 * * *', data: {} },
];

export const QUEUE_NAME = 'cit-jobs';

export interface JobsConfig {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  /** Lock duration of an active job; a worker killed mid-job loses it after this and another takes the job over. */
  lockSeconds?: number;
}

function connection(redisUrl: string): ConnectionOptions {
  // BullMQ's blocking worker connections must retry forever instead of failing commands while Redis is away.
  return { url: redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
}

/** The producer fails fast while Redis is away: the outbox row stays pending and is retried, nothing waits on it. */
function producerConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 } as ConnectionOptions;
}

/** The producer side, used by every process that relays the outbox. */
export function createJobQueue(cfg: JobsConfig): Queue {
  const queue = new Queue(QUEUE_NAME, {
    connection: producerConnection(cfg.redisUrl),
    prefix: `${cfg.prefix}:bull`,
    defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: 1000, removeOnFail: false },
  });
  queue.on('error', (err) => cfg.logger.warn({ err: err.message }, 'job queue connection problem'));
  return queue;
}

/** Retry policy of one job when the queue's default does not fit (e-mail: its own attempts and first delay). */
export interface JobRetry {
  attempts: number;
  backoffMs: number;
}

/** Adds a job unless one with the same id exists: relaying an outbox row twice is harmless. Ids must not contain ':'. */
export async function enqueueJob(queue: Queue, request: JobRequest, timeoutMs = 5_000, retry?: JobRetry): Promise<void> {
  // BullMQ waits for a connection before it adds anything; bounded here so that an outage fails the relay
  // (the outbox retries it later) instead of holding the outbox row's lock indefinitely.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis non raggiungibile: job ${request.name} non accodato entro ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const options = retry ? { attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } } : {};
    await Promise.race([queue.add(request.name, request.data, { jobId: request.jobId, ...options }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a worker and registers the schedules. A handler's error propagates to BullMQ, which records the
 * failure and retries with backoff; nothing here swallows it.
 */
export async function startWorker(cfg: JobsConfig, queue: Queue, handlers: JobHandlers, concurrency = 2): Promise<{ scheduled: Promise<unknown>; close: () => Promise<void> }> {
  const missing = JOB_NAMES.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name as JobName] as ((data: unknown) => Promise<unknown>) | undefined;
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      return handler(job.data);
    },
    {
      connection: connection(cfg.redisUrl),
      prefix: `${cfg.prefix}:bull`,
      concurrency,
      // Handlers are idempotent, so a job whose worker died several times is worth running again rather than
      // being failed for good ("stalled more than allowable limit", BullMQ's default after one stall).
      maxStalledCount: 5,
      ...(cfg.lockSeconds ? { lockDuration: cfg.lockSeconds * 1000, stalledInterval: cfg.lockSeconds * 1000 } : {}),
    },
  );
  worker.on('error', (err) => cfg.logger.warn({ err: err.message }, 'job worker connection problem'));
  worker.on('failed', (job, err) => cfg.logger.warn({ job: job?.name, id: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  // Registered in the background: with Redis away the process must still start (the calls wait for it).
  const scheduled = Promise.all(
    SCHEDULES.map((s) =>
      queue.upsertJobScheduler(s.name, s.pattern ? { pattern: s.pattern, tz: 'Europe/Rome' } : { every: s.every }, { name: s.name, data: s.data }),
    ),
  ).catch((err: unknown) => cfg.logger.warn({ err }, 'could not register the job schedules'));
  return { scheduled, close: () => worker.close() };
}
