import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { databaseUrl, dropDatabase, withAdmin } from '../../../test/test-db';
import { createDataSource } from '../db/data-source';
import { createLogger } from '../logger';
import { OutboxDispatcher, type OutboxHandlers } from './dispatcher';
import { enqueueMany } from './outbox';

describe('outbox dispatcher', () => {
  const dbName = `cit_test_${process.env.CIT_TEST_RUN_ID ?? 'x'}_outbox_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    await withAdmin((a) => a.query(`CREATE DATABASE "${dbName}" TEMPLATE "${process.env.CIT_TEST_TEMPLATE_DB}"`));
    ds = createDataSource({ url: databaseUrl(dbName), poolSize: 3 });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await withAdmin((a) => dropDatabase(a, dbName));
  });

  it('marks a whole batch done at once, and leaves a failing row alone for a later retry with backoff', async () => {
    const [g0, g1, g2] = [randomUUID(), randomUUID(), randomUUID()];
    const good = [g0, g1, g2];
    const bad = randomUUID();
    const seen: string[] = [];
    const live = (id: string) => ({ ticketId: id, enteId: randomUUID(), supplierId: null, change: 'created' as const, status: 'new' as const, at: new Date().toISOString() });
    const handlers: OutboxHandlers = {
      'live.ticket': (p) => {
        if (p.ticketId === bad) throw new Error('Redis away');
        seen.push(p.ticketId);
      },
      'live.staff': () => undefined,
      'notify.ticket': () => undefined,
      'jobs.enqueue': () => undefined,
      'live.announcements': () => undefined,
    };
    await ds.transaction((tx) => enqueueMany(tx, [g0, bad, g1, g2].map((id) => ({ topic: 'live.ticket', payload: live(id) }))));

    const dispatcher = new OutboxDispatcher(ds, handlers, createLogger('silent'));
    dispatcher.kick();
    await dispatcher.idle();
    await dispatcher.stop();

    expect(seen).toEqual(good);
    const rows = (await ds.query(
      `SELECT payload->>'ticketId' AS ticket, done_at IS NOT NULL AS done, attempts, last_error, available_at > now() AS later FROM outbox ORDER BY id`,
    )) as Array<{ ticket: string; done: boolean; attempts: number; last_error: string | null; later: boolean }>;
    expect(rows).toEqual([
      { ticket: g0, done: true, attempts: 1, last_error: null, later: false },
      { ticket: bad, done: false, attempts: 1, last_error: 'Redis away', later: true },
      { ticket: g1, done: true, attempts: 1, last_error: null, later: false },
      { ticket: g2, done: true, attempts: 1, last_error: null, later: false },
    ]);
  });
});
