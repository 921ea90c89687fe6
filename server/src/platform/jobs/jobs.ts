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
}
export type JobName = keyof JobCatalogue;
export type JobHandlers = { [K in JobName]: (data: JobCatalogue[K]) => Promise<unknown> };

/** Repeatable jobs and how often they run. */
export const SCHEDULES: ReadonlyArray<{ name: JobName; everyMs: number }> = [
  { name: 'tickets.auto-close', everyMs: 15 * 60_000 },
  { name: 'sla.refresh', everyMs: 60_000 },
];

export interface Jobs {
  queue: Queue;
  close: () => Promise<void>;
}

export const QUEUE_NAME = 'cit-jobs';

function connection(redisUrl: string): ConnectionOptions {
  // BullMQ's blocking worker connection must retry forever instead of failing commands while Redis is away.
  return { url: redisUrl, maxRetriesPerRequest: null, enableOfflineQueue: true } as ConnectionOptions;
}

/**
 * Starts the worker and registers the schedules. A handler's error propagates to BullMQ, which records the
 * failure and retries with backoff; nothing here swallows it.
 */
export async function startJobs(opts: { redisUrl: string; prefix: string; handlers: JobHandlers; logger: Logger }): Promise<Jobs> {
  const names = Object.keys(opts.handlers);
  const missing = SCHEDULES.filter((s) => !names.includes(s.name));
  if (missing.length) throw new Error(`jobs without a handler: ${missing.map((m) => m.name).join(', ')}`);
  const prefix = `${opts.prefix}:bull`;
  const queue = new Queue(QUEUE_NAME, {
    connection: connection(opts.redisUrl),
    prefix,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  });
  queue.on('error', (err) => opts.logger.warn({ err: err.message }, 'job queue connection problem'));
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = opts.handlers[job.name as JobName] as ((data: unknown) => Promise<unknown>) | undefined;
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      return handler(job.data);
    },
    { connection: connection(opts.redisUrl), prefix, concurrency: 1 },
  );
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'job worker connection problem'));
  worker.on('failed', (job, err) => opts.logger.warn({ job: job?.name, id: job?.id, err: err.message }, 'job failed'));
  for (const s of SCHEDULES) {
    await queue.upsertJobScheduler(s.name, { every: s.everyMs }, { name: s.name, data: {} });
  }
  return {
    queue,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
