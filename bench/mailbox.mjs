// Benchmark of the IMAP mailbox follower (issue 21): a backlog of N messages in a real Dovecot mailbox, processed
// by the compiled server, with the operator queue's latency measured before (baseline, same run) and during it.
//
//   npm run bench:mailbox                         # 10,000 messages
//   npm run bench:mailbox -- --messages 2000 --keep
//
// It creates its own database (migrated, demo data), starts a private Dovecot (server/dist/dev/dovecot.js: temporary
// configuration, free loopback port), appends the backlog with IMAP APPEND (new requests from the demo referents,
// replies to demo tickets, unknown senders, auto-replies), measures GET /api/tickets as the operator, then configures
// the mailbox through the API and measures the same page again while the follower works through the backlog.
// Checks that every message is recorded exactly once. Writes a section of bench/RESULTS.md. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ADMIN_URL, REDIS_URL, assertLoopback, benchServerEnv, clearRedis, percentiles, signIn, sleep, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { loadConfig } = require('../server/dist/config.js');
const { startServer } = require('../server/dist/runtime.js');
const { seedBase } = require('../server/dist/enti/seed/seed.js');
const { DEMO_PASSWORD } = require('../server/dist/enti/seed/demo-users.js');
const { startDovecot } = require('../server/dist/dev/dovecot.js');

const HERE = import.meta.dirname;
const TARGET_SECONDS = 300;
const APPENDERS = 4;

function parseArgs(argv) {
  const opts = { messages: 10_000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--messages') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 10 || n > 100_000) throw new Error('--messages vuole un intero tra 10 e 100000');
      opts.messages = n;
    } else if (arg === '--keep') opts.keep = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('uso: npm run bench:mailbox -- [--messages N] [--keep]');
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  return opts;
}

const crlf = (s) => s.replace(/\r?\n/g, '\r\n');
function message(i, kind, from, extra = {}) {
  const headers = [
    `From: ${from}`,
    'To: assistenza@cit.example',
    `Subject: ${extra.subject ?? `Richiesta di assistenza n. ${i}`}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <bench-${i}-${randomBytes(4).toString('hex')}@bench.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    ...(extra.headers ?? []),
  ];
  return crlf(`${headers.join('\n')}\n\nMessaggio ${kind} numero ${i}: la postazione dell'ufficio non stampa.\nCordiali saluti\n`);
}

/** The backlog: 80 % new requests from referents, 10 % replies to tickets, 5 % unknown senders, 5 % auto-replies. */
function backlog(n, referents, ticketIds) {
  const out = [];
  const kinds = { ticket: 0, followup: 0, unassigned: 0, ignored: 0 };
  for (let i = 0; i < n; i++) {
    const r = i % 20;
    if (r < 16) {
      kinds.ticket++;
      out.push(message(i, 'nuovo', referents[i % referents.length]));
    } else if (r < 18 && ticketIds.length > 0) {
      kinds.followup++;
      const t = ticketIds[i % ticketIds.length];
      out.push(message(i, 'risposta', t.email, { subject: `Re: ticket ${i}`, headers: [`In-Reply-To: <ticket-${t.id}@cit.provincia.brescia.it>`] }));
    } else if (r < 19) {
      kinds.unassigned++;
      out.push(message(i, 'sconosciuto', `cittadino${i}@altrove.example`));
    } else {
      kinds.ignored++;
      out.push(message(i, 'automatico', referents[i % referents.length], { subject: `Fuori sede ${i}`, headers: ['Auto-Submitted: auto-replied'] }));
    }
  }
  return { out, kinds };
}

/** Samples the operator's queue page until `done()` says stop; returns the latencies. */
async function sampleQueue(operator, done, maxSeconds) {
  const samples = [];
  const deadline = performance.now() + maxSeconds * 1000;
  while (!(await done()) && performance.now() < deadline) {
    const t0 = performance.now();
    await operator.get('/api/tickets');
    samples.push(performance.now() - t0);
    await sleep(50);
  }
  return samples;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL, 'PostgreSQL');
  assertLoopback(REDIS_URL, 'Redis');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `cit_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const attachmentsDir = path.join(os.tmpdir(), 'cit-bench-attachments', dbName);
  const state = { created: false, runtime: undefined, imap: undefined, worker: undefined };
  const cleanup = async () => {
    if (state.worker && state.worker.exitCode === null) {
      const exited = new Promise((r) => state.worker.once('exit', r));
      state.worker.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
    }
    if (state.runtime) {
      await clearRedis(state.runtime.redis, state.runtime.config.REDIS_PREFIX).catch(() => {});
      await state.runtime.stop().catch((err) => console.error('arresto del server:', err));
    }
    await state.imap?.stop().catch(() => {});
    await rm(attachmentsDir, { recursive: true, force: true }).catch(() => {});
    if (state.created && !opts.keep) await withAdmin((a) => a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => {});
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => cleanup().finally(() => process.exit(130)));

  try {
    await withAdmin((a) => a.query(`CREATE DATABASE "${dbName}"`));
    state.created = true;
    const env = {
      ...benchServerEnv({ dbName, stamp, attachmentsDir }),
      MAILBOX_POLL_SECONDS: '5',
      // The backlog comes from a few demo referents: the flood limit would (rightly) throttle them.
      MAILBOX_FLOOD_PER_HOUR: '100000',
    };
    // The API runs no jobs: the mailbox follows in worker.js, a process of its own, as in production.
    const config = loadConfig(env);
    const runtime = await startServer(config, { migrate: true });
    state.runtime = runtime;
    await seedBase(runtime.ds);
    const imap = await startDovecot();
    state.imap = imap;
    console.log(`• server su ${runtime.url}, Dovecot su ${imap.host}:${imap.port}`);

    // One referent per Ente (the demo base has only a couple), as a real installation has.
    await runtime.ds.query(
      `WITH e AS (SELECT id, row_number() OVER (ORDER BY name) AS n FROM enti WHERE deactivated_at IS NULL AND kind <> 'unione_comuni'),
            u AS (INSERT INTO users (email, name, role, password_hash) SELECT 'referente' || n || '@bench.example', 'Referente ' || n, 'ente_user', NULL FROM e RETURNING id, email)
       INSERT INTO user_enti (user_id, ente_id) SELECT u.id, e.id FROM u JOIN e ON u.email = 'referente' || e.n || '@bench.example'`,
    );
    const referents = (await runtime.ds.query(`SELECT email FROM users WHERE email LIKE '%@bench.example' ORDER BY email`)).map((r) => r.email);
    // Tickets the replies of the backlog answer (opened through the API by a demo referent).
    const referent = await signIn(runtime.url, 'referente.coccaglio@enti.example', DEMO_PASSWORD);
    for (let i = 0; i < 20; i++) {
      const r = await referent.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title: `Ticket di partenza ${i}`, description: 'Per le risposte del bench.' });
      if (r.status !== 201) throw new Error(`POST /api/tickets: ${r.status} ${r.text}`);
    }
    const ticketIds = await runtime.ds.query(`SELECT t.id, u.email FROM tickets t JOIN users u ON u.id = t.requester_id WHERE t.title LIKE 'Ticket di partenza %'`);
    const { out, kinds } = backlog(opts.messages, referents, ticketIds);
    console.log(`• backlog di ${opts.messages} messaggi (${referents.length} referenti):`, kinds);
    const t0Append = performance.now();
    const clients = await Promise.all(Array.from({ length: APPENDERS }, () => imap.client()));
    await Promise.all(clients.map(async (c, k) => {
      for (let i = k; i < out.length; i += APPENDERS) await c.append('INBOX', out[i]);
      await c.logout();
    }));
    const appendSeconds = (performance.now() - t0Append) / 1000;
    console.log(`• APPEND completato in ${appendSeconds.toFixed(1)} s`);

    const operator = await signIn(runtime.url, 'operatore@cit.example', DEMO_PASSWORD);
    const admin = await signIn(runtime.url, 'admin@cit.example', DEMO_PASSWORD);
    const before = await sampleQueue(operator, async () => false, 15);
    const baseline = percentiles(before);
    console.log(`• coda dell'operatore, prima: p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms (n=${baseline.n})`);

    const ticketsBefore = Number((await runtime.ds.query(`SELECT count(*)::int AS n FROM tickets`))[0].n);
    const res = await admin.post('/api/mailboxes', { name: 'Bench', kind: 'ordinary', host: imap.host, port: imap.port, tls: false, username: imap.user, secret: imap.password });
    if (res.status !== 201) throw new Error(`POST /api/mailboxes: ${res.status} ${res.text}`);
    const t0 = performance.now();
    state.worker = spawn(process.execPath, [path.join(HERE, '../server/dist/worker.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const doneCount = async () => Number((await runtime.ds.query(`SELECT count(*)::int AS n FROM mailbox_messages WHERE state = 'done'`))[0].n);
    let lastLog = 0;
    const during = await sampleQueue(
      operator,
      async () => {
        const n = await doneCount();
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          console.log(`  … ${n} elaborati dopo ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        }
        return n >= opts.messages;
      },
      TARGET_SECONDS * 3,
    );
    const seconds = (performance.now() - t0) / 1000;
    const loaded = percentiles(during);
    const outcomes = Object.fromEntries((await runtime.ds.query(`SELECT outcome, count(*)::int AS n FROM mailbox_messages GROUP BY outcome ORDER BY outcome`)).map((r) => [r.outcome, r.n]));
    const recorded = Number((await runtime.ds.query(`SELECT count(*)::int AS n FROM mailbox_messages`))[0].n);
    const newTickets = Number((await runtime.ds.query(`SELECT count(*)::int AS n FROM tickets`))[0].n) - ticketsBefore;
    const client = await imap.client();
    await client.mailboxOpen('INBOX');
    const notFlagged = ((await client.search({ unKeyword: '$CitDone' }, { uid: true })) || []).length;
    await client.logout();
    const ok = recorded === opts.messages && newTickets === (outcomes.ticket ?? 0) && notFlagged === 0;
    console.log(`• ${opts.messages} messaggi in ${seconds.toFixed(1)} s (${(opts.messages / seconds).toFixed(1)}/s); esiti`, outcomes, `; ticket nuovi ${newTickets}; non contrassegnati ${notFlagged}`);
    console.log(`• coda dell'operatore, durante: p50 ${loaded.p50.toFixed(1)} ms, p95 ${loaded.p95.toFixed(1)} ms (n=${loaded.n})`);

    const section = [
      `## Mailbox backlog (\`npm run bench:mailbox\`), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `${opts.messages.toLocaleString('en')} messages appended to a real Dovecot (IMAP APPEND, ${APPENDERS} connections, ${appendSeconds.toFixed(1)} s), then`,
      'the mailbox configured through the API and `worker.js` started; its follower (one IMAP connection, IDLE + poll, 6 senders side by side)',
      'works through the backlog while the API (no jobs) answers the operator queue. Time counted from the configuration.',
      `Machine: ${os.cpus().length} logical cores shared by the API, the follower, PostgreSQL, Redis, Dovecot and the load generator; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}.`,
      '',
      '| figure | target | measured |',
      '|---|---|---:|',
      `| backlog of ${opts.messages.toLocaleString('en')} processed | < ${TARGET_SECONDS} s | ${seconds.toFixed(1)} s (${(opts.messages / seconds).toFixed(1)} msg/s) |`,
      `| operator queue \`GET /api/tickets\` p50, before → during | unchanged | ${baseline.p50.toFixed(1)} → ${loaded.p50.toFixed(1)} ms (×${(loaded.p50 / baseline.p50).toFixed(2)}) |`,
      `| operator queue p95, before → during | unchanged | ${baseline.p95.toFixed(1)} → ${loaded.p95.toFixed(1)} ms (×${(loaded.p95 / baseline.p95).toFixed(2)}) |`,
      `| messages recorded once / tickets opened / left unflagged | ${opts.messages} / ${kinds.ticket} / 0 | ${recorded} / ${newTickets} / ${notFlagged} |`,
      '',
      `Outcomes: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}. Backlog mix: ${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
      ok ? '' : '**Check failed: see the counts above.**',
      '',
    ].join('\n');
    await writeSection(section);
    console.log('• risultati scritti in bench/RESULTS.md (sezione mailbox)');
    if (!ok) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/** Replaces the `mailbox` section of bench/RESULTS.md (national.mjs keeps sections it did not write). */
async function writeSection(section) {
  const file = path.join(HERE, 'RESULTS.md');
  const old = existsSync(file) ? await readFile(file, 'utf8') : '';
  const block = `<!-- run:mailbox -->\n${section}\n<!-- /run:mailbox -->\n`;
  const re = /<!-- run:mailbox -->\n[\s\S]*?<!-- \/run:mailbox -->\n/;
  await writeFile(file, re.test(old) ? old.replace(re, block) : `${old.trimEnd()}\n\n${block}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
