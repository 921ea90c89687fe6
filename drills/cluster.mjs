// Fault drill 5: two API processes and two workers behind a round-robin TCP proxy. Live events must reach every
// client whichever process it is connected to and whichever process handled the change; after one API process is
// SIGKILLed, the clients that were on it reconnect through the proxy to the survivor and lose nothing (socket.io
// connection state recovery, or a resync through the API as the SPA does in client/src/tickets/live.tsx).
import { createRequire } from 'node:module';
import net from 'node:net';
import { PASSWORD, activation, assistance, createDatabase, createEnte, createUser, now, onCleanup, pgClient, pool, request, row, signIn, sleep, startApi, startRedis, startWorker, until, withPg } from './lib.mjs';

const require = createRequire(import.meta.url);
const { liveSocketOptions } = require('@cit/shared');
const D = '5 cluster';
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] : 0);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
// From the child itself: startApi hands back a copy of the process record, whose `exited` getter is frozen.
const gone = (p) => p.child.exitCode !== null || p.child.signalCode !== null;

// --------------------------------------------------------------------------------------- round-robin proxy

/**
 * A layer-4 round-robin balancer on a loopback port, as a simple HAProxy/nginx `stream` setup would be: each new
 * TCP connection goes to the next backend, a backend that refuses the connection (a killed process) is skipped,
 * and when a backend connection dies the client's connection is cut too. It peeks at what clients send to learn
 * which backend serves which drill client (header `x-drill-client` of the WebSocket handshake) and how many ticket
 * changes each backend handled; WebSocket frames from clients are masked, so nothing after the handshake matches.
 */
async function roundRobinProxy(ports) {
  const stats = ports.map(() => ({ connections: 0, refused: 0, changes: 0 }));
  const clientBackend = new Map();
  /** Every backend a client's connections went to: more than one while it stayed connected means split sessions. */
  const clientBackends = new Map();
  const open = new Set();
  let next = 0;
  /** Connections whose change request went to backend i and got no byte back yet: in flight. */
  const awaiting = ports.map(() => new Set());
  const note = (i, chunk, conn) => {
    const text = chunk.toString('latin1');
    const client = /\r\nx-drill-client: ([\w.-]+)\r\n/i.exec(text);
    if (client) {
      clientBackend.set(client[1], i);
      clientBackends.set(client[1], (clientBackends.get(client[1]) ?? new Set()).add(i));
    }
    const changes = (text.match(/(?:^|\r\n)POST \/api\/tickets\/[0-9a-f-]{36}\/(?:actions|approval) HTTP/g) ?? []).length;
    stats[i].changes += changes;
    if (changes) awaiting[i].add(conn);
  };
  const server = net.createServer((client) => {
    client.pause();
    open.add(client);
    client.on('error', () => undefined);
    client.on('close', () => open.delete(client));
    const first = next++ % ports.length;
    const attempt = (k) => {
      if (k === ports.length || client.destroyed) return void client.destroy();
      const i = (first + k) % ports.length;
      const upstream = net.connect(ports[i], '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        if (client.destroyed) return void upstream.destroy();
        stats[i].connections++;
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          awaiting[i].delete(client);
          client.destroy();
        });
        upstream.on('data', () => awaiting[i].delete(client));
        client.on('close', () => upstream.destroy());
        client.on('data', (chunk) => note(i, chunk, client));
        client.pipe(upstream);
        upstream.pipe(client);
      });
      upstream.on('error', () => {
        if (connected) return void client.destroy();
        stats[i].refused++;
        upstream.destroy();
        attempt(k + 1);
      });
    };
    attempt(0);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const close = () =>
    new Promise((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    });
  onCleanup(close);
  return { url: `http://127.0.0.1:${server.address().port}`, stats, clientBackend, clientBackends, inFlight: (i) => awaiting[i].size, close };
}

// ------------------------------------------------------------------------------------------------ clients

/** The HTTP side of the drill: every answer, connection error and retry is counted here. */
function httpCounters() {
  return { requests: 0, connErrors: 0, timeouts: 0, s5xx: 0, s503: 0, retried: 0, samples5xx: [] };
}

/** Retries connection errors and 503 as the SPA's user would (bounded); counts everything. */
async function retrying(http, fn, tries = 25) {
  let res;
  for (let attempt = 0; attempt < tries; attempt++) {
    http.requests++;
    res = await fn().catch((err) => ({ status: 0, error: err.code ?? err.message }));
    if (res.status >= 500 && res.status !== 503) {
      http.s5xx++;
      if (http.samples5xx.length < 3) http.samples5xx.push(`${res.status} ${res.text?.slice(0, 200)}`);
    }
    if (res.status !== 0 && res.status !== 503) return { ...res, attempts: attempt + 1 };
    if (res.status === 0) http.connErrors++;
    if (res.error === 'DRILL_TIMEOUT') http.timeouts++;
    if (res.status === 503) http.s503++;
    http.retried++;
    await sleep(200);
  }
  return { ...res, attempts: tries };
}

/**
 * A signed-in user making changes. Each change goes on a fresh TCP connection (`connection: close`), so the proxy
 * spreads the changes over both processes instead of pinning them to one keep-alive connection.
 */
async function actorOf(proxyUrl, email) {
  const user = await signIn(proxyUrl, email, PASSWORD);
  const csrf = await user.get('/api/auth/csrf');
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf for ${email}: ${csrf.status}`);
  const headers = () => ({ cookie: user.cookie(), 'x-csrf-token': csrf.json.csrfToken, connection: 'close' });
  return { ...user, change: (p, body) => request(proxyUrl, 'POST', p, { headers: headers(), body, timeoutMs: 10_000 }) };
}

/**
 * A live client like the SPA's: one socket.io connection (WebSocket only, so it stays on one process) with the
 * user's session. It keeps its own view of every ticket (status, time of the last change) from the events, and on
 * every reconnection that socket.io could not recover it refetches the ticket list through the API, as the SPA
 * invalidates its queries. The drill then compares that view with the database.
 */
function liveClient(proxyUrl, user, id, http) {
  const { io } = require('socket.io-client');
  const c = {
    id,
    user,
    view: new Map(),
    seen: new Map(),
    latencies: [],
    connects: 0,
    disconnects: 0,
    recovered: 0,
    resyncs: 0,
    resyncFailed: 0,
    resyncing: undefined,
    disconnectedAt: undefined,
    downtimes: [],
    counts: 0,
  };
  const see = (ticketId, status, at) => {
    const v = c.view.get(ticketId);
    if (!v || at >= v.at) c.view.set(ticketId, { status: status ?? v?.status, at });
  };
  const resync = async () => {
    let cursor;
    for (let page = 0; page < 20; page++) {
      const res = await retrying(http, () => user.get(`/api/tickets?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { timeoutMs: 10_000 }));
      if (res.status !== 200) {
        c.resyncFailed++;
        return;
      }
      for (const t of res.json.items) see(t.id, t.status, Date.parse(t.updatedAt));
      cursor = res.json.nextCursor;
      if (!cursor) break;
    }
    c.resyncs++;
  };
  // The SPA's own options (transports included), plus the session cookie and the tag the proxy reads.
  const options = { ...liveSocketOptions(), extraHeaders: { cookie: user.cookie(), 'x-drill-client': id }, reconnection: true };
  const socket = io(proxyUrl, options);
  c.socket = socket;
  socket.on('ticket.changed', (e) => {
    const key = `${e.ticketId}|${e.at}|${e.change}`;
    c.seen.set(key, (c.seen.get(key) ?? 0) + 1);
    c.latencies.push(Date.now() - Date.parse(e.at));
    see(e.ticketId, e.status, Date.parse(e.at));
  });
  socket.on('counts.changed', () => c.counts++);
  socket.on('disconnect', () => {
    c.disconnects++;
    c.disconnectedAt = now();
  });
  socket.on('connect', () => {
    c.connects++;
    if (c.connects === 1) return;
    if (c.disconnectedAt !== undefined) c.downtimes.push(now() - c.disconnectedAt);
    if (socket.recovered) c.recovered++;
    else c.resyncing = resync();
  });
  c.ready = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`live client ${id} did not connect within 15 s`)), 15_000);
    socket.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
  });
  onCleanup(() => socket.close());
  return c;
}

// --------------------------------------------------------------------------------------------- changes

/** The next change of a ticket: assistance tickets cycle take charge → suspend → resume; requests get approved. */
function nextChange(t) {
  if (t.kind === 'activation') return { path: `/api/tickets/${t.id}/approval`, body: { decision: 'approve' } };
  if (t.status === 'new') return { path: `/api/tickets/${t.id}/actions`, body: { action: 'take_charge' } };
  if (t.status === 'pending') return { path: `/api/tickets/${t.id}/actions`, body: { action: 'resume' } };
  return { path: `/api/tickets/${t.id}/actions`, body: { action: 'suspend', reason: 'Esercitazione: in attesa del Comune' } };
}

/**
 * One change through the proxy. A connection cut mid-request (the process died) is retried; if the retry answers
 * 409 the first attempt had landed before the answer was lost: the ticket is read back to learn its state.
 */
async function change(actor, t, http, log) {
  const { path, body } = nextChange(t);
  const started = now();
  const res = await retrying(http, () => actor.change(path, body));
  const entry = { ticketId: t.id, kind: t.kind, status: res.status, attempts: res.attempts, at: started, ms: now() - started };
  if (res.status === 200) {
    t.status = res.json.status;
    entry.updatedAt = res.json.updatedAt;
    entry.to = t.kind === 'activation' ? 'approved' : res.json.status;
    if (t.kind === 'activation') t.approved = true;
  } else if (res.status === 409 && res.attempts > 1) {
    entry.landedBeforeCut = true;
    const detail = await retrying(http, () => actor.get(`/api/tickets/${t.id}`, { timeoutMs: 10_000 }));
    if (detail.status === 200) t.status = detail.json.status;
    if (t.kind === 'activation') t.approved = true;
  } else {
    entry.text = res.text?.slice(0, 200) ?? res.error;
  }
  log.push(entry);
  return entry;
}

// ------------------------------------------------------------------------------------------- database

async function seedCluster(dbUrl, size) {
  return withPg(dbUrl, async (db) => {
    const enti = [];
    for (let i = 0; i < size.enti; i++) {
      const id = await createEnte(db, `Comune di Esercitazione Cluster ${i + 1}`);
      const referents = [];
      for (let r = 0; r < size.referents; r++) {
        const email = `referente${r + 1}.ente${i + 1}.c@enti.example`;
        await createUser(db, email, 'ente_user', [id]);
        referents.push(email);
      }
      enti.push({ id, referents });
    }
    const staff = [];
    const roles = ['operator', 'approver', 'admin'];
    for (let s = 0; s < size.staff; s++) {
      const email = `personale${s + 1}.c@cit.example`;
      await createUser(db, email, roles[s % roles.length]);
      staff.push(email);
    }
    await createUser(db, 'operatore.c@cit.example', 'operator');
    await createUser(db, 'approvatore.c@cit.example', 'approver');
    return { enti, staff, operator: 'operatore.c@cit.example', approver: 'approvatore.c@cit.example' };
  });
}

async function outboxState(db) {
  const { rows } = await db.query(`SELECT coalesce(max(id), 0)::bigint AS max, count(*) FILTER (WHERE done_at IS NULL)::int AS pending FROM outbox`);
  return { max: Number(rows[0].max), pending: rows[0].pending };
}

/** The `live.ticket` rows after `fromId` (up to `toId`): what the connected clients should have received. */
async function liveEventsSince(db, fromId, toId = Number.MAX_SAFE_INTEGER) {
  const { rows } = await db.query(
    `SELECT payload->>'ticketId' AS ticket_id, payload->>'enteId' AS ente_id, payload->>'at' AS at, payload->>'change' AS change
     FROM outbox WHERE topic = 'live.ticket' AND id > $1 AND id <= $2 ORDER BY id`,
    [fromId, toId],
  );
  return rows.map((r) => ({ key: `${r.ticket_id}|${r.at}|${r.change}`, ticketId: r.ticket_id, enteId: r.ente_id }));
}

async function appliedCount(db, ids) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NOT NULL`, [ids]);
  return rows[0].n;
}

async function failedJobs(redisUrl, prefix) {
  const { Queue } = require('bullmq');
  const queue = new Queue('cit-jobs', { connection: { url: redisUrl }, prefix: `${prefix}:bull` });
  try {
    const counts = await queue.getJobCounts('failed', 'completed');
    const failed = await queue.getFailed(0, 4);
    return { ...counts, reasons: failed.map((j) => `${j.name}: ${j.failedReason}`) };
  } finally {
    await queue.close();
  }
}

/** Per client: expected events it did not get, duplicates, and events of tickets it may not see (leaks). */
function delivery(clients, events) {
  return clients.map((c) => {
    const expected = events.filter((e) => c.enteId === undefined || e.enteId === c.enteId);
    const wanted = new Set(expected.map((e) => e.key));
    let duplicates = 0;
    let leaks = 0;
    for (const [key, times] of c.seen) {
      if (times > 1) duplicates += times - 1;
      const ticket = key.split('|')[0];
      if (c.enteId !== undefined && !c.tickets.has(ticket)) leaks++;
    }
    const missing = [...wanted].filter((k) => !c.seen.has(k));
    return { c, expected: wanted.size, missing, duplicates, leaks };
  });
}

// ------------------------------------------------------------------------------------------------ drill

/**
 * Two APIs (same DATABASE_URL / REDIS_URL / REDIS_PREFIX, sessions in PostgreSQL) and two workers behind the
 * proxy. Phase 1: N live clients, M changes over HTTP; every client gets every event of the tickets it may see.
 * Phase 2: changes every `paceMs` while API A is SIGKILLed; its clients reconnect to B; every client's view of
 * every ticket ends equal to the database, no change is half-written, the outbox drains, no job fails.
 */
export async function clusterDrill(ctx, { quick }) {
  const size = quick
    ? { enti: 6, referents: 2, staff: 8, assistancePerEnte: 2, rounds: 4, phase2Ms: 8_000, killAtMs: 2_500, paceMs: 50 }
    : { enti: 30, referents: 5, staff: 50, assistancePerEnte: 2, rounds: 6, phase2Ms: 20_000, killAtMs: 5_000, paceMs: 50 };
  const rows = [];
  const prefix = 'drill5';
  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_cluster');
  const redis = await startRedis(ctx.dir);
  const base = {
    sessionSecret: ctx.sessionSecret,
    env: { DATABASE_URL: dbUrl, REDIS_URL: redis.url, REDIS_PREFIX: prefix, RUN_JOBS: 'false', OUTBOX_DISPATCH: 'true', DATABASE_POOL_SIZE: '8' },
  };
  const world = await seedCluster(dbUrl, size);
  const apis = await Promise.all([startApi(base, {}, 'api A'), startApi(base, {}, 'api B')]);
  const workers = [startWorker(base, { WORKER_CONCURRENCY: '4' }, 'worker 1'), startWorker(base, { WORKER_CONCURRENCY: '4' }, 'worker 2')];
  const proxy = await roundRobinProxy(apis.map((a) => a.port));
  const http = httpCounters();
  // One connection for the drill's own reads; its queries run one after the other.
  const db = pgClient(dbUrl);
  await db.connect();
  onCleanup(() => db.end().catch(() => undefined));

  // Tickets: opened by the Enti's referents through the proxy before any client connects.
  const operator = await actorOf(proxy.url, world.operator);
  const approver = await actorOf(proxy.url, world.approver);
  const openers = await pool(world.enti, 4, async (e) => ({ ...e, user: await signIn(proxy.url, e.referents[0], PASSWORD) }));
  const plan = openers.flatMap((e) => [
    ...Array.from({ length: size.assistancePerEnte }, () => ({ e, kind: 'assistance' })),
    { e, kind: 'activation', phase: 1 },
    { e, kind: 'activation', phase: 2 },
  ]);
  const tickets = await pool(plan, 8, async (p, i) => {
    const body = p.kind === 'assistance' ? assistance(i + 1) : activation('pec', 1, i + 1);
    const res = await retrying(http, () => (p.kind === 'assistance' ? p.e.user.post('/api/tickets', body) : p.e.user.postRequest('/api/tickets', body)));
    if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status} ${res.text?.slice(0, 300)}`);
    return { id: res.json.id, enteId: p.e.id, kind: p.kind, phase: p.phase, status: 'new', approved: false };
  });
  const assist = tickets.filter((t) => t.kind === 'assistance');
  await until('the creation events to be dispatched', async () => ((await outboxState(db)).pending === 0 ? true : undefined), 30_000, 100);

  // Live clients: staff see every ticket, a referent only its Ente's.
  const people = [
    ...world.staff.map((email) => ({ email })),
    ...world.enti.flatMap((e) => e.referents.map((email) => ({ email, enteId: e.id }))),
  ];
  const signedIn = await pool(people, 4, async (p) => ({ ...p, user: await signIn(proxy.url, p.email, PASSWORD) }));
  const clients = await pool(signedIn, 10, async (p, i) => {
    const c = liveClient(proxy.url, p.user, `c${i + 1}`, http);
    c.enteId = p.enteId;
    c.tickets = new Set(tickets.filter((t) => p.enteId === undefined || t.enteId === p.enteId).map((t) => t.id));
    c.failed = await c.ready.then(
      () => false,
      () => true,
    );
    return c;
  });
  const failed = clients.filter((c) => c.failed);
  if (failed.length) {
    // Nothing below means anything without the clients (the runner stops every process we started).
    rows.push(row(D, 'live clients connected through the proxy', `${clients.length}/${clients.length}`, `${clients.length - failed.length}/${clients.length} within 15 s`, false));
    return rows;
  }
  const backendOf = (c) => proxy.clientBackend.get(c.id);
  const perBackend = [0, 1].map((i) => clients.filter((c) => backendOf(c) === i).length);
  rows.push(row(D, `live clients per process A / B (${clients.length} through the proxy)`, 'both > 0', `${perBackend[0]} / ${perBackend[1]}`, perBackend[0] > 0 && perBackend[1] > 0 && sum(perBackend) === clients.length));
  // HTTP long-polling would spread one engine.io session over several connections, hence processes.
  const transports = liveSocketOptions().transports?.join('+') ?? 'polling+websocket';

  // ----------------------------------------------------------------- phase 1: everybody gets everything
  const log1 = [];
  const mark1 = (await outboxState(db)).max;
  for (const c of clients) c.latencies.length = 0;
  const changesBefore = proxy.stats.map((s) => s.changes);
  const t1 = now();
  await Promise.all([
    pool(assist, 4, async (t) => {
      for (let r = 0; r < size.rounds; r++) await change(operator, t, http, log1);
    }),
    pool(
      tickets.filter((t) => t.phase === 1),
      2,
      (t) => change(approver, t, http, log1),
    ),
  ]);
  const phase1Ms = now() - t1;
  const changes1 = proxy.stats.map((s, i) => s.changes - changesBefore[i]);
  const approved1 = tickets.filter((t) => t.phase === 1).map((t) => t.id);
  const settled1 = await until(
    'phase 1: approvals applied and outbox drained',
    async () => ((await appliedCount(db, approved1)) === approved1.length && (await outboxState(db)).pending === 0 ? true : undefined),
    60_000,
    100,
  ).then(
    () => true,
    () => false,
  );
  const mark1end = (await outboxState(db)).max;
  const events1 = await liveEventsSince(db, mark1, mark1end);
  await until('phase 1 events to reach every client', async () => (delivery(clients, events1).every((d) => d.missing.length === 0) ? true : undefined), 10_000, 100).catch(
    () => undefined,
  );
  const d1 = delivery(clients, events1);
  const expected1 = sum(d1.map((d) => d.expected));
  const missing1 = [0, 1].map((i) => sum(d1.filter((d) => backendOf(d.c) === i).map((d) => d.missing.length)));
  const latencies = clients.flatMap((c) => c.latencies);
  const ok1 = log1.filter((e) => e.status === 200).length;
  rows.push(
    row(D, `phase 1: changes over HTTP per process A / B (${secs(phase1Ms)})`, `${log1.length} answered 200, both > 0`, `${ok1} answered 200: ${changes1[0]} / ${changes1[1]}`, ok1 === log1.length && changes1[0] > 0 && changes1[1] > 0 && settled1),
  );
  rows.push(
    row(D, `phase 1: ticket.changed deliveries (${events1.length} events × entitled clients)`, expected1, `${expected1 - sum(missing1)} (missing on A clients ${missing1[0]}, on B clients ${missing1[1]})`, sum(missing1) === 0 && expected1 > 0),
  );
  rows.push(row(D, 'phase 1: duplicates / events of another Ente', '0 / 0', `${sum(d1.map((d) => d.duplicates))} / ${sum(d1.map((d) => d.leaks))}`, sum(d1.map((d) => d.duplicates + d.leaks)) === 0));
  rows.push(row(D, 'phase 1: event latency p50 / p95 / max (change → client)', 'max < 5 s', `${pct(latencies, 0.5)} / ${pct(latencies, 0.95)} / ${Math.max(0, ...latencies)} ms`, Math.max(0, ...latencies) < 5_000));

  const single = clients.filter((c) => proxy.clientBackends.get(c.id)?.size === 1).length;
  rows.push(row(D, `phase 1: each client's connections on one process (SPA transports: ${transports})`, `${clients.length}/${clients.length}`, `${single}/${clients.length}`, single === clients.length));

  // ------------------------------------------------------- phase 2: SIGKILL of API A under paced changes
  const [victim, survivor] = apis;
  const log2 = [];
  const mark2 = (await outboxState(db)).max;
  const busy = new Set();
  const toApprove = tickets.filter((t) => t.phase === 2);
  let tick = 0;
  let rotate = 0;
  const nextIdle = () => {
    for (let k = 0; k < assist.length; k++) {
      const t = assist[rotate++ % assist.length];
      if (!busy.has(t.id)) return t;
    }
    return undefined;
  };
  const driver = (async () => {
    const inflight = new Set();
    const start = now();
    while (now() - start < size.phase2Ms) {
      // Mostly status changes; every 8th tick an approval (whose apply job then runs on a worker).
      const t = tick++ % 8 === 0 && toApprove.length ? toApprove.shift() : nextIdle();
      if (t) {
        busy.add(t.id);
        const p = change(t.kind === 'activation' ? approver : operator, t, http, log2).finally(() => {
          busy.delete(t.id);
          inflight.delete(p);
        });
        inflight.add(p);
      }
      await sleep(size.paceMs);
    }
    await Promise.all(inflight);
  })();
  await sleep(size.killAtMs);
  // The kill waits (bounded) for a change in flight on A, so that a request really is cut in the middle.
  const waitFrom = now();
  while (proxy.inFlight(0) === 0 && now() - waitFrom < 3_000) await new Promise((r) => setImmediate(r));
  const cutInFlight = proxy.inFlight(0);
  const moved = clients.filter((c) => backendOf(c) === 0);
  const stayed = clients.filter((c) => backendOf(c) === 1);
  const killedAt = now();
  const killedWall = Date.now();
  victim.child.kill('SIGKILL');
  await until('API A to exit', async () => (gone(victim) ? true : undefined), 10_000, 10);
  await driver;
  const approved2 = tickets.filter((t) => t.phase === 2 && t.approved).map((t) => t.id);
  const settled2 = await until(
    'phase 2: moved clients resynced, approvals applied, outbox drained',
    async () => {
      if (!moved.every((c) => c.connects >= 2 && c.socket.connected)) return undefined;
      await Promise.all(moved.map((c) => c.resyncing));
      if ((await appliedCount(db, approved2)) !== approved2.length) return undefined;
      return (await outboxState(db)).pending === 0 ? true : undefined;
    },
    60_000,
    100,
  ).then(
    () => true,
    () => false,
  );
  const events2 = await liveEventsSince(db, mark2);
  await until('phase 2 events to reach the clients that stayed', async () => (delivery(stayed, events2).every((d) => d.missing.length === 0) ? true : undefined), 10_000, 100).catch(
    () => undefined,
  );
  await sleep(500); // late duplicates would show up here

  const before = log2.filter((e) => e.at < killedAt).length;
  const after = log2.length - before;
  rows.push(
    row(D, `phase 2: SIGKILL of API A while changes came every ${size.paceMs} ms`, 'changes before and after, ≥ 1 in flight on A', `${before} before, ${after} after, ${cutInFlight} in flight on A`, before > 0 && after > 0 && cutInFlight > 0 && victim.child.signalCode === 'SIGKILL'),
  );
  const onSurvivor = moved.filter((c) => backendOf(c) === 1 && c.socket.connected).length;
  const downtimes = moved.flatMap((c) => c.downtimes);
  rows.push(
    row(D, `phase 2: clients of A reconnected through the proxy to B (slowest ${secs(Math.max(0, ...downtimes))})`, `${moved.length}/${moved.length}`, `${onSurvivor}/${moved.length}`, onSurvivor === moved.length && moved.length > 0 && settled2),
  );
  const recovered = sum(moved.map((c) => c.recovered));
  const resynced = sum(moved.map((c) => c.resyncs));
  const resyncFailed = sum(moved.map((c) => c.resyncFailed));
  // The server offers recovery by sending a private session id (`pid`) with the CONNECT packet.
  const offered = clients.filter((c) => c.socket._pid !== undefined).length;
  rows.push(
    row(D, 'phase 2: reconnections recovered by socket.io / resynced through the API', `0 / ${moved.length} (a SIGKILLed server keeps no session)`, `${recovered} / ${resynced}${resyncFailed ? `, ${resyncFailed} resyncs failed` : ''}; recovery offered to ${offered}/${clients.length}`, recovered + resynced >= moved.length && resyncFailed === 0),
  );
  const d2stayed = delivery(stayed, events2);
  const exp2 = sum(d2stayed.map((d) => d.expected));
  const miss2 = sum(d2stayed.map((d) => d.missing.length));
  const stayedDisconnects = sum(stayed.map((c) => c.disconnects));
  rows.push(row(D, `phase 2: deliveries to the clients that stayed on B (${events2.length} events)`, `${exp2}, no disconnect`, `${exp2 - miss2}, ${stayedDisconnects} disconnects`, miss2 === 0 && exp2 > 0 && stayedDisconnects === 0));

  // The final state: each client's view of each ticket it may see equals the database.
  const { rows: finalRows } = await db.query(`SELECT id, ente_id, status, round(extract(epoch FROM updated_at) * 1000)::float8 AS at FROM tickets`);
  let pairs = 0;
  let wrong = 0;
  const wrongSample = [];
  for (const c of clients) {
    for (const t of finalRows) {
      if (c.enteId !== undefined && t.ente_id !== c.enteId) continue;
      pairs++;
      const v = c.view.get(t.id);
      if (!v || v.status !== t.status || v.at !== t.at) {
        wrong++;
        if (wrongSample.length < 3) wrongSample.push(`${c.id}${moved.includes(c) ? ' (moved)' : ''}: ${v ? `${v.status}@${v.at}` : 'never seen'} ≠ ${t.status}@${t.at}`);
      }
    }
  }
  const d2moved = delivery(moved, events2);
  const missedMoved = sum(d2moved.map((d) => d.missing.length));
  rows.push(
    row(D, `final state: every client's view of every ticket it may see (moved clients missed ${missedMoved} events, covered by the resync)`, `${pairs}/${pairs} equal to the database`, `${pairs - wrong}/${pairs}${wrongSample.length ? ` [${wrongSample.join('; ')}]` : ''}`, wrong === 0 && pairs > 0),
  );
  const d2 = delivery(clients, events2);
  const dup2 = sum(d2.map((d) => d.duplicates)) - sum(d1.map((d) => d.duplicates));
  // The outbox delivers at least once: a dispatcher killed between publishing a row and committing its pass leaves
  // the row to the survivor, which publishes it again. So a change made before the kill may arrive twice (clients
  // refetch on every event, a repeat costs one read); a change made after it may not.
  const duplicated = new Set(clients.flatMap((c) => [...c.seen].filter(([, times]) => times > 1).map(([key]) => key)));
  const afterKill = [...duplicated].filter((key) => Date.parse(key.split('|')[1] ?? '') > killedWall);
  rows.push(
    row(
      D,
      'phase 2: duplicates (only of changes made before the kill: at-least-once redelivery) / events of another Ente',
      'after the kill 0 / 0',
      `${dup2} deliveries of ${duplicated.size} changes, ${afterKill.length} after the kill / ${sum(d2.map((d) => d.leaks))}`,
      afterKill.length === 0 && sum(d2.map((d) => d.leaks)) === 0,
    ),
  );

  // HTTP: a request cut by the kill gets a connection error, is retried and lands on the survivor; never a 500.
  const log = [...log1, ...log2];
  const landed = log.filter((e) => e.landedBeforeCut).length;
  const unexpected = log.filter((e) => e.status !== 200 && !e.landedBeforeCut);
  rows.push(
    row(D, `HTTP: connection errors retried / timeouts / 5xx (of ${http.requests} requests)`, '≥ 0 retried / 0 / 0', `${http.connErrors} / ${http.timeouts} / ${http.s5xx}${http.samples5xx.length ? ` [${http.samples5xx.join('; ')}]` : ''}`, http.timeouts === 0 && http.s5xx === 0),
  );
  rows.push(
    row(D, `changes answered 200 (${landed} more had landed before the cut: 409 on retry)`, `${log.length - landed}/${log.length - landed}`, `${log.length - landed - unexpected.length}${unexpected.length ? ` (others: ${unexpected.slice(0, 3).map((e) => `${e.status} ${e.text}`).join('; ')})` : ''}`, unexpected.length === 0),
  );

  // Nothing half-written: every 200 change has its history row, every status row its live event.
  const oks = log.filter((e) => e.status === 200);
  const {
    rows: [h],
  } = await db.query(
    `WITH ok AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]) WITH ORDINALITY AS x(ticket_id, at, field, to_value, n))
     SELECT (SELECT coalesce(array_agg(ok.n::int), '{}') FROM ok WHERE NOT EXISTS (
               SELECT 1 FROM ticket_history h WHERE h.ticket_id = ok.ticket_id AND h.field = ok.field AND h.to_value = ok.to_value
                 AND (h.at = ok.at OR (ok.field = 'approval' AND h.at <= ok.at)))) AS without_history,
            (SELECT count(*)::int FROM ticket_history h WHERE h.field = 'status' AND NOT EXISTS (
               SELECT 1 FROM outbox o WHERE o.topic = 'live.ticket' AND o.payload->>'ticketId' = h.ticket_id::text
                 AND (o.payload->>'at')::timestamptz = h.at)) AS status_without_event,
            (SELECT count(*)::int FROM tickets t WHERE t.status::text IS DISTINCT FROM (
               SELECT h.to_value FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'status' ORDER BY h.id DESC LIMIT 1)
               AND EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'status')) AS status_mismatch`,
    [oks.map((e) => e.ticketId), oks.map((e) => e.updatedAt), oks.map((e) => (e.kind === 'activation' ? 'approval' : 'status')), oks.map((e) => e.to)],
  );
  // An approval's answer is read after the commit: the worker may already have applied it (updatedAt is later).
  const noHistory = h.without_history.map((n) => oks[n - 1]);
  const noHistoryText = noHistory.length ? ` [${noHistory.slice(0, 3).map((e) => `${e.kind} ${e.ticketId.slice(0, 8)} → ${e.to} at ${e.updatedAt}`).join('; ')}]` : '';
  rows.push(
    row(D, 'nothing half-written: 200 changes with history / status rows without event / status ≠ last history', `${oks.length} / 0 / 0`, `${oks.length - noHistory.length} / ${h.status_without_event} / ${h.status_mismatch}${noHistoryText}`, noHistory.length === 0 && h.status_without_event + h.status_mismatch === 0),
  );
  const approvedAll = tickets.filter((t) => t.approved).map((t) => t.id);
  const {
    rows: [a],
  } = await db.query(
    `SELECT count(*) FILTER (WHERE t.applied_at IS NOT NULL AND h.n = 1)::int AS once, count(*) FILTER (WHERE h.n > 1)::int AS twice
     FROM tickets t CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM ticket_history WHERE ticket_id = t.id AND field = 'applied') h
     WHERE t.id = ANY($1::uuid[])`,
    [approvedAll],
  );
  rows.push(row(D, 'approved requests applied exactly once by the two workers', approvedAll.length, `${a.once}${a.twice ? ` (${a.twice} twice)` : ''}`, a.once === approvedAll.length && a.twice === 0));
  const pending = (await outboxState(db)).pending;
  rows.push(row(D, 'outbox drained', 0, pending, pending === 0));
  const jobs = await failedJobs(redis.url, prefix);
  rows.push(row(D, `BullMQ failed jobs (${jobs.completed} completed)`, 0, `${jobs.failed}${jobs.reasons.length ? ` (${jobs.reasons.join('; ')})` : ''}`, jobs.failed === 0));
  const alive = [survivor, ...workers].filter((p) => !gone(p)).length;
  rows.push(
    row(D, 'API B and both workers alive; errors logged by API B', '3 alive, 0 errors', `${alive} alive, ${survivor.errors.length} errors${survivor.errors.length ? `: ${survivor.errors[0].slice(0, 200)}` : ''}`, alive === 3 && survivor.errors.length === 0),
  );

  for (const c of clients) c.socket.close();
  await proxy.close();
  await Promise.all([survivor.kill('SIGTERM'), ...workers.map((w) => w.kill('SIGTERM'))]);
  return rows;
}
