// Benchmark of the approval → service record pipeline: approvals applied per second by one worker process.
//
//   npm run bench:approvals                       # 2,000 approvals per figure, worker concurrency 2 and 1
//   npm run bench:approvals -- --approvals 500 --profile --keep
//
// It creates its own database, seeds demo data plus pending activation tickets with set-based SQL, approves a batch
// the way ApprovalService does (history line + `jobs.enqueue` outbox row), and times, on batches of the same size:
// a hand-written equivalent transaction on one connection (the baseline), applyApprovedTicket called directly, and
// the real pipeline — an API process relaying the outbox to BullMQ and ONE `node server/dist/worker.js`. It checks
// that every approval was applied exactly once, prints a markdown table and writes bench/RESULTS-approvals.md.
// Not part of `npm test`. See bench/README.md.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ADMIN_URL, REDIS_URL, assertLoopback, benchServerEnv, captureQueries, clearRedis, databaseUrl, freePort, sleep, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { loadConfig } = require('../server/dist/config.js');
const { startServer } = require('../server/dist/runtime.js');
const { seedDemo } = require('../server/dist/enti/seed/seed.js');
const { AttachmentStore } = require('../server/dist/tickets/attachments/storage.js');
const { priceLists } = require('../server/dist/price-lists/price-lists.loader.js');
const { applyApprovedTicket } = require('../server/dist/service-requests/apply.js');
const { quoteRequest, priceListFor, romeDate, startClocks, clockState } = require('@cit/shared');

const HERE = import.meta.dirname;
// Resolved through require: `npm run bench` runs a private copy of this file from a temporary folder.
const MAIN_JS = require.resolve('../server/dist/main.js');
const WORKER_JS = require.resolve('../server/dist/worker.js');
const APPROVER = 'amministrazione@cit.example';
/** Requestable services tried for the tickets; those the current price list does not offer are dropped at start. */
const CANDIDATE_SERVICES = [
  ['pec', null],
  ['firma_digitale', null],
  ['firma_rinnovo', null],
  ['wifi', null],
  ['spid', null],
  ['seclog', null],
  ['email_30gb', null],
  ['posta_m365', null],
  ['conservazione', null],
  ['drupal_hosting', null],
  ['portale', null],
  ['sms_account', null],
  ['telemaco', null],
  ['pagopa', 'regione'],
  ['pagopa', 'partner'],
];
/** The 40 % target of the later benchmark issue: one worker applies approvals at ≥ 40 % of the raw transaction rate. */
const TARGET_RATIO = 0.4;

// ---------------------------------------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { approvals: 2000, maxQuantity: 1, concurrency: 2, single: true, profile: false, maxSeconds: 180, keep: false };
  const int = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} vuole un intero tra ${min} e ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--approvals') opts.approvals = int('approvals', next(), 10, 200_000);
    else if (arg === '--max-quantity') opts.maxQuantity = int('max-quantity', next(), 1, 10);
    else if (arg === '--concurrency') opts.concurrency = int('concurrency', next(), 1, 64);
    else if (arg === '--no-single') opts.single = false;
    else if (arg === '--profile') opts.profile = true;
    else if (arg === '--max-seconds') opts.maxSeconds = int('max-seconds', next(), 5, 3_600);
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--results') opts.results = path.resolve(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'uso: npm run bench:approvals -- [--approvals N] [--max-quantity Q] [--concurrency C] [--no-single] [--profile] [--max-seconds S] [--keep]',
      );
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  return opts;
}






/** Polls `probe` until it returns something other than undefined; bounded by time. */
async function until(what, probe, ms, everyMs = 50) {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`tempo scaduto (${(ms / 1000).toFixed(0)} s) in attesa di: ${what}`);
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------------------------------------ child processes

/** Children started by this run, so that cleanup (also on Ctrl-C) stops exactly those. */
const children = new Set();

function startChild(label, script, env, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(child));
  return { label, child, exited, output: () => tail };
}

async function stopChild(proc, signal = 'SIGTERM', graceMs = 15_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

/** User + system CPU seconds of a process so far (Linux /proc), or null elsewhere. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------------ seeding

/** Services the current price list offers with these variants; the tickets draw from them uniformly. */
function offeredServices(today, lists) {
  const ente = { kind: 'comune', residents: 5000, recordedQuota2021Cents: null };
  const offered = [];
  for (const [serviceCode, variant] of CANDIDATE_SERVICES) {
    try {
      quoteRequest({ ente, serviceCode, ...(variant ? { variant } : {}), quantity: 1, heldInConvention: 0, date: today, payer: { enteId: 'x', name: '' } }, lists);
      offered.push([serviceCode, variant]);
    } catch {
      // not in the current price list, or needs another variant
    }
  }
  if (offered.length === 0) throw new Error('nessun servizio richiedibile nel listino corrente');
  return offered;
}

/**
 * One referent per member Ente, then `batches × n` pending activation tickets (approval requested) spread over
 * the member Enti (weighted by population) and the offered services, all set-based. Returns the batch table name.
 */
async function seedTickets(db, { batches, n, maxQuantity, services, today, calendar }) {
  const step = async (label, sql, params) => {
    const t0 = performance.now();
    const res = await db.query(sql, params);
    console.log(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(1)} s${res.rowCount !== null && res.command !== 'SELECT' ? ` (${res.rowCount} righe)` : ''}`);
    return res;
  };
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SELECT setseed(0.2718)`);
  const member = `EXISTS (SELECT 1 FROM memberships m JOIN convention_periods p ON p.code = m.period_code
                          WHERE m.ente_id = e.id AND $1::date BETWEEN p.starts_on AND p.ends_on)`;
  await step(
    'referenti degli Enti aderenti',
    `WITH refs AS (
       INSERT INTO users (email, name, role)
       SELECT 'bench.referente.' || e.fiscal_code || '@enti.example', 'Referente ' || e.name, 'ente_user' FROM enti e WHERE ${member}
       RETURNING id, email)
     INSERT INTO user_enti (user_id, ente_id)
     SELECT r.id, e.id FROM refs r JOIN enti e ON r.email = 'bench.referente.' || e.fiscal_code || '@enti.example'`,
    [today],
  );
  await step(
    'Enti aderenti pesati per abitanti',
    `CREATE TABLE bench_slots AS
     WITH w AS (
       SELECT e.id, power(greatest(coalesce(p.residents, 0), 3000), 0.6) AS w,
              (SELECT ue.user_id FROM user_enti ue JOIN users u ON u.id = ue.user_id
               WHERE ue.ente_id = e.id AND u.email LIKE 'bench.referente.%' LIMIT 1) AS requester
       FROM enti e LEFT JOIN LATERAL (SELECT residents FROM ente_population p WHERE p.ente_id = e.id ORDER BY as_of_year DESC LIMIT 1) p ON true
       WHERE ${member}),
     s AS (SELECT id, requester, greatest(1, round(w / sum(w) OVER () * 2000))::int AS k FROM w)
     SELECT (row_number() OVER (ORDER BY s.id) - 1)::int AS slot, s.id AS ente_id, s.requester FROM s, generate_series(1, s.k)`,
    [today],
  );
  const {
    rows: [{ slots, enti }],
  } = await db.query(`SELECT count(*)::int AS slots, count(DISTINCT ente_id)::int AS enti FROM bench_slots`);
  if (enti === 0) throw new Error('nessun Ente con una convenzione in vigore nei dati dimostrativi');
  await db.query(`CREATE TABLE bench_batch (ticket_id uuid PRIMARY KEY, batch int NOT NULL, seq int NOT NULL, UNIQUE (batch, seq))`);
  const codes = services.map(([c]) => c);
  const variants = services.map(([, v]) => v);
  // Every ticket opened "now", with the SLA clocks and state the application computes for that instant, so that
  // neither the job (which recomputes the state when it saves) nor the sla.refresh job finds anything to change.
  const openedAt = new Date();
  const { rows: targets } = await db.query(`SELECT urgency, take_charge_minutes, resolve_minutes FROM sla_targets WHERE urgency IN ('medium', 'low')`);
  const clocks = targets.map((t) => {
    const c = { takeChargeMinutes: t.take_charge_minutes, resolveMinutes: t.resolve_minutes };
    const due = startClocks(openedAt, c, calendar);
    const st = clockState('new', { ...c, ...due, takenAt: null, solvedAt: null }, new Date(openedAt.getTime() + 10 * 60_000), calendar);
    return [t.urgency, due.takeChargeDue.toISOString(), due.resolveDue.toISOString(), st.slaState, st.queueDue.toISOString()];
  });
  await step(
    `ticket di attivazione (${batches} × ${n})`,
    `WITH g AS (
       SELECT i, gen_random_uuid() AS id, random() AS r_e, random() AS r_s, random() AS r_u, random() AS r_q, random() AS r_age
       FROM generate_series(1, $1::int) i),
     k AS (SELECT * FROM jsonb_to_recordset($7::jsonb) AS k(urgency text, tc_due timestamptz, rs_due timestamptz, state text, queue_due timestamptz)),
     x AS (
       SELECT g.*, s.ente_id, s.requester, 1 + floor(g.r_s * cardinality($4::text[]))::int AS svc,
              CASE WHEN g.r_u < .6 THEN 'medium' ELSE 'low' END AS urgency, $9::timestamptz AS created_at
       FROM g JOIN bench_slots s ON s.slot = floor(g.r_e * $2::int)::int),
     base AS (SELECT coalesce((SELECT last FROM ticket_protocol_counters WHERE year = $6), 0) AS last),
     ins AS (
       INSERT INTO tickets (id, protocol_year, protocol_number, ente_id, requester_id, opened_by_id, type, category, service_code,
         service_variant, quantity, urgency, title, description, status, take_charge_minutes, resolve_minutes, take_charge_due,
         resolve_due, sla_state, queue_due, approval_state, created_at, updated_at)
       SELECT x.id, $6, base.last + x.i, x.ente_id, x.requester, x.requester, 'request', 'activation', ($4::text[])[x.svc],
         ($5::text[])[x.svc], 1 + floor(x.r_q * $3::int)::int, x.urgency,
         'Attivazione ' || ($4::text[])[x.svc], 'Richiesta di attivazione del servizio per gli uffici dell''Ente.', 'new',
         st.take_charge_minutes, st.resolve_minutes, k.tc_due, k.rs_due, k.state, k.queue_due,
         'requested', x.created_at, x.created_at
       FROM x CROSS JOIN base JOIN sla_targets st ON st.urgency = x.urgency JOIN k ON k.urgency = x.urgency
       RETURNING id, protocol_number)
     INSERT INTO bench_batch (ticket_id, batch, seq)
     SELECT id, (row_number() OVER (ORDER BY protocol_number) - 1)::int / $8::int,
            ((row_number() OVER (ORDER BY protocol_number) - 1) % $8::int)::int FROM ins`,
    [
      batches * n,
      slots,
      maxQuantity,
      codes,
      variants,
      Number(today.slice(0, 4)),
      JSON.stringify(clocks.map(([urgency, tc_due, rs_due, state, queue_due]) => ({ urgency, tc_due, rs_due, state, queue_due }))),
      n,
      openedAt.toISOString(),
    ],
  );
  await db.query(
    `INSERT INTO ticket_history (ticket_id, actor_id, at, field, from_value, to_value)
     SELECT t.id, t.requester_id, t.created_at, 'status', NULL, 'new' FROM tickets t JOIN bench_batch b ON b.ticket_id = t.id`,
  );
  await db.query(
    `INSERT INTO ticket_protocol_counters (year, last) SELECT protocol_year, max(protocol_number) FROM tickets GROUP BY protocol_year
     ON CONFLICT (year) DO UPDATE SET last = greatest(ticket_protocol_counters.last, excluded.last)`,
  );
  await db.query(`DROP TABLE bench_slots`);
  await step('VACUUM (ANALYZE)', `VACUUM (ANALYZE)`);
  await db.query(`SET synchronous_commit = on`);
  return { enti };
}

/** What ApprovalService commits for each ticket of a batch: the approval, its history line and the `jobs.enqueue` row. */
async function approveBatch(db, batch, approverId) {
  const { rowCount } = await db.query(
    `WITH b AS (SELECT ticket_id, seq FROM bench_batch WHERE batch = $1),
     upd AS (
       UPDATE tickets t SET approval_state = 'approved', approved_by = $2, approved_at = now(), updated_at = now()
       FROM b WHERE t.id = b.ticket_id AND t.approval_state = 'requested' RETURNING t.id),
     h AS (
       INSERT INTO ticket_history (ticket_id, actor_id, at, field, from_value, to_value)
       SELECT id, $2, now(), 'approval', 'requested', 'approved' FROM upd)
     INSERT INTO outbox (topic, payload)
     SELECT 'jobs.enqueue', jsonb_build_object('name', 'services.apply', 'data', jsonb_build_object('ticketId', b.ticket_id),
                                               'jobId', 'services.apply-' || b.ticket_id)
     FROM b JOIN upd ON upd.id = b.ticket_id ORDER BY b.seq`,
    [batch, approverId],
  );
  return rowCount;
}

async function batchIds(db, batch) {
  const { rows } = await db.query(`SELECT ticket_id FROM bench_batch WHERE batch = $1 ORDER BY seq`, [batch]);
  return rows.map((r) => r.ticket_id);
}

/** How many tickets of a batch are applied: primary-key look-ups only, so that polling barely loads the database. */
async function appliedIn(db, ids) {
  const {
    rows: [{ n }],
  } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NOT NULL`, [ids]);
  return n;
}

/** From the start of the first job (applied_at) to the save of the last one (updated_at), as the database saw it. */
async function appliedSpan(db, ids) {
  const {
    rows: [span],
  } = await db.query(
    `SELECT extract(epoch FROM max(updated_at) - min(applied_at))::float8 AS seconds, count(*)::int AS n
     FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NOT NULL`,
    [ids],
  );
  return span;
}

// ------------------------------------------------------------------------------------------------ figures

/**
 * The baseline: the same work as the job, hand-written, on one connection, one ticket after the other —
 * lock the ticket (with its requester), per unit one service record and one billing entry (ON CONFLICT DO
 * NOTHING), mark it applied, one history line, one outbox row. Its rows are removed afterwards.
 */
async function baselineRun(dbUrl, ids, { period, today, asyncCommit = false }) {
  const db = new Client({ connectionString: dbUrl, application_name: 'cit-bench-baseline' });
  await db.connect();
  try {
    if (asyncCommit) await db.query(`SET synchronous_commit = off`);
    const { rowCount: hasHalf } = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'billing_entries' AND column_name = 'half'`,
    );
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const id of ids) {
      await db.query('BEGIN');
      const {
        rows: [t],
      } = await db.query(
        `SELECT t.id, t.ente_id, t.service_code, t.service_variant, t.quantity, t.applied_at, t.protocol_year, t.protocol_number,
                u.name, u.email
         FROM tickets t JOIN users u ON u.id = t.requester_id WHERE t.id = $1 FOR UPDATE OF t`,
        [id],
      );
      if (!t.applied_at) {
        for (let unit = 1; unit <= t.quantity; unit++) {
          const {
            rows: [rec],
          } = await db.query(
            `INSERT INTO service_records (ente_id, payer_ente_id, service_code, variant, unit_index, convention_period, request_ticket_id,
               request_unit, request_date, protocol, referent_name, referent_email, fee_type, free, free_reason, starts_on, annual_cents)
             VALUES ($1, $1, $2, $3,
                     -- the next unit number of the Ente's service in the convention, as the worker allocates it
                     (SELECT count(*) + 1 FROM service_records WHERE ente_id = $1 AND service_code = $2 AND convention_period = $5),
                     $5, $6, $4, $7, $8, $9, $10, 'annual', false, 'Oltre le unità comprese', $7, 2000)
             ON CONFLICT (request_ticket_id, request_unit) DO NOTHING RETURNING id`,
            [t.ente_id, t.service_code, t.service_variant, unit, period, t.id, today, `${t.protocol_year}/${String(t.protocol_number).padStart(6, '0')}`, t.name, t.email],
          );
          if (rec) {
            const values = [`bench:${rec.id}:annual`, t.ente_id, rec.id, t.service_code, Number(today.slice(0, 4)), `Canone ${t.service_code}`, `${today.slice(0, 4)}-12-31`];
            // With the half-year column of the billing migration when the schema has it.
            await db.query(
              hasHalf
                ? `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, half, description, amount_cents, due_on)
                   VALUES ($1, $2, $2, $3, 'annual', $4, $5, $8, $6, 2000, $7) ON CONFLICT (source_key) DO NOTHING`
                : `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, description, amount_cents, due_on)
                   VALUES ($1, $2, $2, $3, 'annual', $4, $5, $6, 2000, $7) ON CONFLICT (source_key) DO NOTHING`,
              hasHalf ? [...values, Number(today.slice(5, 7)) <= 6 ? 1 : 2] : values,
            );
          }
        }
        await db.query(`UPDATE tickets SET applied_at = now(), updated_at = now() WHERE id = $1`, [id]);
        await db.query(`INSERT INTO ticket_history (ticket_id, actor_id, at, field, from_value, to_value) VALUES ($1, NULL, now(), 'applied', NULL, $2)`, [
          id,
          `${t.service_code} n. 1`,
        ]);
        await db.query(`INSERT INTO outbox (topic, payload) VALUES ('live.ticket', $1)`, [
          JSON.stringify({ ticketId: id, enteId: t.ente_id, supplierId: null, change: 'updated', status: 'new', at: new Date().toISOString() }),
        ]);
      }
      await db.query('COMMIT');
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // Leave nothing behind that the application's own runs would count (allowance) or relay (outbox).
    await db.query(`UPDATE outbox SET done_at = now() WHERE topic = 'live.ticket' AND done_at IS NULL`);
    await db.query(`DELETE FROM billing_entries WHERE source_key LIKE 'bench:%'`);
    await db.query(`DELETE FROM service_records WHERE request_ticket_id = ANY($1::uuid[])`, [ids]);
    return { n: ids.length, seconds, rate: ids.length / seconds, cpuMsPerJob: (cpu.user + cpu.system) / 1000 / ids.length };
  } finally {
    await db.end();
  }
}


/** applyApprovedTicket called directly in this process, one ticket after the other: the job without BullMQ. */
async function directRun(runtime, ids) {
  const statements = (await captureQueries(runtime.ds, () => applyApprovedTicket(runtime.ds, runtime.tickets.service, ids[0]))).map((c) => c.query);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const id of ids.slice(1)) {
    const outcome = await applyApprovedTicket(runtime.ds, runtime.tickets.service, id);
    if (outcome !== 'applied') throw new Error(`applyApprovedTicket(${id}): ${outcome}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { n: ids.length - 1, seconds, rate: (ids.length - 1) / seconds, statements, cpuMsPerJob: (cpu.user + cpu.system) / 1000 / (ids.length - 1) };
}

/**
 * The real pipeline for one batch: the relay API process (already running) moves the batch's outbox rows to
 * BullMQ, then ONE worker process with `concurrency` applies them. The rate runs from the start of the first job
 * (applied_at) to the save of the last (updated_at), so the worker's start-up is not in it; the 200 ms poll
 * only notices the end (a tighter poll of the database would itself slow the worker down on a small machine).
 */
async function workerRun(db, { batch, n, concurrency, approverId, workerEnv, maxSeconds, profileDir }) {
  const approved = await approveBatch(db, batch, approverId);
  if (approved !== n) throw new Error(`lotto ${batch}: approvati ${approved} ticket invece di ${n}`);
  const relayStart = performance.now();
  await until(
    'il relay delle righe outbox su BullMQ',
    async () => {
      const {
        rows: [{ pending }],
      } = await db.query(`SELECT count(*)::int AS pending FROM outbox WHERE topic = 'jobs.enqueue' AND done_at IS NULL`);
      return pending === 0 ? true : undefined;
    },
    maxSeconds * 1000,
  );
  const relaySeconds = (performance.now() - relayStart) / 1000;

  const spawnedAt = performance.now();
  const worker = startChild(
    `worker c=${concurrency}`,
    WORKER_JS,
    { ...workerEnv, WORKER_CONCURRENCY: String(concurrency) },
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  try {
    const ids = await batchIds(db, batch);
    let first;
    let cpuAtFirst = null;
    const deadline = performance.now() + maxSeconds * 1000;
    for (;;) {
      if (worker.child.exitCode !== null) throw new Error(`il worker è uscito da solo (${worker.child.exitCode}):\n${worker.output()}`);
      const done = await appliedIn(db, ids);
      const now = performance.now();
      if (!first && done > 0) {
        first = { at: now, done };
        cpuAtFirst = cpuSeconds(worker.child.pid);
      }
      if (done === n) {
        const cpuAtLast = cpuSeconds(worker.child.pid);
        const polled = Math.max(0.001, (now - first.at) / 1000);
        const applied = n - first.done;
        const cpu = cpuAtFirst !== null && cpuAtLast !== null ? cpuAtLast - cpuAtFirst : null;
        const span = await appliedSpan(db, ids);
        return {
          n,
          concurrency,
          seconds: span.seconds,
          rate: n / span.seconds,
          polledRate: applied / polled,
          relaySeconds,
          relayRate: n / relaySeconds,
          cpuShare: cpu === null ? null : cpu / polled,
          cpuMsPerJob: cpu === null ? null : (cpu * 1000) / applied,
          window: { fromMs: first.at - spawnedAt, toMs: now - spawnedAt },
        };
      }
      if (now > deadline) throw new Error(`lotto ${batch}: ${done}/${n} applicati dopo ${maxSeconds} s`);
      // Coarse polling: the rate comes from the tickets' own timestamps, the poll only has to notice the end.
      await sleep(200);
    }
  } finally {
    const { code } = await stopChild(worker);
    if (code !== 0 && code !== null) console.error(`  (il worker è uscito con codice ${code})\n${worker.output()}`);
  }
}

// ------------------------------------------------------------------------------------------------ checks

/** Every approved ticket of the application's batches applied exactly once; informational allowance check. */
async function checkCorrectness(db, batches) {
  const {
    rows: [c],
  } = await db.query(
    `WITH b AS (SELECT ticket_id FROM bench_batch WHERE batch = ANY($1::int[])),
     per AS (
       SELECT t.id, t.quantity, t.applied_at,
              (SELECT count(*) FROM service_records r WHERE r.request_ticket_id = t.id) AS records,
              (SELECT count(DISTINCT r.request_unit) FROM service_records r WHERE r.request_ticket_id = t.id) AS units,
              (SELECT count(*) FROM ticket_history h WHERE h.ticket_id = t.id AND h.field = 'applied') AS applied_lines
       FROM tickets t JOIN b ON b.ticket_id = t.id)
     SELECT count(*)::int AS tickets,
            count(*) FILTER (WHERE applied_at IS NULL)::int AS not_applied,
            count(*) FILTER (WHERE records <> quantity OR units <> quantity)::int AS wrong_records,
            count(*) FILTER (WHERE applied_lines <> 1)::int AS wrong_history,
            sum(records)::int AS records,
            (SELECT count(*)::int FROM billing_entries) AS billing_entries,
            (SELECT count(DISTINCT source_key)::int FROM billing_entries) AS billing_keys,
            (SELECT count(*)::int FROM (
               SELECT 1 FROM service_records GROUP BY ente_id, service_code, convention_period, unit_index HAVING count(*) > 1) d) AS duplicate_unit_index
     FROM per`,
    [batches],
  );
  return {
    ...c,
    ok: c.not_applied === 0 && c.wrong_records === 0 && c.wrong_history === 0 && c.billing_entries === c.billing_keys,
  };
}

// ------------------------------------------------------------------------------------------------ profile

/** Self time per function and per area (bullmq/ioredis, pg, typeorm, application, shared engine, GC) of a .cpuprofile. */
async function summarizeProfile(dir, window) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return null;
  const profile = JSON.parse(await readFile(path.join(dir, files[0]), 'utf8'));
  const self = new Map();
  const dt = new Map();
  // Only the samples between the first and the last applied ticket (ms since the worker was spawned), not start-up.
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t / 1000 < window.fromMs || t / 1000 > window.toMs) continue;
    dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + delta);
  }
  let total = 0;
  const byArea = new Map();
  const area = (url, name) => {
    if (name === '(idle)') return 'idle';
    if (name === '(garbage collector)') return 'GC';
    if (name === '(program)') return 'V8 / native';
    if (/node_modules\/(bullmq|ioredis|msgpackr|cron-parser)/.test(url)) return 'BullMQ + ioredis';
    if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/.test(url)) return 'pg driver';
    if (/node_modules\/typeorm/.test(url)) return 'TypeORM';
    if (/node_modules\/(date-holidays|date-fns|@date-fns)/.test(url)) return 'date-holidays / date-fns';
    if (/shared\/dist/.test(url)) return '@cit/shared (tariff engine, SLA calendar)';
    if (/server\/dist/.test(url)) return 'server code';
    if (/node_modules/.test(url)) return 'other packages';
    if (url.startsWith('node:') || url === '') return 'Node.js core';
    return 'other';
  };
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|server\/dist|shared\/dist)\//, '$1/')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    const a = area(url, functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
  }
  const busy = total - (byArea.get('idle') ?? 0);
  const pct = (us) => `${((us / busy) * 100).toFixed(1)} %`;
  const areas = [...byArea].filter(([a]) => a !== 'idle').sort((x, y) => y[1] - x[1]);
  const top = [...self].filter(([k]) => !k.startsWith('(idle)')).sort((x, y) => y[1] - x[1]).slice(0, 20);
  return [
    `Busy CPU ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled (idle ${(((byArea.get('idle') ?? 0) / total) * 100).toFixed(0)} %).`,
    '',
    '| area | share of busy CPU |',
    '|---|---:|',
    ...areas.map(([a, us]) => `| ${a} | ${pct(us)} |`),
    '',
    '| function (self time) | share of busy CPU |',
    '|---|---:|',
    ...top.map(([k, us]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${pct(us)} |`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL, 'PostgreSQL');
  assertLoopback(REDIS_URL, 'Redis');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `cit_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const attachmentsDir = path.join(os.tmpdir(), 'cit-bench-attachments', dbName);
  const profileDir = opts.profile ? await mkdtemp(path.join(os.tmpdir(), 'cit-bench-profile-')) : null;
  const state = { created: false, runtime: undefined, db: undefined };

  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      const guard = setTimeout(() => {
        console.error('pulizia bloccata da più di 30 s: esco');
        process.exit(1);
      }, 30_000);
      guard.unref();
      for (const child of [...children]) child.kill('SIGKILL');
      await state.db?.end().catch(() => {});
      if (state.runtime) {
        await clearRedis(state.runtime.redis, state.runtime.config.REDIS_PREFIX).catch(() => {});
        await state.runtime.stop().catch((err) => console.error('arresto del server:', err));
      }
      await rm(attachmentsDir, { recursive: true, force: true }).catch(() => {});
      if (profileDir) await rm(profileDir, { recursive: true, force: true }).catch(() => {});
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
    const loadBefore = os.loadavg();
    console.log(`• database ${dbName}`);
    await withAdmin((a) => a.query(`CREATE DATABASE "${dbName}"`));
    state.created = true;
    // The workers it starts run the jobs and log warnings: only PORT and RUN_JOBS are left to each process.
    const { PORT: _port, RUN_JOBS: _runJobs, ...shared } = benchServerEnv({ dbName, stamp, attachmentsDir });
    const env = { ...shared, LOG_LEVEL: 'warn' };
    // This process: migrations, seeding, the direct figure and the checks; it neither relays nor runs jobs.
    const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false', OUTBOX_DISPATCH: 'false' });
    const runtime = await startServer(config, { migrate: true });
    state.runtime = runtime;
    const demo = await seedDemo(runtime.ds, { store: new AttachmentStore(attachmentsDir), calendar: runtime.tickets.calendar });
    console.log(`• migrazioni applicate; dati dimostrativi: ${demo.enti} Enti, ${demo.users} utenti`);

    state.db = new Client({ connectionString: databaseUrl(dbName), application_name: 'cit-bench' });
    await state.db.connect();
    const db = state.db;
    const today = romeDate(new Date());
    // The price lists are data (published versions in the database), read as every process reads them.
    const lists = await priceLists(runtime.ds);
    const period = priceListFor(today, lists).period;
    const services = offeredServices(today, lists);
    const runs = [
      { name: 'baseline', batch: 0 },
      { name: 'baseline, asynchronous commit', batch: 1 },
      { name: 'direct', batch: 2 },
      { name: `worker c=${opts.concurrency}`, batch: 3, concurrency: opts.concurrency },
      ...(opts.single && opts.concurrency !== 1 ? [{ name: 'worker c=1', batch: 4, concurrency: 1 }] : []),
      ...(opts.profile ? [{ name: 'profile', batch: 5, concurrency: opts.concurrency }] : []),
    ];
    const batches = Math.max(...runs.map((r) => r.batch)) + 1;
    console.log(`• semina di ${batches} lotti × ${opts.approvals.toLocaleString('it-IT')} richieste (${services.map((s) => s.filter(Boolean).join('/')).join(', ')})`);
    const seedStart = performance.now();
    const { enti } = await seedTickets(db, { batches, n: opts.approvals, maxQuantity: opts.maxQuantity, services, today, calendar: await runtime.tickets.calendar.refresh() });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const {
      rows: [{ id: approverId }],
    } = await db.query(`SELECT id FROM users WHERE email = $1`, [APPROVER]);

    // (a) baseline: the hand-written transaction on one connection (batch 0 approved like the others first).
    await approveBatch(db, 0, approverId);
    await db.query(`UPDATE outbox SET done_at = now() WHERE done_at IS NULL`);
    // Half of it now and half at the end, so that a machine whose load drifts during the run shows it.
    const baselineIds = await batchIds(db, 0);
    const half = Math.ceil(baselineIds.length / 2);
    console.log('• linea di base: transazione scritta a mano, una connessione (prima metà)');
    const baselineFirst = await baselineRun(databaseUrl(dbName), baselineIds.slice(0, half), { period, today });
    console.log(`  ${baselineFirst.rate.toFixed(0)} transazioni/s (${baselineFirst.n} in ${baselineFirst.seconds.toFixed(1)} s)`);
    // The same without waiting for the WAL flush at commit: what is left when the disk is fast (CPU and round trips).
    await approveBatch(db, 1, approverId);
    await db.query(`UPDATE outbox SET done_at = now() WHERE done_at IS NULL`);
    console.log('• linea di base con synchronous_commit = off');
    const asyncBaseline = await baselineRun(databaseUrl(dbName), await batchIds(db, 1), { period, today, asyncCommit: true });
    console.log(`  ${asyncBaseline.rate.toFixed(0)} transazioni/s (${asyncBaseline.n} in ${asyncBaseline.seconds.toFixed(1)} s)`);

    // applyApprovedTicket in this process, without BullMQ.
    await approveBatch(db, 2, approverId);
    await db.query(`UPDATE outbox SET done_at = now() WHERE done_at IS NULL`);
    console.log('• applyApprovedTicket chiamato direttamente, in sequenza');
    const direct = await directRun(runtime, await batchIds(db, 2));
    await db.query(`UPDATE outbox SET done_at = now() WHERE done_at IS NULL`);
    console.log(`  ${direct.rate.toFixed(0)} approvazioni/s; ${direct.statements.length} istruzioni SQL per job`);

    // (b) the pipeline: one relay API process, then one worker process per figure.
    const port = await freePort();
    const relay = startChild('API relay', MAIN_JS, {
      ...env,
      PORT: String(port),
      MIGRATE_ON_START: 'false',
      OUTBOX_DISPATCH: 'true',
      RUN_JOBS: 'false',
    });
    await until(
      'il processo API di relay',
      async () => {
        if (relay.child.exitCode !== null) throw new Error(`il processo API è uscito (${relay.child.exitCode}):\n${relay.output()}`);
        const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        return res?.status === 200 ? true : undefined;
      },
      30_000,
      200,
    );
    console.log(`• processo API di relay su :${port} (OUTBOX_DISPATCH=true, RUN_JOBS=false)`);
    const workerEnv = { ...env, JOB_LOCK_SECONDS: '30' };
    const workerFigures = [];
    let profile = null;
    for (const run of runs.filter((r) => r.concurrency)) {
      console.log(`• ${run.name}: un processo worker, WORKER_CONCURRENCY=${run.concurrency}`);
      const fig = await workerRun(db, {
        batch: run.batch,
        n: opts.approvals,
        concurrency: run.concurrency,
        approverId,
        workerEnv,
        maxSeconds: opts.maxSeconds,
        profileDir: run.name === 'profile' ? profileDir : null,
      });
      console.log(
        `  ${fig.rate.toFixed(0)} approvazioni/s (${fig.n} in ${fig.seconds.toFixed(1)} s); relay ${fig.relayRate.toFixed(0)} righe/s; CPU del worker ${fig.cpuShare === null ? 'n/d' : `${(fig.cpuShare * 100).toFixed(0)} %, ${fig.cpuMsPerJob.toFixed(2)} ms/job`}`,
      );
      if (run.name === 'profile') profile = { fig, summary: await summarizeProfile(profileDir, fig.window) };
      else workerFigures.push({ name: run.name, ...fig });
    }
    await stopChild(relay);
    console.log('• linea di base (seconda metà)');
    const baselineLast = await baselineRun(databaseUrl(dbName), baselineIds.slice(half), { period, today });
    console.log(`  ${baselineLast.rate.toFixed(0)} transazioni/s (${baselineLast.n} in ${baselineLast.seconds.toFixed(1)} s)`);
    const baseline = {
      n: baselineFirst.n + baselineLast.n,
      seconds: baselineFirst.seconds + baselineLast.seconds,
      rate: (baselineFirst.n + baselineLast.n) / (baselineFirst.seconds + baselineLast.seconds),
      cpuMsPerJob: (baselineFirst.cpuMsPerJob * baselineFirst.n + baselineLast.cpuMsPerJob * baselineLast.n) / (baselineFirst.n + baselineLast.n),
    };
    const loadAfter = os.loadavg();

    // ------------------------------------------------------------------------------------------ checks
    const appBatches = runs.filter((r) => !r.name.startsWith('baseline')).map((r) => r.batch);
    const check = await checkCorrectness(db, appBatches);
    console.log('• verifica:', JSON.stringify(check));

    // ------------------------------------------------------------------------------------------- report
    const ratio = (rate) => `${((rate / baseline.rate) * 100).toFixed(0)} %`;
    const rows = [
      [
        `baseline: hand-written transaction, 1 connection (tx/s; halves at start / end: ${baselineFirst.rate.toFixed(0)} / ${baselineLast.rate.toFixed(0)})`,
        baseline.rate,
        '100 %',
      ],
      ['applyApprovedTicket called directly, sequential (approvals/s)', direct.rate, ratio(direct.rate)],
      ...workerFigures.map((f) => [`one worker process, WORKER_CONCURRENCY=${f.concurrency} (approvals/s)`, f.rate, ratio(f.rate)]),
    ];
    rows.push([
      'context: baseline with synchronous_commit = off (no WAL flush wait; not the reference)',
      asyncBaseline.rate,
      ratio(asyncBaseline.rate),
    ]);
    const md = ['| figure | value | ratio vs baseline |', '|---|---:|---:|', ...rows.map(([name, value, r]) => `| ${name} | ${value.toFixed(0)} | ${r} |`)].join('\n');
    const vsAsync = (rate) => `${((rate / asyncBaseline.rate) * 100).toFixed(0)} %`;
    const headline = workerFigures[0];
    const verdict = `Target (later benchmark issue): one worker ≥ ${TARGET_RATIO * 100} % of the raw transaction rate → ${headline.name}: ${ratio(headline.rate)} — ${
      headline.rate >= TARGET_RATIO * baseline.rate ? 'met' : 'NOT met'
    } (against the asynchronous-commit baseline: ${vsAsync(headline.rate)}).`;
    console.log(`\n${md}\n\n${verdict}\n`);
    if (profile?.summary) console.log(`${profile.summary}\n`);
    const {
      rows: [pg],
    } = await db.query(
      `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
              current_setting('synchronous_commit') AS synchronous_commit, current_setting('shared_buffers') AS shared_buffers`,
    );
    const redisInfo = await runtime.redis.info('server').catch(() => '');
    const redisVersion = /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'n/d';
    const cpus = os.cpus();
    const report = [
      '# Benchmark: approvals applied by one worker (`npm run bench:approvals`)',
      '',
      `Run of ${new Date().toISOString()}, generated by \`bench/approvals.mjs\`; overwritten at every run.`,
      '',
      '## Machine',
      '',
      `- CPU: ${cpus[0]?.model ?? 'n/d'} — ${cpus.length} logical cores`,
      `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()})`,
      `- Node.js ${process.version}; PostgreSQL ${pg.version} (loopback; fsync=${pg.fsync}, synchronous_commit=${pg.synchronous_commit}, shared_buffers=${pg.shared_buffers}); Redis ${redisVersion} (loopback)`,
      `- load average (1/5/15 min) at start ${loadBefore.map((l) => l.toFixed(1)).join(' / ')}, at end ${loadAfter.map((l) => l.toFixed(1)).join(' / ')} — the ratios are only meaningful on an otherwise idle machine`,
      '',
      '## Data set',
      '',
      `- demo data (${demo.enti} Enti) plus ${batches} batches × ${opts.approvals} pending activation requests over ${enti} member Enti (weighted by population), quantity 1–${opts.maxQuantity}, services ${services.map((s) => s.filter(Boolean).join('/')).join(', ')}; seeding ${seedSeconds.toFixed(1)} s`,
      '- each batch is approved as ApprovalService does it (approval columns, history line, `jobs.enqueue` outbox row with jobId `services.apply-<ticketId>`) right before its figure',
      '',
      '## Results',
      '',
      '- baseline: per ticket BEGIN; SELECT … FOR UPDATE (ticket + requester); per unit INSERT service_record and billing_entry ON CONFLICT DO NOTHING; UPDATE applied_at; INSERT history; INSERT outbox; COMMIT — sequential, one connection, parameterised statements (8 round trips for quantity 1)',
      `- direct: \`applyApprovedTicket\` in the bench process, sequential, TypeORM pool — ${direct.statements.length}${direct.statements.some((q) => /^\s*COMMIT/i.test(q)) ? '' : ' + COMMIT'} SQL statements for one job (quantity ${opts.maxQuantity === 1 ? 1 : '1–' + opts.maxQuantity})`,
      '- worker: one API process (`server/dist/main.js`, OUTBOX_DISPATCH=true, RUN_JOBS=false) relays the batch to BullMQ first; then one `server/dist/worker.js` applies it; approvals/s from the start of the first job (`applied_at`) to the save of the last (`updated_at`); the worker\'s own live/notify outbox rows are relayed meanwhile',
      '',
      md,
      '',
      verdict,
      '',
      `Client CPU per transaction: baseline ${baseline.cpuMsPerJob.toFixed(2)} ms, applyApprovedTicket direct ${direct.cpuMsPerJob.toFixed(2)} ms (bench process).`,
      '',
      '| worker figure | approvals | seconds | worker CPU (share of one core) | worker CPU per job | relay outbox → BullMQ |',
      '|---|---:|---:|---:|---:|---:|',
      ...workerFigures.map(
        (f) =>
          `| ${f.name} | ${f.n} | ${f.seconds.toFixed(1)} | ${f.cpuShare === null ? 'n/d' : `${(f.cpuShare * 100).toFixed(0)} %`} | ${f.cpuMsPerJob === null ? 'n/d' : `${f.cpuMsPerJob.toFixed(2)} ms`} | ${f.relayRate.toFixed(0)} rows/s |`,
      ),
      '',
      '## Correctness',
      '',
      `- ${check.tickets} approved tickets (direct + worker batches): not applied ${check.not_applied}; tickets whose records ≠ quantity ${check.wrong_records}; tickets without exactly one "applied" history line ${check.wrong_history}; ${check.records} records`,
      `- billing entries ${check.billing_entries}, distinct source keys ${check.billing_keys} → ${check.ok ? 'every approval applied exactly once' : '**FAILED**'}`,
      `- (informational) (Ente, service, period, unit number) used by more than one record: ${check.duplicate_unit_index} — concurrent jobs of the same Ente and service count the allowance without serialising`,
      '',
      '## Statements of one job (applyApprovedTicket, captured from TypeORM)',
      '',
      '```',
      ...direct.statements.map((q) => q.replace(/\s+/g, ' ').slice(0, 160)),
      '```',
      ...(profile?.summary
        ? ['', `## CPU profile of the worker (--profile, ${profile.fig.n} approvals, ${profile.fig.rate.toFixed(0)} approvals/s while profiled)`, '', profile.summary]
        : []),
      '',
    ].join('\n');
    await writeFile(opts.results ?? path.join(HERE, 'RESULTS-approvals.md'), report);
    console.log(`• risultati scritti in ${opts.results ?? 'bench/RESULTS-approvals.md'}; durata totale ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (!check.ok) throw new Error('verifica non superata: qualche approvazione non è stata applicata esattamente una volta');
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
