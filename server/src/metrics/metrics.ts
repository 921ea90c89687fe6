import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { OpsFigures } from '@cit/shared';
import { databaseOpsFigures } from './metrics.repository';

export interface MetricsDeps {
  ds: DataSource;
  queue: Queue;
  /** This process's connected live-event sockets (set once the socket server exists). */
  liveSockets: () => number;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Reads the figures once; the Prometheus gauges and the admin card show the same numbers. */
export async function opsFigures(deps: MetricsDeps): Promise<OpsFigures> {
  const [db, jobs] = await Promise.all([
    databaseOpsFigures(deps.ds),
    // Redis down: the queue figures are unknown, the database ones still tell a lot.
    withTimeout(deps.queue.getJobCounts(...JOB_STATES), 2_000).catch(() => null),
  ]);
  return {
    outbox: { waiting: db.outboxWaiting, oldestSeconds: db.outboxOldestSeconds },
    jobs: jobs ? { waiting: jobs.waiting ?? 0, active: jobs.active ?? 0, delayed: jobs.delayed ?? 0, failed: jobs.failed ?? 0 } : null,
    mails: { queued: db.mailsQueued, failed: db.mailsFailed },
    tickets: { atRisk: db.ticketsAtRisk, breached: db.ticketsBreached },
    runs: db.runs,
    liveSockets: deps.liveSockets(),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(timer));
}

export interface Metrics {
  registry: Registry;
  /** Times every request by its route template (`/api/tickets/:id`), never by its raw URL (ids would explode the series). */
  http: RequestHandler;
  figures: () => Promise<OpsFigures>;
}

/** One registry per server (not prom-client's global one), so several servers in one process (tests) stay apart. */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cit_' });
  const latency = new Histogram({
    name: 'cit_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Counter({ name: 'cit_http_requests_total', help: 'HTTP requests by route template, method and status class', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const figures = () => opsFigures(deps);

  // The gauges are read at scrape time: one set of queries per scrape, shared by all of them.
  let pending: Promise<OpsFigures> | undefined;
  const current = () => {
    pending ??= figures().finally(() => setTimeout(() => (pending = undefined), 500).unref());
    return pending;
  };
  const gauge = (name: string, help: string, read: (f: OpsFigures, g: Gauge) => void, labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        read(await current(), this);
      },
    });
  gauge('cit_live_sockets', 'Connected live-event sockets of this process', (f, g) => g.set(f.liveSockets));
  gauge('cit_outbox_waiting', 'Outbox rows not yet carried out', (f, g) => g.set(f.outbox.waiting));
  gauge('cit_outbox_oldest_seconds', 'Age of the oldest outbox row not yet carried out', (f, g) => g.set(f.outbox.oldestSeconds));
  gauge('cit_queue_jobs', 'Background jobs by queue and state (failed: after all attempts)', (f, g) => {
    for (const state of JOB_STATES) if (f.jobs) g.set({ queue: 'cit-jobs', state }, f.jobs[state]);
  }, ['queue', 'state']);
  gauge('cit_redis_up', 'Whether the job queue (Redis) answered', (f, g) => g.set(f.jobs ? 1 : 0));
  gauge('cit_mails', 'Outgoing mails by status (failed: after all attempts)', (f, g) => {
    g.set({ status: 'queued' }, f.mails.queued);
    g.set({ status: 'failed' }, f.mails.failed);
  }, ['status']);
  gauge('cit_tickets_sla', 'Open tickets whose SLA is at risk or breached', (f, g) => {
    g.set({ state: 'at_risk' }, f.tickets.atRisk);
    g.set({ state: 'breached' }, f.tickets.breached);
  }, ['state']);
  gauge('cit_runs', 'Import runs (moone, softwarecit) and statement runs by status', (f, g) => {
    for (const r of f.runs) g.set({ source: r.source, status: r.status }, r.count);
  }, ['source', 'status']);

  const http: RequestHandler = (req, res, next) => {
    const end = latency.startTimer();
    res.once('finish', () => {
      const route = req.route as { path?: unknown } | undefined;
      const template = typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : req.originalUrl.startsWith('/api') ? 'unmatched' : 'static';
      const labels = { method: req.method, route: template, status: `${Math.floor(res.statusCode / 100)}xx` };
      end(labels);
      requests.inc(labels);
    });
    next();
  };
  return { registry, http, figures };
}
