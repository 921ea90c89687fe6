// National-scale benchmark: every figure of issue 8 ("Benchmarks") against a baseline measured in the same run.
//
//   npm run bench -- --quick                 # 200,000 tickets, 2,000 Enti, 10,000 users (under 5 minutes)
//   npm run bench                            # 10,000,000 tickets, 20,000 Enti, 100,000 users (long: see README)
//   npm run bench -- --tickets 2000000       # national Enti and users, 2M tickets
//
// It creates its own database, seeds it with set-based SQL (bench/lib/tickets-seed.mjs, shared with
// bench/tickets-list.mjs), starts the compiled API as a child process (`node server/dist/main.js`, so that its RSS
// can be read from /proc), and measures: the list pages, ticket creation against pgbench, live push with 2,000
// sockets against a raw Redis pub/sub round trip, the API's RSS; then runs private copies of bench/approvals.mjs and
// bench/statements.mjs (their own databases, their RESULTS files untouched). Prints a table and writes
// bench/RESULTS.md (one section per mode, the others kept). Loopback services only; every loop is bounded in count
// and time; databases, Redis keys and children are removed on exit and Ctrl-C. Not part of `npm test`.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { seedTickets } from './lib/tickets-seed.mjs';
import { ADMIN_URL, REDIS_URL, assertLoopback, captureQueries, clearRedis, databaseUrl, explain, freePort, measure, percentiles, pickTicketQueries, request, signIn, sleep, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { Redis } = require('ioredis');
const { io: ioClient } = require('socket.io-client');
const { hash: argon2Hash } = require('@node-rs/argon2');
const { loadConfig } = require('../server/dist/config.js');
const { startServer } = require('../server/dist/runtime.js');
const { createDataSource, migrate } = require('../server/dist/platform/db/data-source.js');
const { seedDemo } = require('../server/dist/enti/seed/seed.js');
const { AttachmentStore } = require('../server/dist/tickets/attachments/storage.js');
const { CalendarSource } = require('../server/dist/support-calendar/calendar-source.js');
const { DEMO_PASSWORD } = require('../server/dist/enti/seed/demo-users.js');

const HERE = import.meta.dirname;
const MAIN_JS = path.resolve(HERE, '../server/dist/main.js');
const OPERATOR = 'operatore@cit.example';
const ENTE_USER = 'referente.coccaglio@enti.example';
const BENCH_OPERATORS = 50;
// Inside the protocol-year CHECK (0 or 2000–2200) but far from any real year: the baseline's rows are deleted after.
const PROTOCOL_YEAR_PGBENCH = 2199;

/** The reports of issue 18, each one endpoint answering from the rollups. */
const REPORTS = ['trend', 'sla', 'volumes', 'backlog'];

const TARGETS = {
  queue: 50,
  reports: 300,
  enteList: 20,
  enteHome: 100,
  search: 150,
  createRatio: 0.2,
  pushP99: 50,
  approvalsRatio: 0.4,
  statementsSeconds: 60,
  statementsEnti: 20_000,
  rssIdleMb: 150,
  rssLoadMb: 400,
};

// ---------------------------------------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = {
    mode: 'full',
    tickets: 10_000_000,
    enti: 20_000,
    users: 100_000,
    iterations: 200,
    maxSeconds: 30,
    sockets: 2000,
    events: 200,
    concurrency: 8,
    createSeconds: 20,
    approvals: 2000,
    keep: false,
    skipApprovals: false,
    skipStatements: false,
  };
  const int = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} vuole un intero tra ${min} e ${max}`);
    return n;
  };
  const set = new Set();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--quick') opts.mode = 'quick';
    else if (arg === '--tickets') {
      opts.tickets = int('tickets', next(), 1000, 20_000_000);
      set.add('tickets');
    }
    else if (arg === '--enti') {
      opts.enti = int('enti', next(), 300, 100_000);
      set.add('enti');
    }
    else if (arg === '--users') {
      opts.users = int('users', next(), 1000, 1_000_000);
      set.add('users');
    }
    else if (arg === '--iterations') opts.iterations = int('iterations', next(), 5, 100_000);
    else if (arg === '--max-seconds') opts.maxSeconds = int('max-seconds', next(), 1, 3_600);
    else if (arg === '--sockets') {
      opts.sockets = int('sockets', next(), 10, 20_000);
      set.add('sockets');
    }
    else if (arg === '--events') {
      opts.events = int('events', next(), 5, 10_000);
      set.add('events');
    }
    else if (arg === '--concurrency') opts.concurrency = int('concurrency', next(), 1, 64);
    else if (arg === '--create-seconds') {
      opts.createSeconds = int('create-seconds', next(), 2, 600);
      set.add('createSeconds');
    }
    else if (arg === '--approvals') {
      opts.approvals = int('approvals', next(), 10, 200_000);
      set.add('approvals');
    }
    else if (arg === '--skip-approvals') opts.skipApprovals = true;
    else if (arg === '--skip-statements') opts.skipStatements = true;
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--reuse') {
      // The seeding of 10M tickets takes about an hour: a database kept by an earlier run (--keep) can be measured again.
      opts.reuse = next();
      if (!/^cit_bench_[0-9a-z_]+$/.test(opts.reuse ?? '')) throw new Error('--reuse vuole il nome di un database cit_bench_… conservato con --keep');
    }
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'uso: npm run bench -- [--quick] [--tickets N] [--enti N] [--users N] [--sockets N] [--events N] [--concurrency C]\n' +
          '                      [--create-seconds S] [--approvals N] [--iterations K] [--max-seconds S] [--skip-approvals] [--skip-statements] [--keep] [--reuse DB]',
      );
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  if (opts.mode === 'quick') {
    if (!set.has('tickets')) opts.tickets = 200_000;
    if (!set.has('enti')) opts.enti = 2_000;
    if (!set.has('users')) opts.users = 10_000;
    if (!set.has('events')) opts.events = 100;
    if (!set.has('createSeconds')) opts.createSeconds = 10;
    if (!set.has('approvals')) opts.approvals = 500;
    opts.iterations = Math.min(opts.iterations, 100);
    opts.maxSeconds = Math.min(opts.maxSeconds, 15);
  } else if (set.has('tickets') && opts.tickets !== 10_000_000) opts.mode = `${opts.tickets / 1e6}M`;
  if (opts.users < opts.enti + BENCH_OPERATORS + opts.sockets) throw new Error('--users deve superare Enti + operatori + socket');
  return opts;
}





const mb = (bytes) => bytes / 1024 / 1024;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}


// ------------------------------------------------------------------------------------------ child processes

/** Children started by this run, so that cleanup (also on Ctrl-C) stops exactly those. */
const children = new Set();

function startChild(label, command, args, env, { echo = false } = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk) => {
    const text = chunk.toString('utf8');
    out = (out + text).slice(-200_000);
    if (echo) process.stdout.write(text.replace(/^(?=.)/gm, '    │ '));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(child));
  return { label, child, exited, output: () => out };
}

async function stopChild(proc, signal = 'SIGTERM', graceMs = 30_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

/** Resident set (VmRSS) and its high-water mark (VmHWM) of a process, in bytes, from /proc. */
function procMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** User + system CPU seconds of a process so far (Linux /proc). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** What the API's database connections are doing, sampled every `everyMs` (pg_stat_activity): locks vs Node CPU. */
function waitSampler(dbUrl, everyMs = 50) {
  const client = new Client({ connectionString: dbUrl, application_name: 'cit-bench-sampler' });
  const counts = new Map();
  let n = 0;
  let stopped = false;
  const done = (async () => {
    await client.connect();
    for (let i = 0; i < 100_000 && !stopped; i++) {
      const { rows } = await client.query(
        `SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'active (CPU)') ELSE state END AS what, count(*)::int AS n
         FROM pg_stat_activity WHERE application_name = 'cit-api' AND datname = current_database() GROUP BY 1`,
      );
      n++;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
      await sleep(everyMs);
    }
    await client.end();
  })();
  return {
    stop: async () => {
      stopped = true;
      await done.catch(() => {});
      return [...counts].sort((a, b) => b[1] - a[1]).map(([what, c]) => `${what} ${(c / Math.max(1, n)).toFixed(2)}`).join(', ');
    },
  };
}

function rssSampler(pid, everyMs = 100) {
  const samples = [];
  const timer = setInterval(() => samples.push(procMemory(pid).rss), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(procMemory(pid).rss);
      const ok = samples.filter(Number.isFinite);
      return { peak: Math.max(...ok), mean: ok.reduce((a, b) => a + b, 0) / ok.length, n: ok.length };
    },
  };
}

// ------------------------------------------------------------------------------------------ HTTP client




// ------------------------------------------------------------------------------------------------ seeding

/** National Enti and users on top of the demo data, all set-based; bench users get a cheap argon2id hash. */
async function seedNational(db, opts, step) {
  const {
    rows: [{ enti: demoEnti }],
  } = await db.query(`SELECT count(*)::int AS enti FROM enti`);
  const extra = Math.max(0, opts.enti - demoEnti);
  // Names and fiscal codes of their own; residents heavy-tailed (300 … ~73,000, median ~4,700) like Italian Comuni.
  await step(
    `Enti (${extra} oltre ai ${demoEnti} dimostrativi)`,
    `WITH ins AS (
       INSERT INTO enti (name, kind, fiscal_code, pec)
       SELECT 'Comune Bench ' || i, 'comune', '7' || lpad(i::text, 10, '0'), 'protocollo@pec.bench' || i || '.example'
       FROM generate_series(1, $1::int) i RETURNING id)
     INSERT INTO ente_population (ente_id, as_of_year, residents, businesses)
     SELECT id, 2025, r, r / 12 FROM (SELECT id, floor(300 * exp(random() * 5.5))::int AS r FROM ins) x`,
    [extra],
  );
  // Login must stay cheap for the 2,000 sockets' sessions: the hash carries its own parameters, the route is the same.
  const cheapHash = await argon2Hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  await step(
    `operatori (${BENCH_OPERATORS})`,
    `INSERT INTO users (email, name, role, password_hash)
     SELECT 'bench.operatore' || i || '@cit.example', 'Operatore Bench ' || i, 'operator', $2 FROM generate_series(1, $1::int) i`,
    [BENCH_OPERATORS, cheapHash],
  );
  const {
    rows: [{ users: existing }],
  } = await db.query(`SELECT count(*)::int AS users FROM users`);
  const enteUsers = Math.max(0, opts.users - existing);
  // Every Ente gets one user first, then the others round-robin: ~5 per Ente at national scale.
  await step(
    `utenti degli Enti (${enteUsers})`,
    `WITH e AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS k, count(*) OVER ()::int AS n FROM enti),
     g AS (SELECT i, gen_random_uuid() AS id FROM generate_series(1, $1::int) i),
     ins AS (
       INSERT INTO users (id, email, name, role, password_hash)
       SELECT id, 'bench.u' || i || '@enti.example', 'Utente Bench ' || i, 'ente_user', $2 FROM g RETURNING id)
     INSERT INTO user_enti (user_id, ente_id)
     SELECT g.id, e.id FROM g JOIN e ON e.k = (g.i - 1) % e.n`,
    [enteUsers, cheapHash],
  );
}

/** Secondary indexes of the ticket tables: dropped while seeding, rebuilt once at the end (much faster than per row). */
async function dropTicketIndexes(db) {
  const { rows } = await db.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename IN ('tickets', 'ticket_followups')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const r of rows) await db.query(`DROP INDEX "${r.indexname}"`);
  return rows;
}

// ----------------------------------------------------------------------------------------------- capture




// --------------------------------------------------------------------------------------------- figures

/**
 * pgbench: one single-row INSERT into tickets (same table, indexes and text size as the API's), C connections. With
 * `gapFree` the number comes from the protocol counter's row, as the API's does: one creation commits at a time.
 */
async function pgbenchInsert(dbName, { enteId, userId, title, description, clients, seconds, tmpDir, gapFree = false }) {
  const root = '/usr/lib/postgresql';
  const bins = existsSync(root) ? readdirSync(root).map((v) => path.join(root, v, 'bin', 'pgbench')) : [];
  const pgbench = bins.filter((b) => existsSync(b)).sort().pop() ?? 'pgbench';
  const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const script = path.join(tmpDir, gapFree ? 'insert-gap-free.sql' : 'insert.sql');
  const values = `${lit(enteId)}, ${lit(userId)}, ${lit(userId)}, 'incident', 'assistance', 'medium', ${lit(title)}, ${lit(description)}, 'new', 480, 2400, now() + interval '1 day', now() + interval '5 days', 'ok', now() + interval '1 day', now(), now()`;
  const into = `INSERT INTO tickets (protocol_year, protocol_number, ente_id, requester_id, opened_by_id, type, category, urgency, title, description, status, take_charge_minutes, resolve_minutes, take_charge_due, resolve_due, sla_state, queue_due, created_at, updated_at)`;
  await writeFile(
    script,
    gapFree
      ? `WITH c AS (INSERT INTO ticket_protocol_counters (year, last) VALUES (${PROTOCOL_YEAR_PGBENCH}, 1) ON CONFLICT (year) DO UPDATE SET last = ticket_protocol_counters.last + 1 RETURNING last) ${into} SELECT ${PROTOCOL_YEAR_PGBENCH}, c.last, ${values} FROM c;\n`
      : `${into} VALUES (${PROTOCOL_YEAR_PGBENCH}, nextval('bench_pgbench_seq'), ${values});\n`,
  );
  const url = new URL(ADMIN_URL);
  const env = { PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username || 'postgres') };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const proc = startChild('pgbench', pgbench, ['-n', '-f', script, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), dbName], env);
  const killer = setTimeout(() => proc.child.kill('SIGKILL'), (seconds + 60) * 1000);
  const { code } = await proc.exited;
  clearTimeout(killer);
  const out = proc.output();
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  if (code !== 0 || !Number.isFinite(tps)) throw new Error(`pgbench non riuscito (${code}):\n${out}`);
  return { tps, latency, pgbench };
}

/** C signed-in Ente users each POST /api/tickets in a loop on their keep-alive connection; bounded by time and count. */
async function createLoad(users, { seconds, maxRequests, body }) {
  const latencies = [];
  const statuses = new Map();
  let sent = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    users.map(async (u, w) => {
      for (let i = 0; performance.now() < deadline && sent < maxRequests; i++) {
        sent++;
        const s = performance.now();
        const res = await u.post('/api/tickets', body(w, i));
        const ms = performance.now() - s;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) latencies.push(ms);
        else if ((statuses.get(res.status) ?? 0) <= 1) console.error(`  POST /api/tickets → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return { created: latencies.length, elapsed, rate: latencies.length / elapsed, statuses: Object.fromEntries(statuses), ...percentiles(latencies) };
}

/** Raw Redis pub/sub round trip (PUBLISH on one connection → message on another), sequential, bounded. */
async function redisRoundTrip(prefix, n, payload) {
  const pub = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const sub = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.all([pub.connect(), sub.connect()]);
  const channel = `${prefix}:bench-ping`;
  await sub.subscribe(channel);
  let waiting;
  sub.on('message', (_ch, msg) => waiting?.(msg));
  const samples = [];
  try {
    const deadline = performance.now() + 30_000;
    for (let i = 0; i < n + 20 && performance.now() < deadline; i++) {
      const got = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('pub/sub: messaggio non ricevuto in 5 s')), 5_000);
        waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const t0 = performance.now();
      await pub.publish(channel, payload);
      await got;
      if (i >= 20) samples.push(performance.now() - t0);
    }
  } finally {
    pub.disconnect();
    sub.disconnect();
  }
  return percentiles(samples);
}

/**
 * Opens `count` socket.io connections (WebSocket) with the cookies of the given sessions, at most `parallel` at a
 * time and within `maxSeconds`. Each socket records when 'ticket.changed' arrives for a watched ticket.
 */
async function openSockets(baseUrl, sessions, count, { parallel = 50, maxSeconds = 120, onEvent }) {
  const sockets = [];
  const deadline = performance.now() + maxSeconds * 1000;
  const slots = Array.from({ length: count }, (_, i) => sessions[i % sessions.length]);
  let failures = 0;
  await pool(slots, parallel, async (session) => {
    if (performance.now() > deadline) return;
    const socket = ioClient(baseUrl, {
      transports: ['websocket'],
      extraHeaders: { cookie: session.cookie() },
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
    });
    const ok = await new Promise((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', (err) => {
        if (failures++ < 3) console.error(`  connessione live rifiutata (${session.email}): ${err.message}`);
        resolve(false);
      });
    });
    if (!ok) {
      socket.close();
      return;
    }
    socket.on('ticket.changed', (e) => onEvent(session, e));
    sockets.push({ socket, session });
  });
  return { sockets, failures };
}

/** Runs a sibling bench script from a private copy, so that its RESULTS file is written to a temporary directory. */
async function runSiblingBench(script, args, tmpDir, { timeoutSeconds }) {
  const original = path.join(HERE, script);
  if (!existsSync(original)) return { skipped: `${script} non presente` };
  // Its own RESULTS file stays untouched: this run's figures go to the temporary folder.
  const results = path.join(tmpDir, script.replace(/\.mjs$/, '.md'));
  console.log(`  node ${script} ${args.join(' ')} --results ${results}`);
  const proc = startChild(script, process.execPath, [original, ...args, '--results', results], {}, { echo: true });
  const killer = setTimeout(() => {
    console.error(`  ${script}: oltre ${timeoutSeconds} s, interrompo`);
    proc.child.kill('SIGINT');
  }, timeoutSeconds * 1000);
  const { code } = await proc.exited;
  clearTimeout(killer);
  return { code, output: proc.output() };
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL, 'PostgreSQL');
  assertLoopback(REDIS_URL, 'Redis');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = opts.reuse ?? `cit_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const prefix = `bench_${stamp}_${randomBytes(3).toString('hex')}`;
  const capturePrefix = `${prefix}_cap`;
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'cit-bench-national-'));
  const attachmentsDir = path.join(tmpDir, 'attachments');
  const state = { created: false, db: undefined, sessions: [], sockets: [], capture: undefined, api: undefined };

  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      const guard = setTimeout(() => {
        console.error('pulizia bloccata da più di 60 s: esco');
        process.exit(1);
      }, 60_000);
      guard.unref();
      for (const s of state.sockets) s.close();
      for (const s of state.sessions) s.close();
      // The sibling benches clean up their own databases on SIGINT; the API and pgbench just stop.
      await Promise.all([...children].map((c) => new Promise((resolve) => {
        const timer = setTimeout(() => c.kill('SIGKILL'), 40_000);
        c.once('exit', () => (clearTimeout(timer), resolve()));
        c.kill(c.spawnargs.some((a) => a.endsWith('.mjs')) ? 'SIGINT' : 'SIGTERM');
      })));
      await state.capture?.stop().catch(() => {});
      await state.db?.end().catch(() => {});
      const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis
        .connect()
        .then(async () => {
          for (const p of [prefix, capturePrefix]) await clearRedis(redis, p);
        })
        .catch((err) => console.error('pulizia Redis:', err.message))
        .finally(() => redis.disconnect());
      await rm(tmpDir, { recursive: true, force: true }).catch(() => {});
      if (state.created && !opts.keep) {
        await withAdmin((a) => a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch((err) =>
          console.error(`DROP DATABASE ${dbName} non riuscito:`, err),
        );
        console.log(`database ${dbName} eliminato`);
      } else if (state.created) console.log(`database conservato (--keep): ${databaseUrl(dbName)}`);
      clearTimeout(guard);
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\n${signal}: interrompo e pulisco…`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const started = performance.now();
  const loadBefore = os.loadavg();
  try {
    // ------------------------------------------------------------------------------------ database + seed
    console.log(`• modalità ${opts.mode}: ${opts.tickets.toLocaleString('it-IT')} ticket, ${opts.enti} Enti, ${opts.users} utenti; database ${dbName}`);
    let seedSeconds = null;
    if (opts.reuse) {
      // Migrations added since that run apply here, as they would on a deployed database.
      const ds = createDataSource({ url: databaseUrl(dbName), poolSize: 2, applicationName: 'cit-bench-national' });
      await ds.initialize();
      try {
        console.log(`• database riusato; migrazioni applicate: ${JSON.stringify(await migrate(ds))}`);
      } finally {
        await ds.destroy();
      }
      state.db = new Client({ connectionString: databaseUrl(dbName), application_name: 'cit-bench' });
      await state.db.connect();
    } else {
      await withAdmin((a) => a.query(`CREATE DATABASE "${dbName}"`));
      state.created = true;
      const ds = createDataSource({ url: databaseUrl(dbName), poolSize: 2, applicationName: 'cit-bench-national' });
      await ds.initialize();
      try {
        await migrate(ds);
        // The demo requests carry their signed forms: they go to this run's attachments directory.
        const demo = await seedDemo(ds, { store: new AttachmentStore(attachmentsDir), calendar: new CalendarSource(ds) });
        console.log(`• migrazioni e dati dimostrativi (${demo.enti} Enti, ${demo.users} utenti)`);
      } finally {
        await ds.destroy();
      }
      state.db = new Client({ connectionString: databaseUrl(dbName), application_name: 'cit-bench' });
      await state.db.connect();
      const db = state.db;
      const seedStart = performance.now();
      const step = async (label, sql, params) => {
        const t0 = performance.now();
        const res = await db.query(sql, params);
        console.log(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        return res;
      };
      await seedNational(db, opts, step);
      const dropped = await dropTicketIndexes(db);
      console.log(`• semina di ${opts.tickets.toLocaleString('it-IT')} ticket (indici secondari ricostruiti alla fine: ${dropped.length})`);
      await seedTickets(db, opts.tickets, {
        referents: false,
        slots: Math.max(20_000, opts.enti * 10),
        beforeVacuum: async (seedStep) => {
          await db.query(`SET maintenance_work_mem = '1GB'`);
          await db.query(`SET max_parallel_maintenance_workers = 2`);
          for (const r of dropped) await seedStep(`indice ${r.indexname}`, r.indexdef);
        },
      });
      seedSeconds = (performance.now() - seedStart) / 1000;
    }
    const db = state.db;
    const {
      rows: [dataset],
    } = await db.query(
      `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM ticket_followups) AS followups,
              (SELECT count(*)::int FROM enti) AS enti, (SELECT count(*)::int FROM users) AS users,
              (SELECT count(*)::int FROM tickets t JOIN enti e ON e.id = t.ente_id WHERE e.name = 'Comune di Coccaglio') AS coccaglio,
              (SELECT count(*)::int FROM tickets WHERE search @@ websearch_to_tsquery('italian', 'stampante')) AS stampante,
              (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM tickets GROUP BY status) s) AS by_status,
              (SELECT json_object_agg(urgency, n) FROM (SELECT urgency, count(*)::int AS n FROM tickets GROUP BY urgency) s) AS by_urgency,
              pg_size_pretty(pg_total_relation_size('tickets')) AS tickets_size,
              pg_size_pretty(pg_total_relation_size('ticket_followups')) AS followups_size,
              pg_size_pretty(pg_database_size(current_database())) AS db_size`,
    );
    console.log(seedSeconds === null ? '• dati:' : `• semina completata in ${seedSeconds.toFixed(1)} s:`, dataset);

    // ------------------------------------------------------------------------------------ API child
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const apiEnv = {
      // The runtime options of the product's image (Dockerfile), so that memory is measured as deployed.
      NODE_OPTIONS: /^ENV NODE_OPTIONS=(.+)$/m.exec(readFileSync(path.resolve(HERE, '../Dockerfile'), 'utf8'))?.[1] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      RUN_JOBS: 'false',
      LOG_LEVEL: 'silent',
      SERVE_CLIENT: 'false',
      MIGRATE_ON_START: 'false',
      ATTACHMENTS_DIR: attachmentsDir,
    };
    const api = startChild('API', process.execPath, [MAIN_JS], apiEnv);
    state.api = api;
    const upDeadline = performance.now() + 60_000;
    for (;;) {
      if (api.child.exitCode !== null) throw new Error(`il processo API è uscito (${api.child.exitCode}):\n${api.output()}`);
      const res = await request(baseUrl, 'GET', '/api/health').catch(() => null);
      if (res?.status === 200) break;
      if (performance.now() > upDeadline) throw new Error(`API non pronta in 60 s:\n${api.output()}`);
      await sleep(200);
    }
    const pid = api.child.pid;
    await sleep(1000);
    const started0 = procMemory(pid);
    console.log(`• API figlia pid ${pid} su ${baseUrl} (RUN_JOBS=false, REDIS_PREFIX=${prefix})`);

    // ------------------------------------------------------------------------------------ list figures
    const operator = await signIn(baseUrl, OPERATOR, DEMO_PASSWORD);
    const enteUser = await signIn(baseUrl, ENTE_USER, DEMO_PASSWORD);
    state.sessions.push(operator, enteUser);
    const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const health = async () => {
      const res = await request(baseUrl, 'GET', '/api/health', { agent: healthAgent });
      if (res.status !== 200) throw new Error(`/api/health: ${res.status} ${res.text}`);
    };
    const first = await operator.getJson('/api/tickets');
    if (first.items.length === 0) throw new Error('coda operatore vuota');
    console.log(`• liste: fino a ${opts.iterations} iterazioni o ${opts.maxSeconds} s per voce, una connessione keep-alive`);
    const lists = {};
    lists.health = await measure('baseline: HTTP GET /api/health', health, opts);
    lists.queue = await measure('operator queue (default filters + status counts)', () => operator.get('/api/tickets'), opts);
    lists.enteList = await measure('Ente user list (Coccaglio, newest first)', () => enteUser.get('/api/tickets'), opts);
    lists.enteHome = await measure("Ente home (Coccaglio) GET /api/ente/home", () => enteUser.get('/api/ente/home'), opts);
    lists.search = await measure('operator full-text search ?q=stampante', () => operator.get('/api/tickets?q=stampante'), opts);
    lists.searchRare = await measure('operator full-text search ?q=anpr residenza', () => operator.get('/api/tickets?q=anpr%20residenza'), opts);
    lists.searchNone = await measure('operator full-text search, no match ?q=plotter', () => operator.get('/api/tickets?q=plotter'), opts);
    // The filters the operator console added (issue 17): a group's queue, the unassigned tickets, a label.
    lists.group = await measure('operator queue ?group=sistemisti', () => operator.get('/api/tickets?group=sistemisti'), opts);
    lists.unassigned = await measure('operator queue ?assignee=none', () => operator.get('/api/tickets?assignee=none'), opts);
    lists.label = await measure('operator queue ?label=rete', () => operator.get('/api/tickets?label=rete'), opts);
    // Reports (issue 18): CIT-wide over the default period (the last twelve months), narrowed by service and group,
    // and the Ente's own figures (Coccaglio's referent).
    for (const r of REPORTS) {
      lists[`report_${r}`] = await measure(`report GET /api/reports/${r} (all Enti)`, () => operator.get(`/api/reports/${r}`), opts);
      lists[`reportEnte_${r}`] = await measure(`report GET /api/reports/${r} (Coccaglio)`, () => enteUser.get(`/api/reports/${r}`), opts);
    }
    lists.reportFiltered = await measure('report sla ?serviceCode=pec&group=sistemisti', () => operator.get('/api/reports/sla?serviceCode=pec&group=sistemisti'), opts);
    healthAgent.destroy();
    await sleep(2000);
    const afterLists = procMemory(pid);
    // Idle means nobody calls: V8 gives back the heap it grew for the lists only after some seconds without
    // allocation (its memory reducer), so idle is read after 30 s of quiet; 2 s after the lists is shown beside it.
    await sleep(28_000);
    const idle = procMemory(pid);
    console.log(
      `• RSS dell'API: ${mb(started0.rss).toFixed(0)} MB appena avviata, ${mb(afterLists.rss).toFixed(0)} MB 2 s dopo le liste, ${mb(idle.rss).toFixed(0)} MB dopo 30 s di quiete`,
    );

    // ------------------------------------------------------------------------------------ create vs pgbench
    const {
      rows: creators,
    } = await db.query(
      `SELECT DISTINCT ON (ue.ente_id) u.email, ue.ente_id, u.id FROM users u JOIN user_enti ue ON ue.user_id = u.id
       WHERE u.email LIKE 'bench.u%' ORDER BY ue.ente_id, u.email LIMIT $1`,
      [opts.concurrency],
    );
    const title = 'La stampante di rete non stampa (ufficio anagrafe)';
    const description =
      'Buongiorno, vi segnalo che la coda di stampa del piano terra restituisce un errore di spooler e i documenti restano bloccati. Allego la schermata con il messaggio di errore.';
    await db.query(`CREATE SEQUENCE IF NOT EXISTS bench_pgbench_seq`);
    // A bare INSERT for the baseline (no status-count trigger: a stricter baseline); its rows leave uncounted.
    await db.query(`ALTER TABLE tickets DISABLE TRIGGER USER`);
    console.log(`• linea di base: pgbench, un INSERT su tickets, ${opts.concurrency} connessioni, ${opts.createSeconds} s`);
    const insertRun = { enteId: creators[0].ente_id, userId: creators[0].id, title, description, clients: opts.concurrency, seconds: opts.createSeconds, tmpDir };
    const pgb = await pgbenchInsert(dbName, insertRun);
    console.log(`  ${pgb.tps.toFixed(0)} INSERT/s (latenza media ${pgb.latency} ms)`);
    await db.query(`DELETE FROM tickets WHERE protocol_year = $1`, [PROTOCOL_YEAR_PGBENCH]);
    // Not the baseline the target names, but the ceiling a gap-free protocol number sets on this machine.
    const pgbGapFree = await pgbenchInsert(dbName, { ...insertRun, gapFree: true });
    console.log(`  con il contatore del protocollo senza buchi: ${pgbGapFree.tps.toFixed(0)} INSERT/s (latenza media ${pgbGapFree.latency} ms)`);
    await db.query(`DELETE FROM tickets WHERE protocol_year = $1`, [PROTOCOL_YEAR_PGBENCH]);
    await db.query(`DELETE FROM ticket_protocol_counters WHERE year = $1`, [PROTOCOL_YEAR_PGBENCH]);
    await db.query(`ALTER TABLE tickets ENABLE TRIGGER USER`);
    await db.query(`DROP SEQUENCE bench_pgbench_seq`);
    await db.query(`VACUUM tickets`);
    const writers = await pool(creators, 4, (c) => signIn(baseUrl, c.email, DEMO_PASSWORD));
    state.sessions.push(...writers);
    const createBody = (w, i) => ({ type: 'incident', category: 'assistance', urgency: 'medium', title, description: `${description} (${w}/${i})` });
    await createLoad(writers, { seconds: 2, maxRequests: 500, body: createBody });
    console.log(`• POST /api/tickets: ${opts.concurrency} sessioni keep-alive, ${opts.createSeconds} s`);
    // The outbox poll's cost (issue 25): entries of outbox_pending_idx read per row dispatched during the load.
    const outboxStats = async () => {
      const {
        rows: [r],
      } = await db.query(
        `SELECT (SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_user_indexes WHERE indexrelname = 'outbox_pending_idx')::bigint AS read,
                (SELECT count(*) FROM outbox WHERE done_at IS NOT NULL)::bigint AS done`,
      );
      return { read: Number(r.read), done: Number(r.done) };
    };
    const outbox0 = await outboxStats();
    const sampler = rssSampler(pid);
    const waits = waitSampler(databaseUrl(dbName));
    const cpu0 = cpuSeconds(pid);
    const create = await createLoad(writers, { seconds: opts.createSeconds, maxRequests: 1_000_000, body: createBody });
    const apiCpuShare = (cpuSeconds(pid) - cpu0) / create.elapsed;
    const rssLoad = sampler.stop();
    const createWaits = await waits.stop();
    const { rows: pendingOutbox } = await db.query(`SELECT topic, count(*)::int AS n FROM outbox WHERE done_at IS NULL GROUP BY topic`);
    for (let i = 0; i < 60; i++) {
      const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND available_at <= now()`);
      if (n === 0) break;
      await sleep(500);
    }
    // Backends report their statistics at most once a second, idle ones after 10 s.
    await sleep(11_000);
    await db.query(`SELECT pg_stat_clear_snapshot()`);
    const outbox1 = await outboxStats();
    const outboxPoll = { dispatched: outbox1.done - outbox0.done, read: outbox1.read - outbox0.read };
    outboxPoll.perRow = outboxPoll.dispatched > 0 ? outboxPoll.read / outboxPoll.dispatched : NaN;
    console.log(`  outbox: ${outboxPoll.dispatched} righe inoltrate, ${outboxPoll.read} voci di outbox_pending_idx lette (${outboxPoll.perRow.toFixed(2)} per riga)`);
    console.log(`  CPU dell'API ${(apiCpuShare * 100).toFixed(0)} % di un core; connessioni cit-api in media: ${createWaits}; outbox in coda a fine carico: ${JSON.stringify(pendingOutbox)}`);
    console.log(
      `  ${create.rate.toFixed(0)} ticket/s (${create.created} creati; esiti ${JSON.stringify(create.statuses)}); p50 ${create.p50.toFixed(1)} ms, p95 ${create.p95.toFixed(1)} ms; RSS di picco ${mb(rssLoad.peak).toFixed(0)} MB`,
    );

    // ------------------------------------------------------------------------------------ live push
    const {
      rows: [{ n: staffOnline }],
    } = await db.query(`SELECT least($1::int, count(*))::int AS n FROM users WHERE email LIKE 'bench.operatore%'`, [BENCH_OPERATORS]);
    const enteSessionsWanted = opts.sockets - staffOnline;
    // Ente users of whole Enti (all their users online), the Enti taken at random, until the sockets are filled.
    const { rows: liveUsers } = await db.query(
      `WITH e AS (SELECT ente_id, count(*) AS n FROM user_enti GROUP BY ente_id ORDER BY hashtext(ente_id::text)),
            c AS (SELECT ente_id, sum(n) OVER (ORDER BY hashtext(ente_id::text), ente_id) AS upto FROM e)
       SELECT u.email, ue.ente_id, 'ente' AS kind FROM c JOIN user_enti ue ON ue.ente_id = c.ente_id JOIN users u ON u.id = ue.user_id
       WHERE c.upto <= $1 AND u.email LIKE 'bench.u%'
       UNION ALL
       SELECT email, NULL, 'staff' FROM users WHERE email LIKE 'bench.operatore%'`,
      [enteSessionsWanted],
    );
    console.log(`• live: login di ${liveUsers.length} utenti (sessioni via POST /api/auth/login)`);
    const loginStart = performance.now();
    const liveSessions = await pool(liveUsers, 8, async (u) => Object.assign(await signIn(baseUrl, u.email, DEMO_PASSWORD), { enteId: u.ente_id, kind: u.kind }));
    state.sessions.push(...liveSessions);
    const loginSeconds = (performance.now() - loginStart) / 1000;
    for (const s of liveSessions) s.close();
    const pending = new Map();
    const onEvent = (session, e) => {
      const p = pending.get(e.ticketId);
      if (!p) return;
      const ms = performance.now() - p.t0;
      p.got.push({ ms, kind: session.kind });
      if (p.got.length >= p.expected) p.done();
    };
    const socketStart = performance.now();
    const opened = await openSockets(baseUrl, liveSessions, opts.sockets, { onEvent });
    state.sockets = opened.sockets.map((o) => o.socket);
    const socketSeconds = (performance.now() - socketStart) / 1000;
    const liveEnti = new Map();
    for (const { session } of opened.sockets) if (session.enteId) liveEnti.set(session.enteId, (liveEnti.get(session.enteId) ?? 0) + 1);
    const staffSockets = opened.sockets.filter((o) => o.session.kind === 'staff').length;
    console.log(
      `  ${opened.sockets.length} socket connessi (${opened.failures} rifiutati) in ${socketSeconds.toFixed(1)} s; login ${loginSeconds.toFixed(1)} s; ${staffSockets} staff, ${liveEnti.size} Enti`,
    );
    if (opened.sockets.length < opts.sockets * 0.95) throw new Error(`solo ${opened.sockets.length} socket connessi su ${opts.sockets}`);
    await sleep(1000);
    const rssSockets = procMemory(pid);
    const { rows: eventTickets } = await db.query(
      `SELECT DISTINCT ON (ente_id) id, ente_id FROM tickets
       WHERE status = 'assigned' AND ente_id = ANY($1::uuid[]) ORDER BY ente_id, created_at DESC LIMIT $2`,
      [[...liveEnti.keys()], opts.events],
    );
    if (eventTickets.length < opts.events) {
      const more = await db.query(
        `SELECT id, ente_id FROM tickets WHERE status = 'assigned' AND ente_id = ANY($1::uuid[]) AND NOT (id = ANY($2::uuid[])) LIMIT $3`,
        [[...liveEnti.keys()], eventTickets.map((t) => t.id), opts.events - eventTickets.length],
      );
      eventTickets.push(...more.rows);
    }
    console.log(`• live: ${eventTickets.length} cambi di stato (sospensione) dall'operatore, uno alla volta`);
    const deliveries = [];
    const firstOther = [];
    const lastPerEvent = [];
    const actionMs = [];
    let missing = 0;
    const liveDeadline = performance.now() + 120_000;
    for (const t of eventTickets) {
      if (performance.now() > liveDeadline) break;
      const expected = staffSockets + (liveEnti.get(t.ente_id) ?? 0);
      const p = { t0: 0, expected, got: [] };
      const all = new Promise((resolve) => {
        p.done = resolve;
        setTimeout(resolve, 3000);
      });
      pending.set(t.id, p);
      p.t0 = performance.now();
      const res = await operator.post(`/api/tickets/${t.id}/actions`, { action: 'suspend', reason: 'In attesa del fornitore (bench)' });
      actionMs.push(performance.now() - p.t0);
      if (res.status !== 200) throw new Error(`azione su ${t.id}: ${res.status} ${res.text.slice(0, 200)}`);
      await all;
      pending.delete(t.id);
      missing += Math.max(0, p.expected - p.got.length);
      for (const g of p.got) deliveries.push(g.ms);
      if (p.got.length) {
        firstOther.push(Math.min(...p.got.filter((g) => g.kind === 'ente').map((g) => g.ms), Infinity));
        lastPerEvent.push(Math.max(...p.got.map((g) => g.ms)));
      }
      await sleep(20);
    }
    const push = percentiles(deliveries);
    const pushEnte = percentiles(firstOther.filter(Number.isFinite));
    const pushLast = percentiles(lastPerEvent);
    const action = percentiles(actionMs);
    const redisRtt = await redisRoundTrip(prefix, Math.max(200, opts.events), JSON.stringify({ ticketId: eventTickets[0]?.id, enteId: eventTickets[0]?.ente_id, change: 'updated', status: 'pending', at: new Date().toISOString() }));
    console.log(
      `  consegne ${push.n} (mancanti ${missing}): p50 ${push.p50.toFixed(1)} ms, p99 ${push.p99.toFixed(1)} ms; POST dell'azione p50 ${action.p50.toFixed(1)} ms; Redis pub/sub p99 ${redisRtt.p99.toFixed(2)} ms`,
    );
    for (const s of state.sockets) s.close();
    state.sockets = [];
    const apiHwm = procMemory(pid).hwm;
    await stopChild(api);
    state.api = undefined;

    // ------------------------------------------------------------------------------------ EXPLAIN (in-process)
    // A second, in-process server on the same database: TypeORM's logger gives the exact SQL of each list.
    console.log('• piani di esecuzione (query catturate dal server in-process)');
    const capture = await startServer(
      loadConfig({ ...apiEnv, PORT: '0', REDIS_PREFIX: capturePrefix, OUTBOX_DISPATCH: 'false', RUN_JOBS: 'false' }),
      { migrate: false },
    );
    state.capture = capture;
    const capOperator = await signIn(capture.url, OPERATOR, DEMO_PASSWORD);
    const capEnte = await signIn(capture.url, ENTE_USER, DEMO_PASSWORD);
    state.sessions.push(capOperator, capEnte);
    const q = {
      queue: pickTicketQueries(await captureQueries(capture.ds, () => capOperator.get('/api/tickets'))),
      ente: pickTicketQueries(await captureQueries(capture.ds, () => capEnte.get('/api/tickets'))),
      search: pickTicketQueries(await captureQueries(capture.ds, () => capOperator.get('/api/tickets?q=stampante'))),
    };
    // As on the API's connections (data-source.ts): JIT would compile the search counts for longer than they run.
    await db.query('SET jit = off');
    const sqlQueuePage = await measure('SQL: operator page (captured, via pg)', () => db.query(q.queue.page.query, q.queue.page.parameters), opts);
    const sqlQueueCounts = await measure('SQL: operator status counts (captured)', () => db.query(q.queue.counts.query, q.queue.counts.parameters), opts);
    const sqlSearchCounts = await measure('SQL: search status counts (captured)', () => db.query(q.search.counts.query, q.search.counts.parameters), {
      ...opts,
      iterations: Math.min(opts.iterations, 30),
    });
    const sqlSearchEstimate = q.search.estimate
      ? await measure('SQL: search count estimate (captured EXPLAIN)', () => db.query(q.search.estimate.query, q.search.estimate.parameters), opts)
      : null;
    const plans = [
      await explain(db, 'Operator page (GET /api/tickets)', q.queue.page),
      await explain(db, 'Operator status counts', q.queue.counts),
      await explain(db, 'Ente user page (Coccaglio)', q.ente.page),
      await explain(db, 'Ente user status counts (Coccaglio)', q.ente.counts),
      await explain(db, 'Full-text search page (?q=stampante)', q.search.page),
      await explain(db, `Full-text search status counts (?q=stampante)${q.search.estimate ? ': the exact count the estimate replaces' : ''}`, q.search.counts),
    ];
    await capture.stop();
    state.capture = undefined;

    // ------------------------------------------------------------------------------------ approvals + statements
    let approvals = { skipped: 'saltato (--skip-approvals)' };
    if (!opts.skipApprovals) {
      console.log('• approvazioni → record + addebiti (bench/approvals.mjs)');
      approvals = await runSiblingBench('approvals.mjs', ['--approvals', String(opts.approvals), '--no-single'], tmpDir, { timeoutSeconds: 900 });
      approvals = { ...approvals, ...parseApprovals(approvals.output ?? '') };
    }
    const statementsEnti = opts.mode === 'quick' ? Math.min(opts.enti, 2_000) : TARGETS.statementsEnti;
    let statements = { skipped: 'saltato (--skip-statements)' };
    if (!opts.skipStatements) {
      console.log(`• estratti conto semestrali per ${statementsEnti} Enti (bench/statements.mjs)`);
      statements = await runSiblingBench('statements.mjs', ['--enti', String(statementsEnti)], tmpDir, { timeoutSeconds: 900 });
      statements = { ...statements, ...parseStatements(statements.output ?? '') };
    }

    // ------------------------------------------------------------------------------------ report
    const {
      rows: [pg],
    } = await db.query(
      // reset_val: the server's setting, not this connection's (the seed lowered synchronous_commit for itself)
      `SELECT current_setting('server_version') AS version,
              pg_size_pretty(max(reset_val::bigint * 8192) FILTER (WHERE name = 'shared_buffers')) AS shared_buffers,
              max(reset_val) FILTER (WHERE name = 'synchronous_commit') AS synchronous_commit,
              pg_size_pretty(max(reset_val::bigint * 1024) FILTER (WHERE name = 'work_mem')) AS work_mem
         FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'work_mem')`,
    );
    const redisVersion = await redisInfoVersion();
    const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : 'n/d');
    const verdict = (ok) => (ok === null ? 'n/d' : ok ? '**met**' : '**MISSED**');
    const ratioOf = (a, b) => `${(a / b).toFixed(1)}×`;
    const statementsTarget = (TARGETS.statementsSeconds * statementsEnti) / TARGETS.statementsEnti;
    const rows = [
      ['operator queue page (default filters + status counts), p95', ms(lists.queue.p95), `GET /api/health p95 ${ms(lists.health.p95)}; SQL page ${ms(sqlQueuePage.p95)} + counts ${ms(sqlQueueCounts.p95)}`, ratioOf(lists.queue.p95, lists.health.p95), `< ${TARGETS.queue} ms`, verdict(lists.queue.p95 < TARGETS.queue)],
      ["Ente user's list (Coccaglio), p95", ms(lists.enteList.p95), `GET /api/health p95 ${ms(lists.health.p95)}`, ratioOf(lists.enteList.p95, lists.health.p95), `< ${TARGETS.enteList} ms`, verdict(lists.enteList.p95 < TARGETS.enteList)],
      ["Ente home in one request (Coccaglio: requests, allowances, dues, statement), p95", ms(lists.enteHome.p95), `GET /api/health p95 ${ms(lists.health.p95)}`, ratioOf(lists.enteHome.p95, lists.health.p95), `< ${TARGETS.enteHome} ms`, verdict(lists.enteHome.p95 < TARGETS.enteHome)],
      ['full-text search ?q=stampante, p95', ms(lists.search.p95), `GET /api/health p95 ${ms(lists.health.p95)}; ${sqlSearchEstimate ? `SQL count estimate ${ms(sqlSearchEstimate.p95)} (an exact count: ${ms(sqlSearchCounts.p95)})` : `SQL counts ${ms(sqlSearchCounts.p95)}`}`, ratioOf(lists.search.p95, lists.health.p95), `< ${TARGETS.search} ms`, verdict(lists.search.p95 < TARGETS.search)],
      ...[
        ['operator queue ?group=sistemisti, p95', lists.group],
        ['operator queue ?assignee=none, p95', lists.unassigned],
        ['operator queue ?label=rete, p95', lists.label],
      ].map(([name, f]) => [name, ms(f.p95), `GET /api/health p95 ${ms(lists.health.p95)}`, ratioOf(f.p95, lists.health.p95), `< ${TARGETS.queue} ms`, verdict(f.p95 < TARGETS.queue)]),
      ...REPORTS.map((r) => [`report ${r} (all Enti, last 12 months), p95`, ms(lists[`report_${r}`].p95), `GET /api/health p95 ${ms(lists.health.p95)}`, ratioOf(lists[`report_${r}`].p95, lists.health.p95), `< ${TARGETS.reports} ms`, verdict(lists[`report_${r}`].p95 < TARGETS.reports)]),
      (() => {
        const worst = [...REPORTS.map((r) => lists[`reportEnte_${r}`]), lists.reportFiltered].reduce((a, b) => (b.p95 > a.p95 ? b : a));
        return ['reports as the Ente (Coccaglio) and filtered by service and group: slowest p95', ms(worst.p95), worst.name, ratioOf(worst.p95, lists.health.p95), `< ${TARGETS.reports} ms`, verdict(worst.p95 < TARGETS.reports)];
      })(),
      ['outbox poll: index entries read per dispatched row', outboxPoll.perRow.toFixed(2), `${outboxPoll.dispatched.toLocaleString('en-US')} rows dispatched during the create load, ${outboxPoll.read.toLocaleString('en-US')} entries read`, '—', '≈ 1 (O(rows pending))', verdict(outboxPoll.perRow < 3)],
      ['ticket create via API (SLA, history, outbox), tickets/s', `${create.rate.toFixed(0)}/s`, `pgbench single-row INSERT ${pgb.tps.toFixed(0)} tps (${opts.concurrency} conn.); with the gap-free protocol counter ${pgbGapFree.tps.toFixed(0)} tps (API ${((create.rate / pgbGapFree.tps) * 100).toFixed(0)} % of it)`, `${((create.rate / pgb.tps) * 100).toFixed(0)} %`, `≥ ${TARGETS.createRatio * 100} %`, verdict(create.rate >= TARGETS.createRatio * pgb.tps)],
      [`live push: status change → other sockets, p99 (${opened.sockets.length} sockets)`, ms(push.p99), `Redis pub/sub round trip p99 ${ms(redisRtt.p99)}`, ratioOf(push.p99, redisRtt.p99), `< ${TARGETS.pushP99} ms`, verdict(missing === 0 && push.p99 < TARGETS.pushP99)],
      approvals.workerRate
        ? ['approvals → record + billing, one worker, approvals/s', `${approvals.workerRate.toFixed(0)}/s`, `hand-written transaction ${approvals.baselineRate.toFixed(0)} tx/s`, `${((approvals.workerRate / approvals.baselineRate) * 100).toFixed(0)} %`, `≥ ${TARGETS.approvalsRatio * 100} %`, verdict(approvals.workerRate >= TARGETS.approvalsRatio * approvals.baselineRate)]
        : ['approvals → record + billing, one worker', 'n/d', approvals.skipped ?? `bench/approvals.mjs uscito con ${approvals.code}`, '', `≥ ${TARGETS.approvalsRatio * 100} %`, 'n/d'],
      statements.seconds
        ? [`half-year statements, ${statementsEnti.toLocaleString('en-US')} Enti`, `${statements.seconds.toFixed(1)} s`, `reading all lines grouped by payer ${statements.floorSeconds?.toFixed(2)} s`, ratioOf(statements.seconds, statements.floorSeconds), `< ${statementsTarget.toFixed(0)} s${statementsEnti === TARGETS.statementsEnti ? '' : ' (60 s × Enti/20,000)'}`, verdict(statements.seconds < statementsTarget)]
        : ['half-year statements', 'n/d', statements.skipped ?? `bench/statements.mjs uscito con ${statements.code}`, '', `< ${TARGETS.statementsSeconds} s`, 'n/d'],
      ['API RSS idle (30 s without requests, after the list figures)', `${mb(idle.rss).toFixed(0)} MB`, `just started: ${mb(started0.rss).toFixed(0)} MB; 2 s after the lists: ${mb(afterLists.rss).toFixed(0)} MB`, '', `< ${TARGETS.rssIdleMb} MB`, verdict(mb(idle.rss) < TARGETS.rssIdleMb)],
      ['API RSS under the create load (peak of samples every 100 ms)', `${mb(rssLoad.peak).toFixed(0)} MB`, `idle ${mb(idle.rss).toFixed(0)} MB`, ratioOf(rssLoad.peak, idle.rss), `< ${TARGETS.rssLoadMb} MB`, verdict(mb(rssLoad.peak) < TARGETS.rssLoadMb)],
    ];
    const md = [
      '| figure | value | baseline (same run) | ratio | target | verdict |',
      '|---|---:|---|---:|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    const latencyTable = [
      '| measurement | n | p50 | p95 | p99 | max |',
      '|---|---:|---:|---:|---:|---:|',
      ...[
        ['baseline: HTTP GET /api/health', lists.health],
        ['operator queue (default: SLA order, limit 50, counts by status)', lists.queue],
        ['Ente user list (Coccaglio, newest first)', lists.enteList],
        ['Ente home GET /api/ente/home (Coccaglio)', lists.enteHome],
        ['full-text search ?q=stampante', lists.search],
        ['full-text search ?q=anpr residenza', lists.searchRare],
        ['full-text search, no match ?q=plotter', lists.searchNone],
        ['operator queue, group filter ?group=sistemisti', lists.group],
        ['operator queue, unassigned ?assignee=none', lists.unassigned],
        ['operator queue, label filter ?label=rete', lists.label],
        ...REPORTS.flatMap((r) => [[`report ${r} (all Enti)`, lists[`report_${r}`]], [`report ${r} (Coccaglio, as the Ente)`, lists[`reportEnte_${r}`]]]),
        ['report sla ?serviceCode=pec&group=sistemisti', lists.reportFiltered],
        ['SQL only: operator page (captured query via pg)', sqlQueuePage],
        ['SQL only: operator status counts (captured)', sqlQueueCounts],
        [`SQL only: search status counts ?q=stampante (captured${sqlSearchEstimate ? '; the exact count the estimate replaces' : ''})`, sqlSearchCounts],
        ...(sqlSearchEstimate ? [['SQL only: search count estimate ?q=stampante (captured EXPLAIN)', sqlSearchEstimate]] : []),
        ['POST /api/tickets under load (201 only)', create],
        ['live: every delivery (staff + Ente sockets), from the action request', push],
        ['live: first Ente socket per event', pushEnte],
        ['live: last socket per event', pushLast],
        ['live: POST /api/tickets/:id/actions (suspend) response', action],
        ['baseline: raw Redis PUBLISH → message round trip', redisRtt],
      ].map(([name, f]) => `| ${name} | ${f.n} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${ms(f.max)} |`),
    ].join('\n');
    console.log(`\n${md}\n\n${latencyTable}\n`);
    const cpus = os.cpus();
    const loadAfter = os.loadavg();
    const section = [
      `## Run \`${opts.mode}\` — ${new Date().toISOString()}`,
      '',
      `Command: \`npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\`; total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
      '',
      '### Machine',
      '',
      `- CPU: ${cpus[0]?.model ?? 'n/d'} — ${cpus.length} logical cores; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} (${os.arch()})`,
      `- Node.js ${process.version}; PostgreSQL ${pg.version} (loopback; shared_buffers=${pg.shared_buffers}, work_mem=${pg.work_mem}, synchronous_commit=${pg.synchronous_commit}); Redis ${redisVersion} (loopback)`,
      `- load average (1/5/15 min) at start ${loadBefore.map((l) => l.toFixed(1)).join(' / ')}, at end ${loadAfter.map((l) => l.toFixed(1)).join(' / ')}; client, API, worker, PostgreSQL and Redis share these cores`,
      '',
      '### Data set',
      '',
      `- ${dataset.tickets.toLocaleString('en-US')} tickets (${dataset.tickets_size} with indexes), ${dataset.followups.toLocaleString('en-US')} follow-ups (${dataset.followups_size}), ${dataset.enti.toLocaleString('en-US')} Enti, ${dataset.users.toLocaleString('en-US')} users; database ${dataset.db_size}`,
      `- by status: ${JSON.stringify(dataset.by_status)}; by urgency: ${JSON.stringify(dataset.by_urgency)}`,
      `- Coccaglio: ${dataset.coccaglio} tickets; "stampante" matches ${dataset.stampante} tickets`,
      seedSeconds === null
        ? `- database \`${dbName}\` seeded and kept by an earlier run, measured again after the code changes (\`--reuse\`)`
        : `- seeding (set-based SQL, secondary indexes rebuilt at the end, VACUUM ANALYZE): ${seedSeconds.toFixed(0)} s`,
      '',
      '### Figures',
      '',
      md,
      '',
      '### Details',
      '',
      `- Lists: ${opts.iterations} sequential iterations (at most ${opts.maxSeconds} s) after 10 warm-up, one keep-alive connection per user, API in a child process (\`node server/dist/main.js\`, pool ${10}, NODE_OPTIONS \`${apiEnv.NODE_OPTIONS}\` as in the Dockerfile).`,
      `- Create: ${opts.concurrency} signed-in Ente users (session + x-csrf-token), one keep-alive connection each, ${opts.createSeconds} s after a 2 s warm-up; ${create.created} tickets created, outcomes ${JSON.stringify(create.statuses)}. Baseline: \`pgbench -n -c ${opts.concurrency} -j ${Math.min(opts.concurrency, 2)} -T ${opts.createSeconds}\` with one INSERT into \`tickets\` (same indexes, same title and description size), ${pgb.tps.toFixed(0)} tps, mean latency ${pgb.latency} ms; the same INSERT numbered by the protocol counter's row (one statement, as the API's creation: \`INSERT … ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last\`), ${pgbGapFree.tps.toFixed(0)} tps, mean latency ${pgbGapFree.latency} ms. During the load the API used ${(apiCpuShare * 100).toFixed(0)} % of one core; its database connections on average (pg_stat_activity every 50 ms): ${createWaits}; outbox rows still pending right after: ${JSON.stringify(pendingOutbox)}.`,
      `- Live: ${liveSessions.length} sessions created by POST /api/auth/login in ${loginSeconds.toFixed(1)} s (bench users carry a cheap argon2id hash so that 2,000 logins do not take minutes; the login route is unchanged), ${opened.sockets.length} WebSocket connections (${opened.failures} refused) in ${socketSeconds.toFixed(1)} s: ${staffSockets} operators (room staff) and the users of ${liveEnti.size} whole Enti (rooms ente:<id>). ${eventTickets.length} status changes (suspend, by an operator over HTTP, one at a time); latency from sending the action to 'ticket.changed' on each other socket in the ticket's rooms (${push.n} deliveries, ${missing} missing within 3 s). API RSS with the sockets connected ${mb(rssSockets.rss).toFixed(0)} MB; VmHWM of the API over the whole run ${mb(apiHwm).toFixed(0)} MB.`,
      `- Approvals: ${approvals.workerRate ? `private copy of \`bench/approvals.mjs --approvals ${opts.approvals} --no-single\` (own database): ${approvals.lines.join('; ')}` : approvals.skipped ?? 'failed: see the console'}.`,
      `- Statements: ${statements.seconds ? `private copy of \`bench/statements.mjs --enti ${statementsEnti}\` (own database): ${statements.summary}` : statements.skipped ?? 'failed: see the console'}.`,
      '',
      latencyTable,
      '',
      '<details><summary>Query plans (EXPLAIN (ANALYZE, BUFFERS), queries captured from the server)</summary>',
      '',
      ...plans.flatMap((p) => [p, '']),
      '</details>',
    ].join('\n');
    await writeResults(opts.mode, section);
    console.log(`• risultati scritti in bench/RESULTS.md (sezione ${opts.mode}); durata totale ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

function parseApprovals(output) {
  const base = /\| baseline: hand-written transaction[^|]*\| (\d+) \|/.exec(output);
  const worker = /\| one worker process, WORKER_CONCURRENCY=(\d+) \(approvals\/s\) \| (\d+) \| (\d+) % \|/.exec(output);
  const direct = /\| applyApprovedTicket called directly[^|]*\| (\d+) \|/.exec(output);
  if (!base || !worker) return {};
  const lines = [
    `baseline ${base[1]} tx/s`,
    `one worker (WORKER_CONCURRENCY=${worker[1]}) ${worker[2]} approvals/s`,
    ...(direct ? [`applyApprovedTicket in-process ${direct[1]} approvals/s`] : []),
  ];
  const check = /• verifica: (.*)/.exec(output);
  if (check) lines.push(`check ${check[1].replace(/\s+/g, ' ').slice(0, 200)}`);
  return { baselineRate: Number(base[1]), workerRate: Number(worker[2]), lines };
}

function parseStatements(output) {
  const gen = /generazione: ([\d.]+) s, (\d+) estratti, (\d+) estratti\/s.*RSS di picco (\d+) MB/.exec(output);
  const floor = /linea di base \([^)]*\): ([\d.]+) s/.exec(output);
  if (!gen) return {};
  return {
    seconds: Number(gen[1]),
    floorSeconds: floor ? Number(floor[1]) : NaN,
    summary: `${gen[2]} statements in ${gen[1]} s (${gen[3]}/s), peak RSS ${gen[4]} MB; baseline (all lines read and grouped) ${floor?.[1] ?? 'n/d'} s`,
  };
}

async function redisInfoVersion() {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    return /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? 'n/d';
  } catch {
    return 'n/d';
  } finally {
    r.disconnect();
  }
}

/** bench/RESULTS.md keeps one section per mode (quick, full, 2M…): this run's replaces its own, the others and the notes stay. */
async function writeResults(mode, section) {
  const file = path.join(HERE, 'RESULTS.md');
  const old = existsSync(file) ? await readFile(file, 'utf8') : '';
  const sections = new Map();
  for (const m of old.matchAll(/<!-- run:(\S+) -->\n([\s\S]*?)<!-- \/run:\1 -->/g)) sections.set(m[1], m[2]);
  // Written by hand, kept across runs: what the misses are and what was tried.
  const notes = /<!-- notes -->\n[\s\S]*?<!-- \/notes -->\n/.exec(old)?.[0];
  sections.set(mode, `${section}\n`);
  const order = [...sections.keys()].sort((a, b) => (a === 'full' ? -1 : b === 'full' ? 1 : a === 'quick' ? 1 : b === 'quick' ? -1 : a.localeCompare(b)));
  const text = [
    '# Benchmarks at national scale (`npm run bench`)',
    '',
    'Generated by `bench/national.mjs`: each run replaces its own section (full, quick, or the ticket count of a `--tickets` run).',
    'Every figure is measured against a baseline of the same run; see bench/README.md.',
    '',
    ...(notes ? [notes] : []),
    ...order.map((m) => `<!-- run:${m} -->\n${sections.get(m)}<!-- /run:${m} -->\n`),
  ].join('\n');
  await writeFile(file, text);
}


main().then(
  () => process.exit(0),
  (err) => {
    console.error('benchmark non riuscito:', err);
    process.exit(1);
  },
);
