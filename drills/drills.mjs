// The fault drills themselves. Each one starts the real processes against private services, injects its
// fault, waits (bounded) for the system to settle, then reads the database and returns rows for the table.
import { createRequire } from 'node:module';
import {
  PASSWORD,
  activation,
  assistance,
  createDatabase,
  liveClient,
  now,
  pool,
  request,
  row,
  seedWorld,
  signIn,
  sleep,
  smtpServerAvailable,
  startApi,
  startRedis,
  startSmtpSink,
  startWorker,
  until,
  withPg,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------- shared checks

/** Creates one activation per plan item as the Ente's referent; returns ids and quantities. */
async function createActivations(users, count, concurrency = 16) {
  const plan = Array.from({ length: count }, (_, i) => ({
    user: users[i % users.length],
    serviceCode: i % 4 === 3 ? 'firma_digitale' : 'pec',
    quantity: 1 + (i % 3),
    n: i + 1,
  }));
  return pool(plan, concurrency, async (p) => {
    const res = await p.user.postRequest('/api/tickets', activation(p.serviceCode, p.quantity, p.n));
    if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status} ${res.text.slice(0, 300)}`);
    return { id: res.json.id, quantity: p.quantity };
  });
}

/** Approves one ticket; transient refusals (503) are retried a few times, as a person would. */
async function approve(approver, ticketId) {
  let last;
  for (let attempt = 0; attempt < 20; attempt++) {
    last = await approver.post(`/api/tickets/${ticketId}/approval`, { decision: 'approve' }).catch((err) => ({ status: 0, text: err.message }));
    if (last.status === 200) return { ok: true, retries: attempt, statuses: [] };
    if (last.status !== 503 && last.status !== 0) break;
    await sleep(500);
  }
  return { ok: false, status: last.status, text: last.text?.slice(0, 200) };
}

/** What the `services.apply` job left for these tickets: complete sets, lost ones, duplicates, billing. */
async function applyOutcome(db, tickets) {
  const ids = tickets.map((t) => t.id);
  const qs = tickets.map((t) => t.quantity);
  const {
    rows: [a],
  } = await db.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS x(id, q))
     SELECT count(*) FILTER (WHERE tk.applied_at IS NOT NULL AND r.n = t.q AND r.units = t.q AND h.n = 1)::int AS complete,
            count(*) FILTER (WHERE tk.applied_at IS NULL OR r.units < t.q)::int AS lost,
            count(*) FILTER (WHERE r.n > t.q OR r.units < r.n OR h.n > 1)::int AS duplicated,
            count(*) FILTER (WHERE tk.approval_state <> 'approved')::int AS unapproved
     FROM t JOIN tickets tk ON tk.id = t.id
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, count(DISTINCT request_unit)::int AS units
                         FROM service_records WHERE request_ticket_id = t.id) r
     CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM ticket_history WHERE ticket_id = t.id AND field = 'applied') h`,
    [ids, qs],
  );
  const {
    rows: [b],
  } = await db.query(
    `SELECT count(*)::int AS records,
            count(*) FILTER (WHERE NOT r.free AND b.n = 0)::int AS unbilled,
            count(*) FILTER (WHERE r.free AND b.n > 0)::int AS free_billed,
            coalesce(sum(b.n - b.kinds), 0)::int AS duplicate_entries,
            coalesce(sum(b.n), 0)::int AS entries
     FROM service_records r
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, count(DISTINCT (kind, year))::int AS kinds
                         FROM billing_entries WHERE service_record_id = r.id) b
     WHERE r.request_ticket_id = ANY($1::uuid[])`,
    [ids],
  );
  return { ...a, ...b };
}

async function appliedCount(db, ids) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) AND applied_at IS NOT NULL`, [ids]);
  return rows[0].n;
}

async function outboxPending(db) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`);
  return rows[0].n;
}

async function mailCounts(db) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'queued')::int AS queued,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE attempts > 1)::int AS retried
     FROM outgoing_mails`,
  );
  return rows[0];
}

/** Every sent mail reached the sink exactly once, and nothing else did. */
async function sinkCheck(db, sink) {
  const { rows } = await db.query(`SELECT message_id FROM outgoing_mails WHERE status = 'sent'`);
  const wanted = new Set(rows.map((r) => r.message_id.trim()));
  let missing = 0;
  for (const id of wanted) if (!sink.received.has(id)) missing++;
  let duplicates = 0;
  let strangers = 0;
  for (const [id, times] of sink.received) {
    if (times > 1) duplicates += times - 1;
    if (!wanted.has(id)) strangers++;
  }
  return { missing, duplicates, strangers, received: sink.received.size };
}

async function failedJobs(redisUrl, prefix) {
  const { Queue } = require('bullmq');
  const queue = new Queue('cit-jobs', { connection: { url: redisUrl }, prefix: `${prefix}:bull` });
  try {
    const counts = await queue.getJobCounts('failed', 'waiting', 'active', 'delayed');
    const failed = await queue.getFailed(0, 4);
    return { ...counts, reasons: failed.map((j) => `${j.name}: ${j.failedReason}`) };
  } finally {
    await queue.close();
  }
}

function baseEnv(ctx, dbUrl, redis, prefix, extra = {}) {
  return {
    sessionSecret: ctx.sessionSecret,
    env: { DATABASE_URL: dbUrl, REDIS_URL: redis.url, REDIS_PREFIX: prefix, RUN_JOBS: 'false', OUTBOX_DISPATCH: 'true', ...extra },
  };
}

// ------------------------------------------------------------------------------ 1. Redis stopped mid-run

/**
 * N approvals over HTTP; Redis is stopped (SIGTERM, AOF kept as in production) once a tenth of them went
 * through and started again after the outage. Afterwards every approval has its record set once, every
 * outbox row is done, every live event reached a connected socket and every mail reached the SMTP sink.
 */
export async function redisOutageDrill(ctx, { n, outageMs, enti = 20 }) {
  const D = '1 redis outage';
  const rows = [];
  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_redis');
  const redis = await startRedis(ctx.dir);
  const mail = smtpServerAvailable();
  const sink = mail ? await startSmtpSink() : undefined;
  const base = baseEnv(ctx, dbUrl, redis, 'drill1', sink ? { SMTP_URL: sink.url, MAIL_BACKOFF_MS: '500', MAIL_ATTEMPTS: '20' } : {});
  const world = await seedWorld(dbUrl, enti, 'r');
  const api = await startApi(base);
  startWorker(base, { WORKER_CONCURRENCY: '8' });
  const approver = await signIn(api.url, world.approver, PASSWORD);
  const live = await liveClient(api.url, approver);
  const users = await pool(world.enti, 8, (e) => signIn(api.url, e.email, PASSWORD));
  const tickets = await createActivations(users, n);

  let approved = 0;
  let duringOutage = 0;
  let redisDown = false;
  let health;
  const outage = (async () => {
    await until('a tenth of the approvals', async () => (approved >= Math.ceil(n / 10) ? true : undefined), 300_000, 10);
    await redis.stop('SIGTERM');
    redisDown = true;
    const t0 = now();
    await sleep(Math.min(1_500, outageMs / 2));
    health = await request(api.url, 'GET', '/api/health', { timeoutMs: 10_000 }).catch((err) => ({ status: 0, text: err.message, ms: 0 }));
    await sleep(Math.max(0, outageMs - (now() - t0)));
    await redis.start();
    redisDown = false;
    return now() - t0;
  })();
  const results = await pool(tickets, 8, async (t) => {
    const r = await approve(approver, t.id);
    if (r.ok) {
      approved++;
      if (redisDown) duringOutage++;
    }
    return r;
  });
  const refused = results.filter((r) => !r.ok);
  const outageTook = await outage;
  const settleMs = (ctx.quick ? 60_000 : 180_000) + outageMs;
  const t0 = now();
  const ids = tickets.map((t) => t.id);
  const settled = await withPg(dbUrl, (db) =>
    until(
      'every approval applied, the outbox drained and every mail sent',
      async () => {
        // One connection: the queries run one after the other.
        const applied = await appliedCount(db, ids);
        const pending = await outboxPending(db);
        const mails = mail ? await mailCounts(db) : { queued: 0 };
        return applied === n && pending === 0 && mails.queued === 0 ? true : undefined;
      },
      settleMs,
      500,
    ).then(
      () => true,
      () => false,
    ),
  );
  const settleTook = now() - t0;
  await withPg(dbUrl, async (db) => {
    const o = await applyOutcome(db, tickets);
    rows.push(row(D, `approvals accepted (HTTP 200), ${duringOutage} while Redis was down`, n, `${approved}${refused.length ? ` (refused: ${refused.map((r) => r.status).join(',')})` : ''}`, approved === n && refused.length === 0));
    rows.push(row(D, 'approvals made while Redis was down', '> 0', duringOutage, duringOutage > 0));
    rows.push(
      row(D, '/api/health during the outage', '503, redis down', health ? `${health.status} ${health.json ? JSON.stringify(health.json.checks ?? health.json) : health.text.slice(0, 60)}` : 'not probed', health?.status === 503 && health.json?.checks?.redis === 'down'),
    );
    rows.push(row(D, `record sets (outage ${secs(outageTook)}, settled in ${secs(settleTook)})`, n, o.complete, o.complete === n && settled));
    rows.push(row(D, 'lost approvals (no record set)', 0, o.lost, o.lost === 0));
    rows.push(row(D, 'duplicated record sets / billing entries', '0 / 0', `${o.duplicated} / ${o.duplicate_entries}`, o.duplicated === 0 && o.duplicate_entries === 0));
    rows.push(row(D, 'billing: paid units billed, free units not', '0 wrong', `${o.unbilled + o.free_billed} wrong of ${o.records} units (${o.entries} entries)`, o.unbilled + o.free_billed === 0 && o.records > 0));
    const {
      rows: [ob],
    } = await db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE done_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE topic = 'live.ticket' AND done_at IS NOT NULL)::int AS live_done,
              count(*) FILTER (WHERE attempts > 1)::int AS retried
       FROM outbox`,
    );
    rows.push(row(D, `outbox rows done (${ob.retried} needed retries)`, `${ob.total}/${ob.total}`, `${ob.total - ob.pending}/${ob.total}`, ob.pending === 0));
    await until('live events to reach the socket', async () => (live.events.ticketChanged >= ob.live_done ? true : undefined), 5_000, 100).catch(() => undefined);
    rows.push(row(D, 'live events received by a connected staff socket', ob.live_done, live.events.ticketChanged, live.events.ticketChanged === ob.live_done));
    if (mail) {
      const m = await mailCounts(db);
      const s = await sinkCheck(db, sink);
      rows.push(row(D, `mails sent (${m.retried} needed retries)`, `${m.total}/${m.total}, 0 failed`, `${m.sent}/${m.total}, ${m.failed} failed`, m.sent === m.total && m.total > 0 && m.failed === 0));
      rows.push(row(D, 'mails at the SMTP sink: missing / duplicates', '0 / 0', `${s.missing} / ${s.duplicates}`, s.missing === 0 && s.duplicates === 0));
    } else {
      rows.push({ ...row(D, 'mails delivered', 'smtp-server installed', 'smtp-server not installed: skipped', true), pending: true });
    }
    const jobs = await failedJobs(redis.url, 'drill1');
    rows.push(row(D, 'BullMQ failed jobs', 0, `${jobs.failed}${jobs.reasons.length ? ` (${jobs.reasons.join('; ')})` : ''}`, jobs.failed === 0));
  });
  rows.push(row(D, 'API process alive throughout', 'yes', api.exited ? `no:\n${api.tail.slice(-300)}` : 'yes', !api.exited));
  return rows;
}

// ------------------------------------------------------------------------------- 2. worker SIGKILLed

/**
 * Approvals stream in over HTTP while the worker is SIGKILLed `kills` times, each time `killEveryMs` after it
 * started taking jobs; then a final worker runs. JOB_LOCK_SECONDS=1 so stalled jobs move on quickly.
 */
export async function workerKillDrill(ctx, { n, kills = 5, killEveryMs = 300, enti = 10 }) {
  const D = '2 worker SIGKILL';
  const rows = [];
  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_worker');
  const redis = await startRedis(ctx.dir);
  const base = baseEnv(ctx, dbUrl, redis, 'drill2', { JOB_LOCK_SECONDS: '1', WORKER_CONCURRENCY: '4', DATABASE_POOL_SIZE: '6' });
  const world = await seedWorld(dbUrl, enti, 'w');
  const api = await startApi(base);
  const approver = await signIn(api.url, world.approver, PASSWORD);
  const users = await pool(world.enti, 8, (e) => signIn(api.url, e.email, PASSWORD));
  const tickets = await createActivations(users, n);
  const ids = tickets.map((t) => t.id);

  // Approvals paced over the kill phase, so every kill happens while work is still arriving.
  const spanMs = kills * 3_000;
  const t0 = now();
  const approvals = pool(tickets, 4, async (t, i) => {
    const at = (i * spanMs) / n;
    if (now() - t0 < at) await sleep(at - (now() - t0));
    return approve(approver, t.id);
  });
  const atKill = [];
  const crashed = [];
  await withPg(dbUrl, async (db) => {
    for (let k = 0; k < kills; k++) {
      const before = await appliedCount(db, ids);
      const w = startWorker(base, {}, `worker ${k + 1}`);
      // Killed `killEveryMs` after it started applying (or after 5 s if nothing was there to apply).
      await until(`worker ${k + 1} to apply something`, async () => (w.exited || (await appliedCount(db, ids)) > before ? true : undefined), 5_000, 20).catch(
        () => undefined,
      );
      await sleep(killEveryMs);
      if (w.exited) crashed.push(w.tail.slice(-300));
      await w.kill('SIGKILL');
      atKill.push(await appliedCount(db, ids));
    }
  });
  const results = await approvals;
  const refused = results.filter((r) => !r.ok);
  const last = startWorker(base, {}, 'final worker');
  const t1 = now();
  const settled = await withPg(dbUrl, (db) =>
    until('the final worker to apply every approval', async () => ((await appliedCount(db, ids)) === n ? true : undefined), ctx.quick ? 60_000 : 180_000, 250).then(
      () => true,
      () => false,
    ),
  );
  const settleTook = now() - t1;
  await sleep(1_500); // a job run twice after the end would show up here
  await withPg(dbUrl, async (db) => {
    const o = await applyOutcome(db, tickets);
    rows.push(row(D, 'approvals accepted (HTTP 200)', n, n - refused.length, refused.length === 0));
    rows.push(
      row(D, `SIGKILLs while work was pending (applied at each kill: ${atKill.join(', ')})`, kills, atKill.filter((a) => a < n).length, atKill.filter((a) => a < n).length === kills && crashed.length === 0),
    );
    rows.push(row(D, `exactly one record set per approval (final worker took ${secs(settleTook)})`, n, o.complete, o.complete === n && settled));
    rows.push(row(D, 'lost approvals / duplicated record sets', '0 / 0', `${o.lost} / ${o.duplicated}`, o.lost === 0 && o.duplicated === 0));
    rows.push(row(D, 'billing: duplicate entries / paid units unbilled / free billed', '0 / 0 / 0', `${o.duplicate_entries} / ${o.unbilled} / ${o.free_billed} (${o.entries} entries)`, o.duplicate_entries + o.unbilled + o.free_billed === 0 && o.entries > 0));
    const jobs = await failedJobs(redis.url, 'drill2');
    rows.push(row(D, 'BullMQ failed jobs', 0, `${jobs.failed}${jobs.reasons.length ? ` (${jobs.reasons.join('; ')})` : ''}`, jobs.failed === 0));
  });
  await last.kill('SIGTERM');
  await api.kill('SIGTERM');
  return rows;
}

// ------------------------------------------------------------------------------------ 3. SMTP sink down

/**
 * Tickets are opened and approved while the SMTP server is down for `outageMs`; afterwards every queued mail
 * is sent, and the sink received each one exactly once.
 */
export async function smtpOutageDrill(ctx, { n, outageMs, enti = 10 }) {
  const D = '3 SMTP outage';
  if (!smtpServerAvailable()) {
    return [{ ...row(D, 'every mail delivered once', 'smtp-server installed', 'smtp-server not installed: drill skipped', true), pending: true }];
  }
  const rows = [];
  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_smtp');
  const redis = await startRedis(ctx.dir);
  const sink = await startSmtpSink();
  const base = baseEnv(ctx, dbUrl, redis, 'drill3', { SMTP_URL: sink.url, MAIL_BACKOFF_MS: '500', MAIL_ATTEMPTS: '20' });
  const world = await seedWorld(dbUrl, enti, 's');
  const api = await startApi(base);
  startWorker(base, { WORKER_CONCURRENCY: '4' });
  const approver = await signIn(api.url, world.approver, PASSWORD);
  const users = await pool(world.enti, 8, (e) => signIn(api.url, e.email, PASSWORD));

  const before = await createActivations(users, Math.ceil(n / 2));
  await sink.stop();
  const t0 = now();
  const during = await createActivations(users, n - before.length);
  const approvals = await pool([...before, ...during], 8, (t) => approve(approver, t.id));
  await sleep(Math.max(0, outageMs - (now() - t0)));
  const queuedAtEnd = await withPg(dbUrl, async (db) => (await mailCounts(db)).queued);
  await sink.start();
  const outageTook = now() - t0;
  const t1 = now();
  const settled = await withPg(dbUrl, (db) =>
    until(
      'every mail sent',
      async () => {
        const m = await mailCounts(db);
        const pending = await outboxPending(db);
        const applied = await appliedCount(db, [...before, ...during].map((t) => t.id));
        return m.queued === 0 && pending === 0 && applied === n ? true : undefined;
      },
      (ctx.quick ? 60_000 : 180_000) + outageMs,
      500,
    ).then(
      () => true,
      () => false,
    ),
  );
  const settleTook = now() - t1;
  await sleep(1_000);
  await withPg(dbUrl, async (db) => {
    const m = await mailCounts(db);
    const s = await sinkCheck(db, sink);
    rows.push(row(D, `approvals accepted while SMTP was down`, n, approvals.filter((a) => a.ok).length, approvals.every((a) => a.ok)));
    rows.push(row(D, `mails waiting when the sink came back (outage ${secs(outageTook)})`, '> 0', queuedAtEnd, queuedAtEnd > 0));
    rows.push(row(D, `mails sent (${m.retried} retried; settled in ${secs(settleTook)})`, `${m.total}/${m.total}, 0 failed`, `${m.sent}/${m.total}, ${m.failed} failed`, settled && m.sent === m.total && m.failed === 0 && m.total > 0));
    rows.push(row(D, 'mails at the sink: missing / duplicates / unknown', '0 / 0 / 0', `${s.missing} / ${s.duplicates} / ${s.strangers}`, s.missing + s.duplicates + s.strangers === 0));
    const jobs = await failedJobs(redis.url, 'drill3');
    rows.push(row(D, 'BullMQ failed jobs', 0, `${jobs.failed}${jobs.reasons.length ? ` (${jobs.reasons.join('; ')})` : ''}`, jobs.failed === 0));
  });
  await api.kill('SIGTERM');
  return rows;
}

// --------------------------------------------------------------------------- 4. PostgreSQL restarted

/**
 * `clients` concurrent loops create tickets over HTTP; PostgreSQL is stopped (fast shutdown) for `outageMs` and
 * started again. The API must answer 503 `service_unavailable` meanwhile (never 500, never hang), serve again by
 * itself, and leave no partial ticket behind. Must run last: it restarts the shared cluster.
 */
export async function postgresRestartDrill(ctx, { outageMs, clients = 8, enti = 8, maxLatencyMs = 5_000 }) {
  const D = '4 PostgreSQL restart';
  const rows = [];
  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_pg');
  const redis = await startRedis(ctx.dir);
  const base = baseEnv(ctx, dbUrl, redis, 'drill4');
  const world = await seedWorld(dbUrl, enti, 'p');
  const api = await startApi(base);
  const users = await pool(world.enti, 8, (e) => signIn(api.url, e.email, PASSWORD));

  const samples = [];
  const createdIds = [];
  let stopLoad = false;
  let seq = 0;
  const load = Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const user = users[c % users.length];
      while (!stopLoad) {
        const t = now();
        const res = await user.post('/api/tickets', assistance(++seq), { timeoutMs: 30_000 }).catch((err) => ({ status: 0, text: err.message, ms: now() - t, error: err.code ?? err.message }));
        samples.push({ at: t, end: now(), status: res.status, ms: res.ms ?? now() - t, code: res.json?.error?.code, error: res.error, text: res.status === 201 ? undefined : res.text?.slice(0, 300) });
        if (res.status === 201) createdIds.push(res.json.id);
        else await sleep(50);
      }
    }),
  );
  await sleep(2_000);
  const down = now();
  await ctx.pg.stop();
  await sleep(outageMs);
  await ctx.pg.start();
  const up = now();
  // Recovered: a creation that started after PostgreSQL came back succeeded; then 2 s more of load.
  const recoveredAt = await until('a ticket created after the restart', async () => samples.find((s) => s.at >= up && s.status === 201)?.end, 60_000, 50).catch(() => undefined);
  await sleep(2_000);
  stopLoad = true;
  await load;

  const outage = samples.filter((s) => s.end >= down && s.at <= up);
  const errors500 = samples.filter((s) => s.status >= 500 && s.status !== 503);
  const bad503 = samples.filter((s) => s.status === 503 && s.code !== 'service_unavailable');
  const other = samples.filter((s) => ![201, 503].includes(s.status));
  const maxMs = Math.max(...samples.map((s) => s.ms));
  const outage503 = outage.filter((s) => s.status === 503 && s.code === 'service_unavailable').length;
  rows.push(row(D, `requests during the outage (${secs(up - down)}) answered 503 service_unavailable`, `> 0, rest 201`, `${outage503} of ${outage.length} (${outage.filter((s) => s.status === 201).length} × 201)`, outage503 > 0 && outage.every((s) => s.status === 201 || (s.status === 503 && s.code === 'service_unavailable'))));
  rows.push(row(D, `responses 500 / 503 without the JSON code / other (of ${samples.length})`, '0 / 0 / 0', `${errors500.length} / ${bad503.length} / ${other.length}${other.length ? ` [${[...new Set(other.map((s) => s.status || s.error))].join(',')}]` : ''}`, errors500.length + bad503.length + other.length === 0));
  if (errors500.length || other.length) {
    console.log(`    ${D}: unexpected answers, e.g. ${[...errors500, ...other][0].text}\n    API errors: ${api.errors.slice(0, 3).map((l) => l.slice(0, 400)).join('\n    ') || '(none logged)'}`);
  }
  rows.push(row(D, 'max request latency', `< ${secs(maxLatencyMs)}`, secs(maxMs), maxMs < maxLatencyMs));
  rows.push(row(D, 'recovered by itself (same API process)', `yes, pid ${api.pid}`, recoveredAt ? `yes, ${secs(recoveredAt - up)} after restart` : 'no 201 within 60 s', Boolean(recoveredAt) && !api.exited));

  await withPg(dbUrl, async (db) => {
    await until('the outbox to drain', async () => ((await outboxPending(db)) === 0 ? true : undefined), 30_000, 250).catch(() => undefined);
    const {
      rows: [t],
    } = await db.query(
      `SELECT count(*)::int AS tickets,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id))::int AS no_history,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.topic = 'live.ticket' AND o.payload->>'ticketId' = t.id::text))::int AS no_outbox,
              count(DISTINCT (protocol_year, protocol_number))::int AS protocols,
              (SELECT coalesce(sum(mx - mn + 1), 0)::int FROM (SELECT max(protocol_number) AS mx, min(protocol_number) AS mn FROM tickets GROUP BY protocol_year) y) AS span,
              (SELECT coalesce(min(protocol_number), 1)::int FROM tickets) AS first
       FROM tickets t`,
    );
    const {
      rows: [k],
    } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[])`, [createdIds]);
    rows.push(row(D, 'tickets answered 201 found in the database', createdIds.length, k.n, k.n === createdIds.length));
    rows.push(row(D, 'partial tickets: without history / without outbox row', '0 / 0', `${t.no_history} / ${t.no_outbox} (of ${t.tickets})`, t.no_history === 0 && t.no_outbox === 0 && t.tickets > 0));
    rows.push(row(D, 'protocol numbers without gaps', `1..${t.tickets}`, `${t.protocols} distinct, span ${t.span}, from ${t.first}`, t.protocols === t.tickets && t.span === t.tickets && t.first === 1));
    const pending = await outboxPending(db);
    rows.push(row(D, 'outbox drained after the restart', 0, pending, pending === 0));
  });
  await api.kill('SIGTERM');
  return rows;
}
