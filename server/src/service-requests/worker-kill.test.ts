import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { QUEUE_NAME } from '../platform/jobs/jobs';
import { applyApprovedTicket } from './apply';

/**
 * The `services.apply` job survives a worker killed (SIGKILL) in the middle of it: the API process relays the
 * approval to BullMQ but runs no worker (RUN_JOBS=false); real `node server/dist/worker.js` children run it.
 * "In the middle" is made deterministic by a transaction of this test that holds the ticket's row lock, so the
 * worker's transaction is stuck inside applyApprovedTicket when it is killed; BullMQ's stalled-job check of the
 * next worker (lock of JOB_LOCK_SECONDS) hands the job over.
 */

const WORKER = path.resolve(__dirname, '../../dist/worker.js');
const LOCK_SECONDS = '2';

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000, failed?: () => Error | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const failure = failed?.();
    if (failure) throw failure;
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const activation = (serviceCode: string, quantity: number) => ({
  type: 'request',
  category: 'activation',
  serviceCode,
  quantity,
  urgency: 'medium',
  title: `Attivazione ${serviceCode} (${quantity})`,
  description: 'Richiesta di attivazione del servizio.',
});

describe('services.apply survives a worker killed mid-job', () => {
  let env: TestEnv;
  let approver: SignedIn;
  let queue: Queue;
  const children = new Set<ChildProcess>();
  const lockHolders = new Set<Client>();
  /** Children this test stopped itself (SIGKILL, or SIGTERM for a graceful stop). */
  const expectedExit = new WeakSet<ChildProcess>();
  /** Set when a worker dies on its own (bad build, config error): waits fail at once with its stderr. */
  let crashed: Error | undefined;
  let enteSeq = 0;

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} manca: esegui "npm run build" (npm test lo fa da sé)`);
    env = await startTestEnv({ RUN_JOBS: 'false', JOB_LOCK_SECONDS: LOCK_SECONDS });
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    approver = await env.signIn('approvatore@cit.example', PASSWORD);
    queue = new Queue(QUEUE_NAME, { connection: { url: env.config.REDIS_URL }, prefix: `${env.config.REDIS_PREFIX}:bull` });
  });

  afterEach(async () => {
    for (const c of lockHolders) await c.end().catch(() => undefined);
    lockHolders.clear();
    for (const child of children) await kill(child, 'SIGTERM');
  });

  afterAll(async () => {
    for (const child of children) await kill(child, 'SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await env?.close();
  });

  function spawnWorker(): ChildProcess {
    const child = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: env.config.DATABASE_URL,
        DATABASE_POOL_SIZE: '4',
        REDIS_URL: env.config.REDIS_URL,
        REDIS_PREFIX: env.config.REDIS_PREFIX,
        SESSION_SECRET: env.config.SESSION_SECRET,
        JOB_LOCK_SECONDS: LOCK_SECONDS,
        WORKER_CONCURRENCY: '2',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    children.add(child);
    child.once('exit', (code, signal) => {
      children.delete(child);
      // Only this test stops workers; any other exit is a crash that no wait below should sit out.
      if (!expectedExit.has(child)) {
        crashed = new Error(`worker exited by itself (code ${code}, signal ${signal}):\n${stderr}`);
      }
    });
    return child;
  }

  /** Signals a child and waits (bounded) for it to exit; SIGTERM falls back to SIGKILL after 10 s. */
  async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    expectedExit.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** `until`, failing at once if a worker died on its own. */
  const whileWorkersUp = <T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000) => until(what, probe, ms, () => crashed);

  /** A transaction of the test's own that holds the row locks of these tickets until `release`. */
  async function holdTicketLocks(ticketIds: string[]): Promise<{ pid: number; release: () => Promise<void> }> {
    const client = new Client({ connectionString: env.config.DATABASE_URL, application_name: 'cit-test-lock' });
    await client.connect();
    lockHolders.add(client);
    await client.query('BEGIN');
    const locked = await client.query(`SELECT id FROM tickets WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ticketIds]);
    expect(locked.rowCount).toBe(ticketIds.length);
    const { rows } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
    const pid = rows[0]?.pid;
    if (pid === undefined) throw new Error('no backend pid');
    return {
      pid,
      release: async () => {
        await client.query('COMMIT');
        await client.end();
        lockHolders.delete(client);
      },
    };
  }

  /** Worker backends waiting on a lock held by the backend `holderPid` (the worker's transaction inside apply). */
  async function workersBlockedBy(holderPid: number): Promise<number> {
    const [row] = (await env.ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'cit-worker' AND wait_event_type = 'Lock'
         AND $1 = ANY(pg_blocking_pids(pid))`,
      [holderPid],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async function freshEnte(): Promise<{ enteId: string; user: SignedIn }> {
    const n = ++enteSeq;
    const letters = String.fromCharCode(97 + ((n - 1) % 26)).repeat(1 + Math.floor((n - 1) / 26));
    const enteId = await createEnte(env.ds, `Comune di Prova ${letters}`);
    const email = `referente${n}@prova.example`;
    await createUser(env.ds, email, 'ente_user', { enti: [enteId] });
    return { enteId, user: await env.signIn(email, PASSWORD) };
  }

  /** Opens an activation as the Ente user and approves it; waits until the outbox has relayed its job to BullMQ. */
  async function approvedTicket(user: SignedIn, serviceCode: string, quantity: number): Promise<string> {
    const created = await user.postRequest('/api/tickets', activation(serviceCode, quantity));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const res = await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' });
    expect([res.status, res.body.approvalState]).toEqual([200, 'approved']);
    return id;
  }

  async function jobsRelayed(ids: string[]): Promise<void> {
    await until('the outbox to relay the jobs to BullMQ', async () => {
      const [row] = (await env.ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE topic = 'jobs.enqueue' AND done_at IS NOT NULL AND payload->>'jobId' = ANY($1::text[])`,
        [ids.map((id) => `services.apply-${id}`)],
      )) as Array<{ n: number }>;
      return row?.n === ids.length ? true : undefined;
    });
  }

  async function appliedCount(ids: string[]): Promise<number> {
    const [row] = (await env.ds.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NOT NULL`, [
      ids,
    ])) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /** Everything the job wrote for a ticket, to compare before and after a rerun. */
  async function outcome(ticketId: string) {
    const records = (await env.ds.query(
      `SELECT id, request_unit, unit_index, free FROM service_records WHERE request_ticket_id = $1 ORDER BY request_unit`,
      [ticketId],
    )) as Array<{ id: string; request_unit: number; unit_index: number; free: boolean }>;
    const billing = (await env.ds.query(
      `SELECT b.source_key, b.kind, b.amount_cents, b.service_record_id FROM billing_entries b
       JOIN service_records r ON r.id = b.service_record_id WHERE r.request_ticket_id = $1 ORDER BY b.source_key`,
      [ticketId],
    )) as Array<{ source_key: string; kind: string; amount_cents: number; service_record_id: string }>;
    const [history] = (await env.ds.query(`SELECT count(*)::int AS n FROM ticket_history WHERE ticket_id = $1 AND field = 'applied'`, [
      ticketId,
    ])) as Array<{ n: number }>;
    const [ticket] = (await env.ds.query(`SELECT applied_at FROM tickets WHERE id = $1`, [ticketId])) as Array<{ applied_at: Date | null }>;
    return { records, billing, appliedLines: history?.n ?? 0, appliedAt: ticket?.applied_at ?? null };
  }

  it.each([
    { quantity: 2, billed: [] as Array<[string, number]> },
    { quantity: 5, billed: [['annual', 2000]] as Array<[string, number]> },
  ])(
    'PEC ×$quantity on a fresh Ente: worker SIGKILLed inside the transaction, a restarted worker gives exactly one record set',
    async ({ quantity, billed }) => {
      const { user } = await freshEnte();
      const id = await approvedTicket(user, 'pec', quantity);
      await jobsRelayed([id]);

      // The job gets stuck in the middle: the worker's transaction waits for the ticket's row lock.
      const lock = await holdTicketLocks([id]);
      const first = spawnWorker();
      await whileWorkersUp('the worker to block on the ticket lock', async () => ((await workersBlockedBy(lock.pid)) >= 1 ? true : undefined));
      await kill(first, 'SIGKILL');
      await lock.release();
      // The killed worker's transaction had not committed anything.
      expect((await outcome(id)).records).toEqual([]);

      const second = spawnWorker();
      await whileWorkersUp('the restarted worker to apply the ticket', async () => ((await appliedCount([id])) === 1 ? true : undefined), 30_000);
      const done = await outcome(id);
      expect(done.records.map((r) => r.request_unit)).toEqual(Array.from({ length: quantity }, (_, i) => i + 1));
      expect(done.records.map((r) => [r.unit_index, r.free])).toEqual(Array.from({ length: quantity }, (_, i) => [i + 1, i < 4]));
      expect(done.billing.map((b) => [b.kind, b.amount_cents])).toEqual(billed);
      expect(done.appliedLines).toBe(1);
      const job = await queue.getJob(`services.apply-${id}`);
      expect(await job?.getState()).toBe('completed');

      // Running the job again changes nothing.
      expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('already_applied');
      expect(await outcome(id)).toEqual(done);
      await kill(second, 'SIGTERM');
    },
    60_000,
  );

  it('20 approvals, the worker SIGKILLed three times mid-run: a final worker leaves exactly one record set per approval', async () => {
    // Four fresh Enti, five requests each: PEC and signature kits, some beyond the allowance (4 PEC, 3 kits).
    const plan: Array<{ serviceCode: string; quantity: number }> = [
      { serviceCode: 'pec', quantity: 2 },
      { serviceCode: 'firma_digitale', quantity: 2 },
      { serviceCode: 'pec', quantity: 3 },
      { serviceCode: 'firma_digitale', quantity: 2 },
      { serviceCode: 'pec', quantity: 1 },
    ];
    const tickets: Array<{ id: string; quantity: number }> = [];
    for (let e = 0; e < 4; e++) {
      const { user } = await freshEnte();
      for (const p of plan) tickets.push({ id: await approvedTicket(user, p.serviceCode, p.quantity), quantity: p.quantity });
    }
    const ids = tickets.map((t) => t.id);
    await jobsRelayed(ids);

    // Three times: hold the locks of two pending tickets a little ahead in the queue, start a worker, let it apply
    // what it can until both its slots are stuck inside those tickets' transactions, then SIGKILL it. Each job is
    // killed at most once: with BullMQ's default maxStalledCount (1) a job that stalls a second time is failed for
    // good ("job stalled more than allowable limit") and its ticket would never be applied.
    const stuckBefore = new Set<string>();
    const atKill: number[] = [];
    for (let round = 0; round < 3; round++) {
      const pending = (await env.ds.query(`SELECT id FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NULL`, [ids])) as Array<{
        id: string;
      }>;
      const pendingIds = new Set(pending.map((r) => r.id));
      const ahead = ids.filter((id) => pendingIds.has(id) && !stuckBefore.has(id)).slice(2, 4);
      expect(ahead).toHaveLength(2);
      ahead.forEach((id) => stuckBefore.add(id));
      const lock = await holdTicketLocks(ahead);
      const worker = spawnWorker();
      await whileWorkersUp(`worker ${round + 1} to be stuck in two jobs`, async () => ((await workersBlockedBy(lock.pid)) >= 2 ? true : undefined));
      await kill(worker, 'SIGKILL');
      atKill.push(await appliedCount(ids));
      await lock.release();
    }
    // Every kill happened during the run: some tickets applied, not all.
    expect(atKill[0]).toBeGreaterThan(0);
    expect(atKill[2]).toBeLessThan(ids.length);
    expect(atKill).toEqual([...atKill].sort((a, b) => a - b));

    const last = spawnWorker();
    await whileWorkersUp('the final worker to apply every ticket', async () => ((await appliedCount(ids)) === ids.length ? true : undefined), 45_000);

    for (const t of tickets) {
      const done = await outcome(t.id);
      expect([t.id, done.records.map((r) => r.request_unit)]).toEqual([t.id, Array.from({ length: t.quantity }, (_, i) => i + 1)]);
      // Units beyond the allowance have their billing entries, free units none.
      for (const r of done.records) {
        expect([r.free, done.billing.some((b) => b.service_record_id === r.id)]).toEqual([r.free, !r.free]);
      }
      expect(done.appliedLines).toBe(1);
      expect(await (await queue.getJob(`services.apply-${t.id}`))?.getState()).toBe('completed');
    }
    const [dupes] = (await env.ds.query(
      `SELECT count(*)::int AS entries, count(DISTINCT source_key)::int AS keys FROM billing_entries b
       JOIN service_records r ON r.id = b.service_record_id WHERE r.request_ticket_id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{ entries: number; keys: number }>;
    expect(dupes!.entries).toBe(dupes!.keys);
    expect(dupes!.entries).toBeGreaterThan(0);

    // A rerun of every job changes nothing.
    const before = await Promise.all(ids.map((id) => outcome(id)));
    for (const id of ids) expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('already_applied');
    expect(await Promise.all(ids.map((id) => outcome(id)))).toEqual(before);
    await kill(last, 'SIGTERM');
  }, 120_000);
});
