import type { DataSource } from 'typeorm';
import type { Client, Pool, PoolClient } from 'pg';
import type { Logger } from '../logger';
import { OUTBOX_TOPICS, type OutboxTopic, type OutboxTopics } from './topics';
import { claimDue, markDone, markFailed } from './outbox.repository';

export type OutboxHandlers = { [T in OutboxTopic]: (payload: OutboxTopics[T], id: string) => Promise<void> | void };

const BATCH = 200;
const POLL_MS = 2_000;
/** Retry delay after the n-th failure: 1 s, 2 s, 4 s … capped at 5 minutes. */
const backoffSeconds = (attempts: number) => Math.min(300, 2 ** Math.max(0, attempts - 1));

/**
 * Carries out outbox rows: woken by NOTIFY at commit time, with a slow poll as a safety net. Rows are claimed
 * with FOR UPDATE SKIP LOCKED inside a transaction and marked done in the same transaction, so several
 * processes share the work, none handles a row twice concurrently, and a crash leaves the row to the others.
 * A failing handler leaves its row for a later retry with exponential backoff; it never blocks the rest.
 */
export class OutboxDispatcher {
  private listener: Client | PoolClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly handlers: OutboxHandlers,
    private readonly logger: Logger,
  ) {
    const missing = OUTBOX_TOPICS.filter((t) => typeof handlers[t] !== 'function');
    if (missing.length) throw new Error(`outbox topics without a handler: ${missing.join(', ')}`);
  }

  async start(): Promise<void> {
    await this.listen().catch((err: unknown) => this.logger.warn({ err }, 'outbox LISTEN failed; polling only'));
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now, or right after the current one. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.logger.warn({ err }, 'outbox pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits until nothing is due (for tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
    const listener = this.listener;
    this.listener = undefined;
    if (listener && 'release' in listener) listener.release(true);
  }

  private async listen(): Promise<void> {
    const pool = (this.ds.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    client.on('notification', () => this.kick());
    client.on('error', (err: Error) => {
      this.logger.warn({ err: err.message }, 'outbox listener lost; polling until restart');
      if (this.listener === client) this.listener = undefined;
    });
    await client.query('LISTEN outbox');
    this.listener = client;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.pass()) === BATCH);
  }

  private async pass(): Promise<number> {
    return this.ds.transaction(async (tx) => {
      const rows = await claimDue(tx, BATCH);
      const done: string[] = [];
      for (const row of rows) {
        try {
          const handler = this.handlers[row.topic as OutboxTopic] as (payload: unknown, id: string) => Promise<void> | void;
          if (!handler) throw new Error(`unknown outbox topic ${row.topic}`);
          await handler(row.payload, row.id);
          done.push(row.id);
        } catch (err) {
          const attempts = row.attempts + 1;
          this.logger.warn({ err, outboxId: row.id, topic: row.topic, attempts }, 'outbox handler failed; will retry');
          await markFailed(tx, row.id, attempts, String(err instanceof Error ? err.message : err), backoffSeconds(attempts));
        }
      }
      // One statement for the whole batch; the rows stay locked until this transaction commits either way.
      if (done.length) await markDone(tx, done);
      return rows.length;
    });
  }
}
