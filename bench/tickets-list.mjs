// Benchmark of the ticket list (GET /api/tickets) on a large seeded database.
//
//   npm run bench:tickets                     # 100,000 tickets, 200 iterations per figure
//   npm run bench:tickets -- --tickets 20000 --iterations 100 --keep
//
// It creates its own database, starts the compiled server on a loopback port, seeds demo data plus N
// tickets with set-based SQL, times every figure against a baseline measured in the same run, prints a
// markdown table and writes it to bench/RESULTS-tickets.md. Not part of `npm test`. See bench/README.md.
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { seedTickets } from './lib/tickets-seed.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { loadConfig } = require('../server/dist/config.js');
const { startServer } = require('../server/dist/runtime.js');
const { seedDemo } = require('../server/dist/enti/seed/seed.js');
const { DEMO_PASSWORD } = require('../server/dist/enti/seed/demo-users.js');

const HERE = import.meta.dirname;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPERATOR = 'operatore@cit.example';
const ENTE_USER = 'referente.coccaglio@enti.example';
const DEEP_PAGE = 20;
const PAGE_LIMIT = 50;

// ---------------------------------------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { tickets: 100_000, iterations: 200, warmup: 20, maxSeconds: 60, keep: false };
  const int = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} vuole un intero tra ${min} e ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--tickets') opts.tickets = int('tickets', next(), 1, 2_000_000);
    else if (arg === '--iterations') opts.iterations = int('iterations', next(), 1, 100_000);
    else if (arg === '--warmup') opts.warmup = int('warmup', next(), 0, 10_000);
    else if (arg === '--max-seconds') opts.maxSeconds = int('max-seconds', next(), 1, 3_600);
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('uso: npm run bench:tickets -- [--tickets N] [--iterations K] [--warmup W] [--max-seconds S] [--keep]');
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  return opts;
}

/** Only loopback services: the bench creates and drops databases and must never reach a shared server. */
function assertLoopback(url, what) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`${what} deve essere su loopback, non ${host}`);
}

function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(fn) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ------------------------------------------------------------------------------------------ HTTP client

/** One keep-alive socket, like a browser tab talking to the API. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(baseUrl, method, urlPath, { headers = {}, body } = {}) {
  const url = new URL(urlPath, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout su ${method} ${urlPath}`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A signed-in user: keeps the session cookie, as the SPA does. */
async function signIn(baseUrl, email, password) {
  const jar = new Map();
  const keep = (res) => {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await request(baseUrl, 'GET', '/api/auth/csrf');
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf: ${csrf.status}`);
  keep(csrf);
  const login = await request(baseUrl, 'POST', '/api/auth/login', {
    headers: { cookie: cookie(), 'x-csrf-token': JSON.parse(csrf.text).csrfToken },
    body: { email, password },
  });
  if (login.status !== 200) throw new Error(`login di ${email} non riuscito: ${login.status} ${login.text}`);
  keep(login);
  const get = async (urlPath) => {
    const res = await request(baseUrl, 'GET', urlPath, { headers: { cookie: cookie() } });
    if (res.status !== 200) throw new Error(`GET ${urlPath}: ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  };
  return { get, getJson: async (urlPath) => JSON.parse((await get(urlPath)).text) };
}

// ------------------------------------------------------------------------------------------------ timing

/** Warm-up, then up to `iterations` timed runs, never longer than `maxSeconds` (both loops are bounded). */
async function measure(name, fn, opts) {
  const warmDeadline = performance.now() + Math.min(10_000, opts.maxSeconds * 1000);
  for (let i = 0; i < opts.warmup && performance.now() < warmDeadline; i++) await fn();
  const samples = [];
  const deadline = performance.now() + opts.maxSeconds * 1000;
  for (let i = 0; i < opts.iterations && performance.now() < deadline; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const pct = (q) => samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1))];
  const figure = { name, n: samples.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) };
  console.log(`  ${name.padEnd(58)} n=${String(figure.n).padStart(4)}  p50 ${figure.p50.toFixed(2)} ms  p95 ${figure.p95.toFixed(2)} ms`);
  return figure;
}

function table(figures, baseline) {
  const ms = (v) => v.toFixed(2);
  const lines = [
    '| figure | n | p50 ms | p95 ms | p99 ms | p95 / HTTP baseline p95 |',
    '|---|---:|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${f.name} | ${f.n} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${(f.p95 / baseline.p95).toFixed(2)}× |`),
  ];
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ seeding

// ----------------------------------------------------------------------------------------------- capture

/** Records the SQL TypeORM runs while `fn` runs, so the raw-SQL baseline and EXPLAIN use the server's own queries. */
async function captureQueries(ds, fn) {
  const captured = [];
  const original = ds.logger.logQuery;
  ds.logger.logQuery = function (query, parameters, runner) {
    captured.push({ query, parameters: parameters ?? [] });
    return original.call(this, query, parameters, runner);
  };
  try {
    await fn();
  } finally {
    ds.logger.logQuery = original;
  }
  return captured;
}

function pickTicketQueries(captured) {
  const onTickets = captured.filter((c) => /FROM "tickets" "t"/.test(c.query));
  const counts = onTickets.find((c) => /GROUP BY/i.test(c.query));
  const page = onTickets.find((c) => /ORDER BY/i.test(c.query) && !/GROUP BY/i.test(c.query));
  if (!counts || !page) throw new Error('query della lista non riconosciute: ' + captured.map((c) => c.query.slice(0, 80)).join(' | '));
  return { page, counts };
}

async function explain(db, label, q) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, q.parameters);
  const lines = rows.map((r) => r['QUERY PLAN']);
  const shown = lines.length > 40 ? [...lines.slice(0, 40), `… (${lines.length - 40} righe omesse)`] : lines;
  return `#### ${label}\n\n\`\`\`\n${shown.join('\n')}\n\`\`\``;
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL, 'PostgreSQL');
  assertLoopback(REDIS_URL, 'Redis');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `cit_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const attachmentsDir = path.join(os.tmpdir(), 'cit-bench-attachments', dbName);
  const state = { created: false, runtime: undefined, db: undefined };

  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      const guard = setTimeout(() => {
        console.error('pulizia bloccata da più di 30 s: esco');
        process.exit(1);
      }, 30_000);
      guard.unref();
      agent.destroy();
      await state.db?.end().catch(() => {});
      if (state.runtime) {
        await clearRedis(state.runtime.redis, state.runtime.config.REDIS_PREFIX).catch(() => {});
        await state.runtime.stop().catch((err) => console.error('arresto del server:', err));
      }
      await rm(attachmentsDir, { recursive: true, force: true }).catch(() => {});
      if (state.created && !opts.keep) {
        await withAdmin((a) => a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch((err) =>
          console.error(`DROP DATABASE ${dbName} non riuscito:`, err),
        );
        console.log(`database ${dbName} eliminato`);
      } else if (state.created) {
        console.log(`database conservato (--keep): ${databaseUrl(dbName)}`);
      }
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

  try {
    const started = performance.now();
    console.log(`• database ${dbName}`);
    await withAdmin((a) => a.query(`CREATE DATABASE "${dbName}"`));
    state.created = true;
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL,
      REDIS_PREFIX: `bench_${stamp}_${randomBytes(3).toString('hex')}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      SERVE_CLIENT: 'false',
      RUN_JOBS: 'false',
      ATTACHMENTS_DIR: attachmentsDir,
    });
    const runtime = await startServer(config, { migrate: true });
    state.runtime = runtime;
    console.log(`• server su ${runtime.url} (migrazioni applicate)`);
    const demo = await seedDemo(runtime.ds);
    console.log(`• dati dimostrativi: ${demo.enti} Enti, ${demo.users} utenti`);

    state.db = new Client({ connectionString: databaseUrl(dbName), application_name: 'cit-bench' });
    await state.db.connect();
    const db = state.db;
    console.log(`• semina di ${opts.tickets.toLocaleString('it-IT')} ticket`);
    const seedStart = performance.now();
    await seedTickets(db, opts.tickets);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const {
      rows: [dataset],
    } = await db.query(
      `SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM ticket_followups) AS followups,
              (SELECT count(*)::int FROM enti) AS enti,
              (SELECT count(*)::int FROM tickets t JOIN enti e ON e.id = t.ente_id WHERE e.name = 'Comune di Coccaglio') AS coccaglio,
              (SELECT count(*)::int FROM tickets WHERE search @@ websearch_to_tsquery('italian', 'stampante')) AS stampante,
              (SELECT count(*)::int FROM tickets WHERE status IN ('new', 'assigned', 'planned')) AS running,
              (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM tickets GROUP BY status) s) AS by_status,
              (SELECT json_object_agg(sla_state, n) FROM (SELECT sla_state, count(*)::int AS n FROM tickets GROUP BY sla_state) s) AS by_sla,
              pg_size_pretty(pg_total_relation_size('tickets')) AS tickets_size`,
    );
    console.log(`• semina completata in ${seedSeconds.toFixed(1)} s:`, dataset);

    // ------------------------------------------------------------------ sessions and the queries to replay
    const url = runtime.url;
    const operator = await signIn(url, OPERATOR, DEMO_PASSWORD);
    const enteUser = await signIn(url, ENTE_USER, DEMO_PASSWORD);
    const first = await operator.getJson('/api/tickets');
    if (first.items.length !== Math.min(PAGE_LIMIT, dataset.tickets - (dataset.by_status.deleted ?? 0))) {
      throw new Error(`prima pagina con ${first.items.length} ticket`);
    }
    let cursor = first.nextCursor;
    for (let page = 2; page < DEEP_PAGE && cursor; page++) cursor = (await operator.getJson(`/api/tickets?cursor=${cursor}`)).nextCursor;
    const deepPath = cursor ? `/api/tickets?cursor=${cursor}` : null;
    const searchPath = '/api/tickets?q=stampante';
    // A word no ticket contains: the worst case of a search, every row has to be ruled out.
    const noMatchPath = '/api/tickets?q=plotter';

    const opCapture = pickTicketQueries(await captureQueries(runtime.ds, () => operator.get('/api/tickets')));
    const searchCapture = pickTicketQueries(await captureQueries(runtime.ds, () => operator.get(searchPath)));
    const enteCapture = pickTicketQueries(await captureQueries(runtime.ds, () => enteUser.get('/api/tickets')));
    const noMatchCapture = pickTicketQueries(await captureQueries(runtime.ds, () => operator.get(noMatchPath)));

    // ------------------------------------------------------------------------------------------ figures
    console.log(`• misure: ${opts.warmup} di riscaldamento, poi fino a ${opts.iterations} iterazioni o ${opts.maxSeconds} s per voce`);
    const figures = [];
    const health = async () => {
      const res = await request(url, 'GET', '/api/health');
      if (res.status !== 200) throw new Error(`/api/health: ${res.status} ${res.text}`);
    };
    const baseline = await measure('baseline: HTTP GET /api/health', health, opts);
    figures.push(baseline);
    figures.push(await measure('baseline: SQL operator page (psql, LIMIT 51)', () => db.query(opCapture.page.query, opCapture.page.parameters), opts));
    figures.push(await measure('SQL operator status counts (GROUP BY status)', () => db.query(opCapture.counts.query, opCapture.counts.parameters), opts));
    figures.push(await measure(`operator queue, first page (limit ${PAGE_LIMIT}, SLA sort)`, () => operator.get('/api/tickets'), opts));
    if (deepPath) figures.push(await measure(`operator queue, page ${DEEP_PAGE} (keyset cursor)`, () => operator.get(deepPath), opts));
    figures.push(await measure('Ente user list (Coccaglio, newest first)', () => enteUser.get('/api/tickets'), opts));
    figures.push(await measure('operator full-text search ?q=stampante', () => operator.get(searchPath), opts));
    figures.push(await measure('operator full-text search, no match ?q=plotter', () => operator.get(noMatchPath), opts));

    const plans = [
      await explain(db, 'Operator page (GET /api/tickets, first page)', opCapture.page),
      await explain(db, 'Operator status counts', opCapture.counts),
      await explain(db, 'Ente user page (Coccaglio)', enteCapture.page),
      await explain(db, 'Ente user status counts (Coccaglio)', enteCapture.counts),
      await explain(db, 'Full-text search page (?q=stampante)', searchCapture.page),
      await explain(db, 'Full-text search status counts (?q=stampante)', searchCapture.counts),
      await explain(db, 'Full-text search page, no match (?q=plotter)', noMatchCapture.page),
    ];

    // ------------------------------------------------------------------------------------------- report
    const md = table(figures, baseline);
    console.log(`\n${md}\n`);
    for (const p of plans.slice(0, 2)) console.log(`${p}\n`);
    const {
      rows: [{ server_version: pgVersion }],
    } = await db.query(`SHOW server_version`);
    const cpus = os.cpus();
    const report = [
      '# Benchmark: ticket list (`npm run bench:tickets`)',
      '',
      `Run of ${new Date().toISOString()}, generated by \`bench/tickets-list.mjs\`; overwritten at every run.`,
      '',
      '## Machine',
      '',
      `- CPU: ${cpus[0]?.model ?? 'n/d'} — ${cpus.length} logical cores`,
      `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()})`,
      `- Node.js ${process.version}; PostgreSQL ${pgVersion} (loopback); Redis on loopback`,
      '',
      '## Data set',
      '',
      `- ${dataset.tickets.toLocaleString('en-US')} tickets (${dataset.tickets_size} with indexes), ${dataset.followups.toLocaleString('en-US')} follow-ups, ${dataset.enti} Enti`,
      `- by status: ${JSON.stringify(dataset.by_status)}; SLA: ${JSON.stringify(dataset.by_sla)}`,
      `- Coccaglio: ${dataset.coccaglio} tickets; "stampante" matches ${dataset.stampante} tickets; running (new/assigned/planned): ${dataset.running}`,
      `- seeding (set-based SQL, incl. VACUUM ANALYZE): ${seedSeconds.toFixed(1)} s`,
      '',
      '## Results',
      '',
      `Warm-up ${opts.warmup}, then up to ${opts.iterations} sequential iterations or ${opts.maxSeconds} s per figure; one keep-alive HTTP connection; client and server in the same Node process.`,
      'Ratios divide each p95 by the p95 of `GET /api/health` (HTTP stack + session-less route + `SELECT 1` + Redis `PING`) measured in the same run.',
      '',
      md,
      '',
      '## Query plans (EXPLAIN (ANALYZE, BUFFERS), queries captured from the server)',
      '',
      ...plans.flatMap((p) => [p, '']),
    ].join('\n');
    await writeFile(path.join(HERE, 'RESULTS-tickets.md'), report);
    console.log(`• risultati scritti in bench/RESULTS-tickets.md; durata totale ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

/** Removes the run's Redis keys (bounded SCAN). */
async function clearRedis(redis, prefix) {
  if (redis.status !== 'ready') return;
  let cursor = '0';
  for (let i = 0; i < 1000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('benchmark non riuscito:', err);
    process.exit(1);
  },
);
