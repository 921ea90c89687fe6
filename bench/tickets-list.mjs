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
import { ADMIN_URL, REDIS_URL, assertLoopback, benchServerEnv, captureQueries, clearRedis, databaseUrl, explain, measure, pickTicketQueries, request, signIn, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { loadConfig } = require('../server/dist/config.js');
const { startServer } = require('../server/dist/runtime.js');
// Enti, memberships and users only: the bench makes its own tickets (the demo history would only add noise).
const { seedBase } = require('../server/dist/enti/seed/seed.js');
const { DEMO_PASSWORD } = require('../server/dist/enti/seed/demo-users.js');

const HERE = import.meta.dirname;
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




// ------------------------------------------------------------------------------------------ HTTP client

/** One keep-alive socket, like a browser tab talking to the API. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });



// ------------------------------------------------------------------------------------------------ timing


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
    const config = loadConfig(benchServerEnv({ dbName, stamp, attachmentsDir }));
    const runtime = await startServer(config, { migrate: true });
    state.runtime = runtime;
    console.log(`• server su ${runtime.url} (migrazioni applicate)`);
    const demo = await seedBase(runtime.ds);
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

    // As on the API's connections (data-source.ts).
    await db.query('SET jit = off');
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


main().then(
  () => process.exit(0),
  (err) => {
    console.error('benchmark non riuscito:', err);
    process.exit(1);
  },
);
