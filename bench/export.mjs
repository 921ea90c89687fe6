// Benchmark of the list exports (issue 18, point 2): the API's memory while it streams 1,000,000 tickets.
//
//   npm run bench:export                        # 1,000,000 tickets, CSV and XLSX
//   npm run bench:export -- --tickets 200000 --formats csv --keep
//
// It creates its own database, seeds demo data plus N tickets with set-based SQL (bench/lib/tickets-seed.mjs), then
// starts the compiled API as a child process (so that its RSS is the API's alone) and downloads the operator's
// export of every ticket (all statuses) as CSV and XLSX, sampling the child's RSS every 50 ms from /proc. Baselines
// measured in the same run: the API's idle RSS, and the time PostgreSQL takes to hand the same rows to a bare
// cursor (pg-query-stream in this process). Writes its section of bench/RESULTS.md. Not part of `npm test`.
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { seedTickets } from './lib/tickets-seed.mjs';
import { ADMIN_URL, REDIS_URL, assertLoopback, benchServerEnv, databaseUrl, freePort, signIn, sleep, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const QueryStream = require('pg-query-stream');
const { loadConfig } = require('../server/dist/config.js');
const { startServer } = require('../server/dist/runtime.js');
const { seedBase } = require('../server/dist/enti/seed/seed.js');
const { DEMO_PASSWORD } = require('../server/dist/enti/seed/demo-users.js');

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..');
const OPERATOR = 'operatore@cit.example';
const TARGET_RSS_MB = 400;
const ALL_STATUSES = 'new,assigned,planned,pending,to_test,solved,closed,deleted';

function parseArgs(argv) {
  const opts = { tickets: 1_000_000, formats: ['csv', 'xlsx'], keep: false, reuse: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--tickets') {
      opts.tickets = Number(argv[++i]);
      if (!Number.isInteger(opts.tickets) || opts.tickets < 1 || opts.tickets > 5_000_000) throw new Error('--tickets vuole un intero tra 1 e 5.000.000');
    } else if (arg === '--formats') {
      opts.formats = String(argv[++i]).split(',');
      if (!opts.formats.every((f) => f === 'csv' || f === 'xlsx')) throw new Error('--formats: csv, xlsx o csv,xlsx');
    } else if (arg === '--keep') opts.keep = true;
    else if (arg === '--reuse') {
      // A database seeded by an earlier `--keep` run (its name is printed): skips the seeding, keeps it afterwards.
      opts.reuse = String(argv[++i]);
      if (!/^cit_bench_[a-z0-9_]+$/.test(opts.reuse)) throw new Error('--reuse vuole il nome di un database cit_bench_…');
      opts.keep = true;
    }
    else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  return opts;
}

/** Resident set of a process, in MB, from /proc (Linux). */
async function rssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Downloads one export, counting bytes and lines, while sampling the API's RSS. */
async function download(baseUrl, cookie, urlPath, pid) {
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push(await rssMb(pid));
      await sleep(50);
    }
  })();
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  let firstByteMs = NaN;
  const status = await new Promise((resolve, reject) => {
    const req = http.get(new URL(urlPath, baseUrl), { headers: { cookie } }, (res) => {
      res.on('data', (chunk) => {
        if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('download interrotto dal server')));
    });
    req.on('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  return { status, bytes, lines, seconds, firstByteMs, peakRss: Math.max(...samples), samples: samples.length };
}

/** The bare cursor: the same rows as the export's query, read by pg-query-stream here, nothing written anywhere. */
async function bareCursor(dbUrl) {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const started = performance.now();
    let rows = 0;
    const stream = client.query(
      new QueryStream(
        `SELECT t.protocol_year, t.protocol_number, (SELECT e.name FROM enti e WHERE e.id = t.ente_id), t.type, t.category, t.service_code, t.urgency,
                t.title, t.status, (SELECT u.name FROM users u WHERE u.id = t.assignee_id), t.channel,
                to_char(t.created_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD HH24:MI'), t.sla_state
           FROM tickets t ORDER BY t.queue_due, t.id`,
        [],
        { batchSize: 1000 },
      ),
    );
    for await (const _row of stream) rows++;
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

async function waitForHealth(baseUrl, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`il server è uscito (${child.exitCode})`);
    const ok = await new Promise((resolve) => {
      http.get(new URL('/api/health', baseUrl), (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(250);
  }
  throw new Error('il server non risponde a /api/health');
}

async function writeSection(text) {
  const file = path.join(HERE, 'RESULTS.md');
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  // A `run:` section: bench/national.mjs keeps those when it rewrites the file.
  const re = /<!-- run:export -->\n[\s\S]*?<!-- \/run:export -->\n?/;
  const block = `<!-- run:export -->\n${text}\n<!-- /run:export -->\n`;
  await writeFile(file, re.test(current) ? current.replace(re, block) : `${current.trimEnd()}\n\n${block}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL);
  assertLoopback(REDIS_URL, 'Redis');
  const stamp = Date.now();
  const dbName = opts.reuse ?? `cit_bench_${stamp}_${randomBytes(3).toString('hex')}`;
  const dbUrl = databaseUrl(dbName);
  const attachmentsDir = path.join(os.tmpdir(), dbName);
  const env = benchServerEnv({ dbName, stamp, attachmentsDir });
  let child;
  if (!opts.reuse) await withAdmin((admin) => admin.query(`CREATE DATABASE "${dbName}"`));
  console.log(`• database ${dbName}`);
  try {
    const db = new Client({ connectionString: dbUrl });
    let seedSeconds = NaN;
    if (!opts.reuse) {
      // Migrations and demo data through an in-process server, then the tickets with SQL.
      const seeder = await startServer(loadConfig({ ...env, PORT: '0' }), { migrate: true });
      await seedBase(seeder.ds);
      await seeder.stop();
      await db.connect();
      console.log(`• semina di ${opts.tickets.toLocaleString('it-IT')} ticket`);
      const seedStart = performance.now();
      await seedTickets(db, opts.tickets);
      seedSeconds = (performance.now() - seedStart) / 1000;
    } else await db.connect();
    const {
      rows: [{ n }],
    } = await db.query(`SELECT count(*)::int AS n FROM tickets`);
    await db.end();

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
      env: { ...process.env, ...env, PORT: String(port), MIGRATE_ON_START: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForHealth(baseUrl, child);
    const operator = await signIn(baseUrl, OPERATOR, DEMO_PASSWORD);
    // Idle after one ordinary request: what the process holds before any export.
    await operator.get('/api/tickets?limit=50');
    await sleep(1000);
    const idle = await rssMb(child.pid);
    console.log(`• API avviata (pid ${child.pid}), RSS a riposo ${idle.toFixed(0)} MB`);

    const bare = await bareCursor(dbUrl);
    console.log(`• cursore nudo: ${bare.rows} righe in ${bare.seconds.toFixed(1)} s`);
    const results = [];
    for (const format of opts.formats) {
      const r = await download(baseUrl, operator.cookie(), `/api/tickets/export/${format}?status=${ALL_STATUSES}&sort=sla`, child.pid);
      if (r.status !== 200) throw new Error(`export ${format}: HTTP ${r.status}`);
      console.log(`• ${format}: ${(r.bytes / 1e6).toFixed(0)} MB in ${r.seconds.toFixed(1)} s, RSS di picco ${r.peakRss.toFixed(0)} MB`);
      results.push({ format, ...r });
    }
    operator.close();

    const mb = (v) => `${v.toFixed(0)} MB`;
    const text = [
      `## Esportazione di ${n.toLocaleString('it-IT')} ticket — \`npm run bench:export\` (${new Date().toISOString()})`,
      '',
      `API in un processo proprio (\`server/dist/main.js\`), RSS letto da /proc ogni 50 ms durante il download; ` +
        `esportazione dell'operatore con tutti gli stati (\`/api/tickets/export/{formato}?status=…\`), ordine SLA. ` +
        `Linee di base della stessa esecuzione: RSS a riposo dell'API ${mb(idle)}; le stesse righe lette da un cursore nudo ` +
        `(pg-query-stream, nessuna scrittura) in ${bare.seconds.toFixed(1)} s. Semina: ${Number.isNaN(seedSeconds) ? 'database riusato' : `${seedSeconds.toFixed(0)} s`} (non conta). ` +
        `Macchina: ${os.cpus().length} core, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}.`,
      '',
      '| formato | righe (con intestazione) | dimensione | durata | tempo / cursore nudo | primo byte | RSS di picco | picco − riposo | obiettivo |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ...results.map(
        (r) =>
          `| ${r.format} | ${r.format === 'csv' ? r.lines.toLocaleString('it-IT') : '—'} | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.seconds.toFixed(1)} s | ` +
          `${(r.seconds / bare.seconds).toFixed(1)}× | ${r.firstByteMs.toFixed(0)} ms | ${mb(r.peakRss)} | ${mb(r.peakRss - idle)} | < ${TARGET_RSS_MB} MB ${r.peakRss < TARGET_RSS_MB ? '✓' : '✗'} |`,
      ),
    ].join('\n');
    await writeSection(text);
    console.log(`\n${text}\n\n• risultati scritti in bench/RESULTS.md`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (!opts.keep) await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    await rm(attachmentsDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('benchmark non riuscito:', err);
    process.exit(1);
  },
);
