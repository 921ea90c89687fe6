// Fault drill 7, the IDOR matrix: users of Ente A try Ente B's ids on every endpoint and socket subscription.
//
// Ente B owns one object of every kind an id can name (tickets with follow-ups, private notes and attachments, an
// approved activation with its service records and billing entries, a collected entry, a half-year statement, a
// closed ticket with its survey link, followers, mails and reply tokens, a password link, two users). Ente A's
// referent (ente_user) and a capofila referent with two Enti that do not include B call every route of the running
// API (its OpenAPI document plus the routes registered outside it, found in server/src) with B's ids, and the live
// socket tries to watch B's tickets. Expected: a 404 identical to the one for a missing id, or 403 where the route is
// for the CIT staff; no response may contain anything of B; B's rows are unchanged afterwards; A's sockets never
// receive an event about B while B's tickets change. Every attacker call also runs with a random id as a control.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  PASSWORD,
  REQUEST_FORM_FILES,
  ROOT,
  createDatabase,
  createEnte,
  createUser,
  freePort,
  liveClient,
  multipartRequest,
  now,
  request,
  row,
  signIn,
  sleep,
  startApi,
  startRedis,
  startWorker,
  until,
  withPg,
  workDir,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const D = '7 idor';
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// ------------------------------------------------------------------------------------------------- calls

/** A signed-in user plus its CSRF token (signIn keeps it private; GET /api/auth/csrf returns the session's one). */
async function actor(baseUrl, email, label) {
  const user = await signIn(baseUrl, email, PASSWORD);
  const csrf = await request(baseUrl, 'GET', '/api/auth/csrf', { headers: { cookie: user.cookie() } });
  if (csrf.status !== 200) throw new Error(`csrf of ${email}: ${csrf.status}`);
  return { ...user, label, csrf: csrf.json.csrfToken };
}

/** A session without a user (what a browser has before logging in), keeping the attacker's key for the report. */
async function anonymous(baseUrl, a) {
  const res = await request(baseUrl, 'GET', '/api/auth/csrf');
  const cookie = (res.headers['set-cookie'] ?? []).map((l) => l.split(';')[0]).join('; ');
  return { key: a.key, label: `${a.label} (anonymous)`, csrf: res.json.csrfToken, cookie: () => cookie };
}

/** One request as `who`: JSON body, or multipart when `fields`/`files` are given. */
function send(baseUrl, who, method, urlPath, { body, fields, files } = {}) {
  const headers = { cookie: who.cookie(), 'x-csrf-token': who.csrf };
  if (fields || files) return multipartRequest(baseUrl, method, urlPath, { headers, fields, files });
  return request(baseUrl, method, urlPath, { headers, body });
}

/** The same, failing loudly: for building the world, where every step must work. */
async function must(baseUrl, who, method, urlPath, opts = {}, status = [200, 201, 202, 204]) {
  const res = await send(baseUrl, who, method, urlPath, opts);
  if (!status.includes(res.status)) throw new Error(`${who.label}: ${method} ${urlPath} → ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

const textFile = (name, content, field = 'attachments') => ({ field, name, type: 'text/plain', data: Buffer.from(content) });

// ------------------------------------------------------------------------------------------------- world

/**
 * Private PostgreSQL database, Redis, API (with the development mail catcher and the inbound reply listener, so
 * that the /api/dev routes and replies by e-mail exist and mails carry reply tokens) and one worker; then Enti A,
 * B, an Unione U with member M, their users, and every kind of object for A and B, made over HTTP as in production.
 */
async function buildWorld(ctx, quick) {
  const tag = randomBytes(3).toString('hex');
  const dbUrl = await createDatabase(ctx.pg, ctx.template, 'drill_idor');
  const redis = await startRedis(ctx.dir);
  const files = await workDir(ctx.dir, 'idor-files');
  const mailSecret = randomBytes(32).toString('hex');
  const catcherPort = await freePort();
  const inboundPort = await freePort();
  const base = {
    sessionSecret: ctx.sessionSecret,
    env: {
      DATABASE_URL: dbUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'drill7',
      RUN_JOBS: 'false',
      OUTBOX_DISPATCH: 'true',
      ATTACHMENTS_DIR: files,
      MAIL_TOKEN_SECRET: mailSecret,
      SMTP_URL: `smtp://127.0.0.1:${catcherPort}`,
      MAIL_BACKOFF_MS: '500',
      DATABASE_POOL_SIZE: '6',
    },
  };
  const seed = await withPg(dbUrl, async (db) => {
    const A = await createEnte(db, `Comune di Alfa ${tag}`);
    const B = await createEnte(db, `Comune di Beta ${tag}`);
    const U = await createEnte(db, `Unione Gamma ${tag}`);
    const M = await createEnte(db, `Comune di Gamma ${tag}`);
    await db.query(`UPDATE enti SET kind = 'unione_comuni' WHERE id = $1`, [U]);
    await db.query(`UPDATE enti SET capofila_id = $1 WHERE id = $2`, [U, M]);
    const email = (who) => `${who}.${tag}@idor.example`;
    const users = {
      refA: await createUser(db, email('referente-alfa'), 'ente_user', [A]),
      capo: await createUser(db, email('capofila-gamma'), 'capofila_user', [U]),
      refB: await createUser(db, email('referente-beta'), 'ente_user', [B]),
      refB2: await createUser(db, email('vice-beta'), 'ente_user', [B]),
      operator: await createUser(db, email('operatore'), 'operator'),
      approver: await createUser(db, email('approvatore'), 'approver'),
      admin: await createUser(db, email('admin'), 'admin'),
    };
    return { enti: { A, B, U, M }, users, email };
  });
  const api = await startApi(base, { DEV_MAIL_CATCHER_PORT: String(catcherPort), INBOUND_SMTP_PORT: String(inboundPort), INBOUND_SMTP_HOST: '127.0.0.1' });
  const worker = startWorker(base, { WORKER_CONCURRENCY: '2' });
  const url = api.url;
  const e = seed.email;
  const [refA, capo, refB, refB2, operator, approver, admin] = await Promise.all([
    actor(url, e('referente-alfa'), 'ente_user A'),
    actor(url, e('capofila-gamma'), 'capofila U+M'),
    actor(url, e('referente-beta'), 'referent B'),
    actor(url, e('vice-beta'), 'second user B'),
    actor(url, e('operatore'), 'operator'),
    actor(url, e('approvatore'), 'approver'),
    actor(url, e('admin'), 'admin'),
  ]);
  // Sockets first, so that they see (or rather must not see) every event of the build too.
  const sockets = {};
  for (const [key, who] of [['refA', refA], ['capo', capo], ['operator', operator]]) {
    const live = await liveClient(url, who);
    const seen = [];
    live.socket.onAny((event, payload) => seen.push({ event, ticketId: payload?.ticketId, at: now() }));
    sockets[key] = { ...live, seen };
  }

  const marker = { A: `alfasegreto${tag}`, B: `betasegreto${tag}` };
  /** Tickets of one side: t1 incident (attachment, public follow-up with file, private note with file) solved; t2 PEC activation approved, then solved; t3 closed. */
  const side = async (who, key, enteId) => {
    const title = (n) => `${marker[key]} ${n} guasto della rete`;
    const t1 = (
      await must(url, who, 'POST', '/api/tickets', {
        fields: { type: 'incident', category: 'assistance', urgency: 'medium', title: title('uno'), description: `Descrizione riservata ${marker[key]}`, ...(enteId ? { enteId } : {}) },
        files: [textFile(`${marker[key]}-allegato.txt`, `contenuto riservato ${marker[key]}\n`)],
      })
    ).json.id;
    await must(url, who, 'POST', `/api/tickets/${t1}/followups`, {
      fields: { body: `Seguito pubblico ${marker[key]}` },
      files: [textFile(`${marker[key]}-seguito.txt`, `seguito riservato ${marker[key]}\n`)],
    });
    await must(url, operator, 'POST', `/api/tickets/${t1}/actions`, { body: { action: 'take_charge' } });
    await must(url, operator, 'POST', `/api/tickets/${t1}/followups`, {
      fields: { body: `Nota privata ${marker[key]}`, private: 'true' },
      files: [textFile(`${marker[key]}-nota.txt`, `nota privata ${marker[key]}\n`)],
    });
    await must(url, operator, 'POST', `/api/tickets/${t1}/actions`, { body: { action: 'solve', solution: `Soluzione ${marker[key]}` } });
    const t2 = (
      await must(url, who, 'POST', '/api/tickets', {
        fields: { type: 'request', category: 'activation', serviceCode: 'pec', quantity: 5, urgency: 'medium', title: title('due'), description: 'Cinque caselle PEC', ...(enteId ? { enteId } : {}) },
        files: REQUEST_FORM_FILES,
      })
    ).json.id;
    await must(url, approver, 'POST', `/api/tickets/${t2}/approval`, { body: { decision: 'approve' } });
    const t3 = (
      await must(url, who, 'POST', '/api/tickets', { body: { type: 'incident', category: 'assistance', urgency: 'low', title: title('tre'), description: 'Da chiudere', ...(enteId ? { enteId } : {}) } })
    ).json.id;
    for (const action of [{ action: 'take_charge' }, { action: 'solve', solution: 'Fatto' }, { action: 'close' }]) {
      await must(url, operator, 'POST', `/api/tickets/${t3}/actions`, { body: action });
    }
    return { t1, t2, t3 };
  };
  const tA = await side(refA, 'A');
  const tB = await side(refB, 'B');
  // The capofila's own ticket (for its member M): the positive control of its socket and the "own ticket, B's attachment" mix.
  const tM = (await must(url, capo, 'POST', '/api/tickets', { body: { type: 'incident', category: 'assistance', urgency: 'low', title: `Gamma ${tag} stampante`, description: 'x', enteId: seed.enti.M } }))
    .json.id;
  await must(url, refB2, 'POST', `/api/tickets/${tB.t1}/follow`);
  await must(url, admin, 'POST', `/api/admin/users/${seed.users.refB2}/invite`);

  // The worker applies both activations; then solve them, so that no SLA clock runs on B's tickets during the drill.
  await withPg(dbUrl, (db) =>
    until(
      'both activations applied',
      async () => ((await db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1) AND applied_at IS NOT NULL`, [[tA.t2, tB.t2]])).rows[0].n === 2 ? true : undefined),
      quick ? 30_000 : 60_000,
      200,
    ),
  );
  for (const t of [tA.t2, tB.t2]) {
    // Applying may already solve the request; otherwise the operator does.
    const { allowedActions } = (await must(url, operator, 'GET', `/api/tickets/${t}`)).json;
    if (allowedActions.includes('take_charge')) await must(url, operator, 'POST', `/api/tickets/${t}/actions`, { body: { action: 'take_charge' } });
    if (allowedActions.includes('take_charge') || allowedActions.includes('solve')) {
      await must(url, operator, 'POST', `/api/tickets/${t}/actions`, { body: { action: 'solve', solution: 'Caselle attivate' } });
    }
  }
  const halves = await withPg(dbUrl, async (db) => {
    // One record of each side ends in 10 days, so the contracts dashboard has something of each to show (or hide).
    await db.query(
      `UPDATE service_records SET ends_on = current_date + 10 WHERE id IN (SELECT DISTINCT ON (ente_id) id FROM service_records WHERE ente_id = ANY($1) ORDER BY ente_id, unit_index)`,
      [[seed.enti.A, seed.enti.B]],
    );
    return (await db.query(`SELECT DISTINCT year, half FROM billing_entries WHERE ente_id = ANY($1) ORDER BY 1, 2`, [[seed.enti.A, seed.enti.B]])).rows;
  });
  if (halves.length === 0) throw new Error('the activations produced no billing entry (5 PEC boxes should bill one)');
  const runs = [];
  for (const h of halves) runs.push((await must(url, approver, 'POST', '/api/billing/statements/runs', { body: { year: h.year, half: h.half } })).json.id);
  const [entryB] = await withPg(dbUrl, async (db) => (await db.query(`SELECT id FROM billing_entries WHERE ente_id = $1 ORDER BY id LIMIT 1`, [seed.enti.B])).rows);
  await must(url, approver, 'POST', `/api/billing/entries/${entryB.id}/collect`, { body: { actReference: 'Determina dirigenziale n. 857 del 05/08/2026', collectedOn: '2026-08-05' } });

  // Settled: statements generated, outbox drained, every mail sent (to the catcher).
  await withPg(dbUrl, (db) =>
    until(
      'statements, outbox and mails to settle',
      async () => {
        const {
          rows: [s],
        } = await db.query(
          `SELECT (SELECT count(*) FROM statement_runs WHERE id = ANY($1) AND status NOT IN ('done', 'failed'))::int AS runs,
                  (SELECT count(*) FROM outbox WHERE done_at IS NULL)::int AS outbox,
                  (SELECT count(*) FROM outgoing_mails WHERE status = 'queued')::int AS mails`,
          [runs],
        );
        return s.runs + s.outbox + s.mails === 0 ? true : undefined;
      },
      quick ? 30_000 : 60_000,
      250,
    ),
  );
  const ids = await withPg(dbUrl, async (db) => {
    const q = async (sql, args) => (await db.query(sql, args)).rows;
    const B = seed.enti.B;
    const bTickets = [tB.t1, tB.t2, tB.t3];
    const [ente] = await q(`SELECT name, fiscal_code, pec FROM enti WHERE id = $1`, [B]);
    const atts = await q(
      `SELECT a.id, a.ticket_id, a.file_name, coalesce(f.is_private, false) AS private FROM ticket_attachments a
       LEFT JOIN ticket_followups f ON f.id = a.followup_id WHERE a.ticket_id = ANY($1) ORDER BY a.created_at`,
      [bTickets],
    );
    const ownAtt = await q(`SELECT ticket_id, id FROM ticket_attachments WHERE ticket_id = $1 ORDER BY created_at LIMIT 1`, [tA.t1]);
    const ownStatement = await q(`SELECT id FROM statements WHERE payer_ente_id = $1 ORDER BY id LIMIT 1`, [seed.enti.A]);
    // A banner for B only: A's users must neither see it nor be able to dismiss it.
    const [announcement] = await q(
      `INSERT INTO announcements (title, severity, starts_at, ends_at, all_enti) VALUES ('Avviso riservato a B', 'info', now() - interval '1 hour', now() + interval '1 day', false) RETURNING id`,
    );
    await q(`INSERT INTO announcement_enti (announcement_id, ente_id) VALUES ($1, $2)`, [announcement.id, B]);
    return {
      ente,
      protocols: (await q(`SELECT protocol_year || '/' || lpad(protocol_number::text, 6, '0') AS p FROM tickets WHERE id = ANY($1)`, [bTickets])).map((r) => r.p),
      followups: (await q(`SELECT id FROM ticket_followups WHERE ticket_id = ANY($1)`, [bTickets])).map((r) => r.id),
      attachments: atts,
      ownAttachment: ownAtt[0],
      ownStatement: ownStatement[0]?.id,
      records: (await q(`SELECT id FROM service_records WHERE ente_id = $1 ORDER BY unit_index`, [B])).map((r) => r.id),
      entries: (await q(`SELECT id FROM billing_entries WHERE ente_id = $1 ORDER BY id`, [B])).map((r) => r.id),
      statements: (await q(`SELECT id FROM statements WHERE payer_ente_id = $1 ORDER BY id`, [B])).map((r) => r.id),
      memberships: (await q(`SELECT id FROM memberships WHERE ente_id = $1 ORDER BY period_code`, [B])).map((r) => r.id),
      announcements: [announcement.id],
      mails: (await q(`SELECT id FROM outgoing_mails WHERE ticket_id = ANY($1) OR recipient_user_id = ANY($2) ORDER BY created_at`, [bTickets, [seed.users.refB, seed.users.refB2]])).map(
        (r) => r.id,
      ),
      caught: (await q(`SELECT id::text FROM dev_caught_mails WHERE $1 = ANY(rcpt_to) OR $2 = ANY(rcpt_to) ORDER BY id`, [e('referente-beta'), e('vice-beta')])).map((r) => r.id),
      replyTokens: (await q(`SELECT token FROM mail_reply_tokens WHERE ticket_id = ANY($1) AND user_id = $2`, [bTickets, seed.users.refB])).map((r) => r.token),
      // A knowledge-base article for the CIT staff only: an Ente's user must not find it in any way.
      kbInternal: (await q(`INSERT INTO kb_articles (title, body, audience) VALUES ('Nota interna CIT', 'Procedura riservata al personale', 'cit') RETURNING id`)).map((r) => r.id),
    };
  });
  const { MailTokens } = require(path.join(ROOT, 'server/dist/notifications/tokens.js'));
  return {
    tag,
    url,
    dbUrl,
    api,
    worker,
    inboundPort,
    tokens: new MailTokens(mailSecret),
    marker,
    enti: seed.enti,
    users: seed.users,
    email: e,
    who: { refA, capo, refB, refB2, operator, approver, admin },
    sockets,
    runs,
    halves,
    A: { ...tA, M: tM, ownAttachment: ids.ownAttachment, statement: ids.ownStatement },
    B: { ...tB, ...ids },
  };
}

// -------------------------------------------------------------------------------------------- enumeration

/** `GET /api/x/{id}` keys from the running API's OpenAPI document. */
async function openApiRoutes(baseUrl) {
  const res = await request(baseUrl, 'GET', '/api/openapi.json');
  if (res.status !== 200) throw new Error(`GET /api/openapi.json: ${res.status}`);
  const keys = new Set();
  for (const [p, ops] of Object.entries(res.json.paths ?? {})) for (const m of Object.keys(ops)) if (METHODS.includes(m)) keys.add(`${m.toUpperCase()} ${p}`);
  return keys;
}

async function sourceFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const openApiPath = (p) => (p.replace(/\/$/, '') || '/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Every route and socket event registered in server/src, read from the source text: ApiRouter chains (the route
 * belongs to the nearest `new ApiRouter('/base'` above it), plain express registrations under /api, and the
 * socket.io events the server listens to and emits. A route added any other way would escape this list, so the
 * comparison with the OpenAPI document is printed.
 */
async function sourceRoutes() {
  const routes = new Map();
  const sockets = { listens: new Set(), emits: new Set() };
  for (const file of await sourceFiles(path.join(ROOT, 'server/src'))) {
    const text = await readFile(file, 'utf8');
    const rel = path.relative(ROOT, file);
    const routers = [...text.matchAll(/new ApiRouter\(\s*'([^']*)'/g)].map((m) => ({ at: m.index, base: m[1] }));
    if (routers.length) {
      for (const m of text.matchAll(/\.(get|post|put|patch|delete)\(\s*'(\/[^']*)'/g)) {
        const router = routers.filter((r) => r.at < m.index).at(-1);
        if (router) routes.set(`${m[1].toUpperCase()} ${openApiPath(router.base + (m[2] === '/' ? '' : m[2]))}`, rel);
      }
    }
    for (const m of text.matchAll(/\b(?:app|api|router)\.(get|post|put|patch|delete|use)\(\s*'(\/api[^']*)'/g)) {
      // A mount (`use`) answers every method below its path; GET is how a browser or script would read it.
      routes.set(`${m[1] === 'use' ? 'USE' : m[1].toUpperCase()} ${openApiPath(m[2])}`, rel);
    }
    if (text.includes('socket.io')) {
      for (const m of text.matchAll(/socket\.on\(\s*'([^']+)'/g)) if (!['disconnect', 'error'].includes(m[1])) sockets.listens.add(m[1]);
      for (const m of text.matchAll(/\.emit\(\s*'([^']+)'/g)) sockets.emits.add(m[1]);
    }
  }
  return { routes, sockets };
}

// ------------------------------------------------------------------------------------------------ secrets

/** Strings that only Ente B's data contains: ids, names, codes, markers. Any of them in an answer to A is a leak. */
function secretsOf(w) {
  const B = w.B;
  const s = [
    ['B ente id', w.enti.B],
    ['B name', B.ente.name],
    ['B fiscal code', B.ente.fiscal_code],
    ['B PEC', B.ente.pec],
    ['B marker', w.marker.B],
    ['B user id', w.users.refB],
    ['B user id', w.users.refB2],
    ['B e-mail', w.email('referente-beta')],
    ['B e-mail', w.email('vice-beta')],
    ...[B.t1, B.t2, B.t3].map((id) => ['B ticket id', id]),
    ...B.protocols.map((p) => ['B protocol', p]),
    ...B.followups.map((id) => ['B follow-up id', id]),
    ...B.attachments.map((a) => ['B attachment id', a.id]),
    ...B.records.map((id) => ['B record id', id]),
    ...B.entries.map((id) => ['B billing entry id', id]),
    ...B.statements.map((id) => ['B statement id', id]),
    ...B.mails.map((id) => ['B mail id', id]),
    ...B.replyTokens.map((t) => ['B reply token', t]),
  ];
  return s.filter(([, v]) => typeof v === 'string' && v.length >= 6);
}

/** Labels of the secrets in `text`, leaving out those the caller itself sent (an id echoed back reveals nothing). */
function scan(secrets, text, sent) {
  const found = new Set();
  const hay = text.toLowerCase();
  for (const [label, value] of secrets) {
    const v = value.toLowerCase();
    if (hay.includes(v) && !sent.toLowerCase().includes(v)) found.add(label);
  }
  return [...found];
}

// ------------------------------------------------------------------------------------------- expectations

/** Runs one call as attacker `a` and scans the answer for B's data. */
async function call(w, a, method, urlPath, opts = {}) {
  const res = await send(w.url, a, method, urlPath, opts).catch((err) => ({ status: 0, text: String(err.message), headers: {}, json: undefined }));
  w.calls++;
  const sent = [urlPath, JSON.stringify(opts.body ?? {}), JSON.stringify(opts.fields ?? {}), ...(opts.files ?? []).map((f) => f.data.toString())].join(' ');
  res.code = res.json?.error?.code;
  res.leaks = scan(w.secrets, `${res.text}\n${res.headers['content-disposition'] ?? ''}`, sent);
  return res;
}

const outcome = (statuses, problems) => ({ shown: [...new Set(statuses)].join('/'), pass: problems.length === 0, note: problems.join('; ') });
const is2xx = (s) => s >= 200 && s < 300;

/**
 * Each of `cases` (built from B's ids by `make`) must be answered exactly as the same call with a random id
 * (`control`, default `make(randomUUID())`): same status and error code, and for a 2xx the very same body (a list
 * filtered by B's Ente is as empty as one filtered by an Ente that does not exist). `allow` lists the statuses
 * that may be shared with the control; a 2xx is accepted only when `reads` says the route is a read.
 */
async function likeMissing(w, a, method, make, ids, { control, allow = [403, 404], reads = false } = {}) {
  const c = control ?? make(randomUUID());
  const ctl = await call(w, a, method, c.url, c);
  const statuses = [];
  const problems = [];
  for (const id of ids) {
    const k = make(id);
    const r = await call(w, a, method, k.url, k);
    statuses.push(r.status);
    if (is2xx(r.status) && !reads) problems.push(`${r.status} ACCEPTED (${k.url})`);
    else if (r.status !== ctl.status || r.code !== ctl.code) problems.push(`${r.status} ${r.code ?? ''} differs from a missing id (${ctl.status} ${ctl.code ?? ''})`);
    else if (is2xx(r.status) && r.text !== ctl.text) problems.push(`body differs from the one for a missing id: ${r.text.slice(0, 160)}`);
    else if (!is2xx(r.status) && !allow.includes(r.status)) problems.push(`${r.status} ${r.code ?? ''} (expected ${allow.join('/')})`);
    if (r.leaks.length) problems.push(`LEAK ${r.leaks.join(', ')}`);
  }
  return outcome(statuses, problems);
}

/** An id that names nothing: the admin-only routes must refuse before looking. */
const NIL = '00000000-0000-0000-0000-000000000000';

/** A route for the CIT staff only: 403 to an Ente user, whatever id it is given. */
async function forbidden(w, a, method, urlPath, opts = {}) {
  const r = await call(w, a, method, urlPath, opts);
  const problems = [];
  if (r.status !== 403) problems.push(`${r.status} ${r.code ?? r.text.slice(0, 80)} (expected 403)`);
  if (r.leaks.length) problems.push(`LEAK ${r.leaks.join(', ')}`);
  return outcome([r.status], problems);
}

/** A read without ids (or with B's ids as filters): answered, without anything of B; `check` adds route-specific conditions. */
async function clean(w, a, urls, check, { method = 'GET', status = [200], opts = {} } = {}) {
  const statuses = [];
  const problems = [];
  for (const u of Array.isArray(urls) ? urls : [urls]) {
    const r = await call(w, a, method, u, opts);
    statuses.push(r.status);
    if (!status.includes(r.status)) problems.push(`${u}: ${r.status} ${r.text.slice(0, 100)}`);
    if (r.leaks.length) problems.push(`LEAK ${r.leaks.join(', ')} in ${u}`);
    const bad = check && status.includes(r.status) ? check(r, u) : undefined;
    if (bad) problems.push(`${u}: ${bad}`);
  }
  return outcome(statuses, problems);
}

const merge = (...outs) => ({ shown: outs.map((o) => o.shown).join(' + '), pass: outs.every((o) => o.pass), note: outs.map((o) => o.note).filter(Boolean).join('; ') });

// ------------------------------------------------------------------------------------------------- probes

/**
 * One probe per route: what B id it uses and how attacker `a` calls it. Keys are `METHOD /openapi/{path}`; a route
 * without a probe shows up as FAIL "not exercised", so a new endpoint cannot slip past the drill.
 */
function probes(w, quick) {
  const B = w.B;
  const pick = (list) => (quick ? list.slice(0, 1) : list);
  const bTickets = pick([B.t1, B.t2, B.t3]);
  const { year, half } = w.halves[0];
  const own = (a) => (a.key === 'refA' ? [w.enti.A] : [w.enti.U, w.enti.M]);
  const ownTicket = (a) => (a.key === 'refA' ? w.A.t1 : w.A.M);
  /** The Ente an attacker opens tickets for: the referent's only one needs no enteId; the capofila names its member. */
  const enteField = (a) => (a.key === 'refA' ? {} : { enteId: w.enti.M });
  const onlyOwn = (items, idOf) => {
    const stray = items.map(idOf).filter((id) => id && !own(w.current).includes(id));
    return stray.length ? `${stray.length} item(s) of other Enti` : undefined;
  };
  const publicAtt = B.attachments.find((x) => !x.private);
  const privateAtt = B.attachments.find((x) => x.private);
  const survey = (ticketId, sigFrom) => {
    // A genuine link of the attacker's own closed ticket with the ticket id swapped: the classic IDOR on a signed link.
    const genuine = w.tokens.surveyToken(sigFrom, new Date(Date.now() + 7 * 86_400_000));
    const [, exp, sig] = genuine.split('.');
    return `${ticketId}.${exp}.${sig}`;
  };
  const testLink = (ticketId) => {
    // A genuine «da testare» link of the attacker's own ticket with B's ticket id swapped in: the signature must fail.
    const genuine = w.tokens.testToken(w.A.t1, w.users.refA, new Date(Date.now() + 7 * 86_400_000));
    const [, user, exp, sig] = genuine.split('.');
    return `${ticketId}.${user}.${exp}.${sig}`;
  };
  /** B's statement is refused; the referent's own one downloads, and its CSV export has nothing of B in it. */
  const download = async (a, kind) => {
    const refusedB = await likeMissing(w, a, 'GET', (id) => ({ url: `/api/billing/statements/${id}/${kind}` }), B.statements);
    if (a.key !== 'refA') return refusedB;
    return merge(refusedB, await clean(w, a, `/api/billing/statements/${w.A.statement}/${kind}`, (r) => (r.text.length > 20 ? undefined : 'own statement empty')));
  };
  const P = (ids, run, expect = ids === '—' ? 'answered, nothing of B' : 'refused like a missing id, nothing of B') => ({ ids, run, expect });
  const F = (ids, run) => P(ids, run, '403 (CIT staff only)');
  const table = {
    'GET /api/health': P('—', (a) => clean(w, a, '/api/health')),
    'GET /api/ready': P('—', (a) => clean(w, a, '/api/ready', undefined, { status: [200, 503] })),
    // Registered outside ApiRouter: a session is no token (401), and without METRICS_TOKEN there is no endpoint (404).
    'GET /api/metrics': P('—', (a) => clean(w, a, '/api/metrics', undefined, { status: [401, 404] })),
    'GET /api/auth/csrf': P('—', (a) => clean(w, a, '/api/auth/csrf')),
    'GET /api/public/site-info': P('—', (a) => clean(w, a, '/api/public/site-info')),
    'GET /api/public/service-charter': P('—', (a) => clean(w, a, '/api/public/service-charter')),
    'POST /api/auth/login': P('B user e-mail, wrong password', async (a) => {
      // From a session of its own: a login regenerates the session it runs in. Every drill user shares one password,
      // so only a wrong one is meaningful here; the answer must not tell B's address from an unknown one.
      const anon = await anonymous(w.url, a);
      return likeMissing(w, anon, 'POST', (email) => ({ url: '/api/auth/login', body: { email, password: `${PASSWORD}-x` } }), [w.email('vice-beta')], {
        control: { url: '/api/auth/login', body: { email: `nessuno.${w.tag}@idor.example`, password: `${PASSWORD}-x` } },
        allow: [401],
      });
    }),
    'POST /api/auth/logout': P('own 2nd session', async (a) => {
      // Logging out ends the caller's own session only: B's session and the attacker's main one keep working.
      const second = await actor(w.url, a.email, `${a.label} (2nd session)`);
      const out = await call(w, second, 'POST', '/api/auth/logout');
      const bStill = await w.who.refB.get('/api/auth/me');
      const mainStill = await a.get('/api/auth/me');
      const problems = [];
      if (out.status !== 204) problems.push(`logout ${out.status}`);
      if (bStill.status !== 200) problems.push(`B's session ended (${bStill.status})`);
      if (mainStill.status !== 200) problems.push(`own main session ended (${mainStill.status})`);
      return outcome([out.status], problems);
    }),
    'GET /api/auth/session': P('—', (a) => clean(w, a, '/api/auth/session', (r) => onlyOwn(r.json.user.enti, (e) => e.id))),
    'GET /api/auth/me': P('—', (a) => clean(w, a, '/api/auth/me', (r) => onlyOwn(r.json.user.enti, (e) => e.id))),
    'POST /api/auth/password/forgot': P('B user e-mail', async (a) => {
      const rB = await call(w, a, 'POST', '/api/auth/password/forgot', { body: { email: w.email('vice-beta') } });
      const rX = await call(w, a, 'POST', '/api/auth/password/forgot', { body: { email: `nessuno.${w.tag}@idor.example` } });
      const problems = [];
      if (rB.status !== 202 || rB.status !== rX.status || rB.text !== rX.text) problems.push(`B ${rB.status} ${rB.text.slice(0, 80)} vs unknown ${rX.status} ${rX.text.slice(0, 80)}`);
      if (rB.leaks.length) problems.push(`LEAK ${rB.leaks.join(', ')}`);
      return outcome([rB.status], problems);
    }),
    'POST /api/auth/password/reset': P('forged link token', (a) =>
      likeMissing(w, a, 'POST', (token) => ({ url: '/api/auth/password/reset', body: { token, password: 'Password-rubata-di-Beta-9' } }), [randomBytes(32).toString('base64url')], {
        control: { url: '/api/auth/password/reset', body: { token: randomBytes(32).toString('base64url'), password: 'Password-rubata-di-Beta-9' } },
        allow: [400, 404],
      }),
    ),
    'GET /api/admin/users': F('q=B e-mail', (a) => forbidden(w, a, 'GET', `/api/admin/users?q=${encodeURIComponent(w.email('referente-beta'))}`)),
    'POST /api/admin/users': F('enteIds=[B]', (a) =>
      forbidden(w, a, 'POST', '/api/admin/users', { body: { email: `intruso.${w.tag}@idor.example`, name: 'Intruso', role: 'ente_user', enteIds: [w.enti.B] } }),
    ),
    'PATCH /api/admin/users/{id}': F('B user', (a) => forbidden(w, a, 'PATCH', `/api/admin/users/${w.users.refB}`, { body: { disabled: true } })),
    'POST /api/admin/users/{id}/invite': F('B user', (a) => forbidden(w, a, 'POST', `/api/admin/users/${w.users.refB2}/invite`)),
    'GET /api/users/assignable': F('—', (a) => forbidden(w, a, 'GET', '/api/users/assignable')),
    // Issue 20: identity providers and the second factor (each caller acts on its own account only).
    'GET /api/auth/providers': P('—', (a) => clean(w, a, '/api/auth/providers')),
    'GET /api/auth/oidc/{id}/start': P('—', (a) => clean(w, a, '/api/auth/oidc/nessuno/start', undefined, { status: [404] })),
    'GET /api/auth/oidc/{id}/callback': P('—', (a) => clean(w, a, '/api/auth/oidc/nessuno/callback?code=x&state=y', undefined, { status: [404] })),
    'GET /api/auth/second-factor': P('—', (a) => clean(w, a, '/api/auth/second-factor')),
    'POST /api/auth/second-factor': P('—', (a) => clean(w, a, '/api/auth/second-factor', undefined, { method: 'POST', status: [401], opts: { body: { code: '123456' } } })),
    'POST /api/auth/second-factor/enrolment': P('—', (a) => clean(w, a, '/api/auth/second-factor/enrolment', undefined, { method: 'POST', status: [200, 409] })),
    'POST /api/auth/second-factor/enrolment/confirm': P('—', (a) =>
      clean(w, a, '/api/auth/second-factor/enrolment/confirm', undefined, { method: 'POST', status: [400, 409], opts: { body: { code: '000000' } } }),
    ),
    'POST /api/auth/second-factor/recovery-codes': P('—', (a) => clean(w, a, '/api/auth/second-factor/recovery-codes', undefined, { method: 'POST', status: [400], opts: { body: { code: '000000' } } })),
    'POST /api/auth/second-factor/disable': P('—', (a) => clean(w, a, '/api/auth/second-factor/disable', undefined, { method: 'POST', status: [400, 409], opts: { body: { code: '000000' } } })),
    'POST /api/auth/second-factor/reset/{id}': F('B user', (a) => forbidden(w, a, 'POST', `/api/auth/second-factor/reset/${w.users.refB}`)),
    // Issue 19: sessions, throttling, GDPR.
    'GET /api/auth/sessions': P('—', (a) => clean(w, a, '/api/auth/sessions')),
    'DELETE /api/auth/sessions': P('—', async (a) => {
      // Ends the caller's other sessions only: B's session and the caller's own keep working.
      const out = await call(w, a, 'DELETE', '/api/auth/sessions');
      const bStill = await w.who.refB.get('/api/auth/me');
      const mainStill = await a.get('/api/auth/me');
      const problems = [];
      if (out.status !== 200) problems.push(`end others ${out.status}`);
      if (bStill.status !== 200) problems.push(`B's session ended (${bStill.status})`);
      if (mainStill.status !== 200) problems.push(`own session ended (${mainStill.status})`);
      return outcome([out.status], problems);
    }),
    'DELETE /api/auth/sessions/{id}': P('B session id', async (a) => {
      const listed = await w.who.refB.get('/api/auth/sessions');
      const bSession = listed.json?.items?.[0]?.id ?? 'nessuna';
      const refused = await likeMissing(w, a, 'DELETE', (id) => ({ url: `/api/auth/sessions/${id}` }), [bSession], {
        control: { url: `/api/auth/sessions/${randomBytes(16).toString('base64url')}` },
        allow: [404],
      });
      const bStill = await w.who.refB.get('/api/auth/me');
      return bStill.status === 200 ? refused : merge(refused, outcome([bStill.status], [`B's session ended (${bStill.status})`]));
    }),
    'GET /api/admin/users/{id}/sessions': F('B user', (a) => forbidden(w, a, 'GET', `/api/admin/users/${w.users.refB}/sessions`)),
    'DELETE /api/admin/users/{id}/sessions': F('B user', (a) => forbidden(w, a, 'DELETE', `/api/admin/users/${w.users.refB}/sessions`)),
    'GET /api/admin/throttle': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/throttle')),
    'POST /api/admin/throttle/unblock': F('B address', (a) => forbidden(w, a, 'POST', '/api/admin/throttle/unblock', { body: { kind: 'login_ip', key: '127.0.0.1' } })),
    'GET /api/admin/users/{id}/export': F('B user', (a) => forbidden(w, a, 'GET', `/api/admin/users/${w.users.refB}/export`)),
    'POST /api/admin/users/{id}/pseudonymise': F('B user', (a) => forbidden(w, a, 'POST', `/api/admin/users/${w.users.refB}/pseudonymise`)),
    'GET /api/admin/retention': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/retention')),
    'GET /api/enti': P('q=B name, q=B fiscal code', (a) =>
      clean(w, a, [`/api/enti?q=${encodeURIComponent(B.ente.name)}`, `/api/enti?q=${B.ente.fiscal_code}`, '/api/enti?limit=200'], (r, u) => {
        if (u.includes('q=') && (r.json.items.length || r.json.total)) return `${r.json.total} found`;
        if (!u.includes('q=') && r.json.items.length !== own(a).length) return `${r.json.items.length} visible, expected own ${own(a).length}`;
        return onlyOwn(r.json.items, (e) => e.id);
      }),
    ),
    'GET /api/enti/{id}': P('B ente', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/enti/${id}` }), [w.enti.B])),
    // Master data is the CIT administration's: an Ente's own users may neither read the change log nor touch any Ente.
    'GET /api/admin/audit': F('recordId=B ente', (a) => forbidden(w, a, 'GET', `/api/admin/audit?entity=enti&recordId=${w.enti.B}`)),
    'POST /api/enti': F('—', (a) => forbidden(w, a, 'POST', '/api/enti', { body: { name: `Comune Intruso ${w.tag}`, kind: 'comune', fiscalCode: '00000000000' } })),
    'PATCH /api/enti/{id}': F('B ente', (a) => forbidden(w, a, 'PATCH', `/api/enti/${w.enti.B}`, { body: { version: 0, pec: 'intruso@pec.example.it' } })),
    'POST /api/enti/{id}/deactivate': F('B ente', (a) => forbidden(w, a, 'POST', `/api/enti/${w.enti.B}/deactivate`, { body: { version: 0 } })),
    'POST /api/enti/{id}/reactivate': F('B ente', (a) => forbidden(w, a, 'POST', `/api/enti/${w.enti.B}/reactivate`, { body: { version: 0 } })),
    'GET /api/enti/{id}/merge-preview': F('B ente', (a) => forbidden(w, a, 'GET', `/api/enti/${w.enti.B}/merge-preview`)),
    'GET /api/admin/price-lists': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/price-lists')),
    'GET /api/admin/price-lists/{id}': F('any version', (a) => forbidden(w, a, 'GET', `/api/admin/price-lists/${NIL}`)),
    'POST /api/admin/price-lists': F('—', (a) => forbidden(w, a, 'POST', '/api/admin/price-lists', { body: { fromId: NIL, effectiveFrom: '2029-01-01' } })),
    'PUT /api/admin/price-lists/{id}': F('any version', (a) => forbidden(w, a, 'PUT', `/api/admin/price-lists/${NIL}`, { body: { version: 0, effectiveFrom: '2029-01-01', body: {} } })),
    'POST /api/admin/price-lists/{id}/publish': F('any version', (a) => forbidden(w, a, 'POST', `/api/admin/price-lists/${NIL}/publish`, { body: { version: 0 } })),
    'GET /api/admin/price-lists/{id}/preview': F('any version', (a) => forbidden(w, a, 'GET', `/api/admin/price-lists/${NIL}/preview`)),
    'GET /api/enti/{id}/population': P('B ente', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/enti/${id}/population` }), [w.enti.B])),
    'PUT /api/enti/{id}/population/{year}': F('B ente', (a) => forbidden(w, a, 'PUT', `/api/enti/${w.enti.B}/population/2025`, { body: { residents: 1, businesses: 1, version: 0 } })),
    'DELETE /api/enti/{id}/population/{year}': F('B ente', (a) => forbidden(w, a, 'DELETE', `/api/enti/${w.enti.B}/population/2025`, { body: { version: 0 } })),
    'POST /api/enti/population-imports/preview': F('—', (a) => forbidden(w, a, 'POST', '/api/enti/population-imports/preview', { body: { year: 2026, csv: 'codice;nome;popolazione\n017001;X;1\n' } })),
    'POST /api/enti/population-imports/{importId}/apply': F('any import', (a) => forbidden(w, a, 'POST', `/api/enti/population-imports/${NIL}/apply`)),
    'GET /api/enti/{id}/memberships': P('B ente', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/enti/${id}/memberships` }), [w.enti.B])),
    'GET /api/enti/{id}/signatories': P('B ente', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/enti/${id}/signatories` }), [w.enti.B])),
    'POST /api/enti/{id}/signatories': F('B ente', (a) =>
      forbidden(w, a, 'POST', `/api/enti/${w.enti.B}/signatories`, { body: { fullName: 'Intruso Rossi', fiscalCode: 'RSSMRA80A01H501U', role: 'Sindaco' } }),
    ),
    'DELETE /api/enti/{id}/signatories/{signatoryId}': F('B signatory', (a) => forbidden(w, a, 'DELETE', `/api/enti/${w.enti.B}/signatories/${NIL}`)),
    'POST /api/enti/{id}/memberships': F('B ente', (a) =>
      forbidden(w, a, 'POST', `/api/enti/${w.enti.B}/memberships`, {
        body: { period: '2021-2025', signedOn: '2021-01-10', resolutionNumber: 'Delibera 1', resolutionDate: '2021-01-05', signer: 'Intruso' },
      }),
    ),
    'PATCH /api/enti/{id}/memberships/{membershipId}': F('B membership', (a) =>
      forbidden(w, a, 'PATCH', `/api/enti/${w.enti.B}/memberships/${w.B.memberships[0] ?? NIL}`, { body: { version: 0, signer: 'Intruso' } }),
    ),
    'DELETE /api/enti/{id}/memberships/{membershipId}': F('B membership', (a) =>
      forbidden(w, a, 'DELETE', `/api/enti/${w.enti.B}/memberships/${w.B.memberships[0] ?? NIL}`, { body: { version: 0 } }),
    ),
    'POST /api/enti/{id}/memberships/{membershipId}/document': F('B membership', (a) =>
      forbidden(w, a, 'POST', `/api/enti/${w.enti.B}/memberships/${w.B.memberships[0] ?? NIL}/document`),
    ),
    'GET /api/enti/{id}/memberships/{membershipId}/document': P('B membership', (a) =>
      likeMissing(w, a, 'GET', (id) => ({ url: `/api/enti/${w.enti.B}/memberships/${id}/document` }), w.B.memberships, { allow: [404] }),
    ),
    // Saved views of the queue belong to CIT staff: an Ente's users may not list, create, change or delete any.
    'GET /api/views': F('—', (a) => forbidden(w, a, 'GET', '/api/views')),
    'POST /api/views': F('—', (a) => forbidden(w, a, 'POST', '/api/views', { body: { name: 'Intrusa', shared: true, definition: { filters: {}, sort: 'sla', columns: [] } } })),
    'PATCH /api/views/{id}': F('any view', (a) => forbidden(w, a, 'PATCH', `/api/views/${NIL}`, { body: { version: 0, name: 'Intrusa' } })),
    'DELETE /api/views/{id}': F('any view', (a) => forbidden(w, a, 'DELETE', `/api/views/${NIL}`)),
    // Bulk actions, links, merges and canned replies are the CIT operators' tools: refused to an Ente's users even on B's ids.
    'POST /api/tickets/bulk': F('B tickets', (a) =>
      forbidden(w, a, 'POST', '/api/tickets/bulk', { body: { ticketIds: bTickets, operation: { kind: 'action', request: { action: 'close' } } } }),
    ),
    'GET /api/tickets/{id}/links': F('B ticket', (a) => forbidden(w, a, 'GET', `/api/tickets/${B.t1}/links`)),
    'POST /api/tickets/{id}/links': F('B ticket to own', (a) => forbidden(w, a, 'POST', `/api/tickets/${B.t1}/links`, { body: { ticket: ownTicket(a) } })),
    'DELETE /api/tickets/{id}/links/{otherId}': F('B tickets', (a) => forbidden(w, a, 'DELETE', `/api/tickets/${B.t1}/links/${B.t2}`)),
    'POST /api/tickets/{id}/merge': F('B ticket into B ticket', (a) => forbidden(w, a, 'POST', `/api/tickets/${B.t1}/merge`, { body: { into: B.t2 } })),
    // Banners: an Ente user reads its own (never B's) and may dismiss only those; managing them is the admins'.
    'GET /api/announcements/current': P('—', (a) =>
      clean(w, a, '/api/announcements/current', (r) => (r.json.items.some((x) => B.announcements.includes(x.id)) ? "B's banner shown" : undefined)),
    ),
    'POST /api/announcements/{id}/dismiss': P('B announcement', (a) => likeMissing(w, a, 'POST', (id) => ({ url: `/api/announcements/${id}/dismiss` }), B.announcements)),
    'GET /api/admin/announcements': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/announcements')),
    'POST /api/admin/announcements': F('—', (a) =>
      forbidden(w, a, 'POST', '/api/admin/announcements', { body: { title: 'Intruso', severity: 'info', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', allEnti: true } }),
    ),
    'PUT /api/admin/announcements/{id}': F('B announcement', (a) =>
      forbidden(w, a, 'PUT', `/api/admin/announcements/${B.announcements[0]}`, {
        body: { title: 'Intruso', severity: 'info', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', allEnti: true, version: 0 },
      }),
    ),
    'POST /api/admin/announcements/{id}/end': F('B announcement', (a) => forbidden(w, a, 'POST', `/api/admin/announcements/${B.announcements[0]}/end`, { body: { version: 0 } })),
    'GET /api/canned-replies': F('—', (a) => forbidden(w, a, 'GET', '/api/canned-replies')),
    'POST /api/canned-replies': F('—', (a) => forbidden(w, a, 'POST', '/api/canned-replies', { body: { name: 'Intrusa', body: 'x', shared: true } })),
    'PUT /api/canned-replies/{id}': F('any reply', (a) => forbidden(w, a, 'PUT', `/api/canned-replies/${NIL}`, { body: { name: 'Intrusa', body: 'x' } })),
    'DELETE /api/canned-replies/{id}': F('any reply', (a) => forbidden(w, a, 'DELETE', `/api/canned-replies/${NIL}`)),
    // Knowledge base: an Ente reads only the articles for the Enti; writing and the deflection figure are the CIT's.
    'GET /api/kb/articles': P('—', (a) =>
      clean(w, a, ['/api/kb/articles', '/api/kb/articles?q=procedura%20riservata&match=any', '/api/kb/articles?audience=cit&status=draft', '/api/kb/articles?audience=cit'], (r) => (r.text.includes('Nota interna CIT') ? 'CIT-only article listed' : undefined)),
    ),
    'GET /api/kb/articles/{id}': P('CIT-only article', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/kb/articles/${id}` }), B.kbInternal, { allow: [404] })),
    'POST /api/kb/articles': F('—', (a) => forbidden(w, a, 'POST', '/api/kb/articles', { body: { title: 'Intruso', body: 'x', audience: 'enti' } })),
    'PUT /api/kb/articles/{id}': F('CIT-only article', (a) =>
      forbidden(w, a, 'PUT', `/api/kb/articles/${B.kbInternal[0] ?? NIL}`, { body: { title: 'Intruso', body: 'x', audience: 'enti', version: 0 } }),
    ),
    'DELETE /api/kb/articles/{id}': F('CIT-only article', (a) => forbidden(w, a, 'DELETE', `/api/kb/articles/${B.kbInternal[0] ?? NIL}`)),
    'POST /api/kb/from-ticket/{ticketId}': F('B tickets', (a) => forbidden(w, a, 'POST', `/api/kb/from-ticket/${B.t1}`)),
    'GET /api/kb/deflection': F('—', (a) => forbidden(w, a, 'GET', '/api/kb/deflection')),
    'POST /api/kb/suggestion-events': P('CIT-only article', (a) =>
      clean(w, a, '/api/kb/suggestion-events', undefined, { method: 'POST', status: [204], opts: { body: { formSession: randomUUID(), kind: 'opened', articleIds: B.kbInternal } } }),
    ),
    // Support groups and routing rules are the CIT's; re-triage and the routing dry run are for its staff.
    'GET /api/support-groups': F('—', (a) => forbidden(w, a, 'GET', '/api/support-groups')),
    'POST /api/support-groups': F('—', (a) => forbidden(w, a, 'POST', '/api/support-groups', { body: { key: 'intrusi', name: 'Intrusi' } })),
    'PATCH /api/support-groups/{key}': F('a seeded group', (a) => forbidden(w, a, 'PATCH', '/api/support-groups/sistemisti', { body: { version: 0, name: 'Intrusi' } })),
    'GET /api/routing-rules': F('—', (a) => forbidden(w, a, 'GET', '/api/routing-rules')),
    'POST /api/routing-rules': F('—', (a) => forbidden(w, a, 'POST', '/api/routing-rules', { body: { name: 'Intrusa', conditions: {}, actions: { label: 'x' } } })),
    'PUT /api/routing-rules/order': F('—', (a) => forbidden(w, a, 'PUT', '/api/routing-rules/order', { body: { ids: [] } })),
    'PATCH /api/routing-rules/{id}': F('any rule', (a) => forbidden(w, a, 'PATCH', `/api/routing-rules/${NIL}`, { body: { version: 0, enabled: false } })),
    'DELETE /api/routing-rules/{id}': F('any rule', (a) => forbidden(w, a, 'DELETE', `/api/routing-rules/${NIL}`)),
    // Mailboxes are the admins'; the unassigned mail is for the CIT staff (issue 21).
    'GET /api/mailboxes': F('—', (a) => forbidden(w, a, 'GET', '/api/mailboxes')),
    'POST /api/mailboxes': F('—', (a) =>
      forbidden(w, a, 'POST', '/api/mailboxes', { body: { name: 'Intrusa', kind: 'ordinary', host: '127.0.0.1', port: 9, tls: false, username: 'x', secret: 'x', active: false } }),
    ),
    'PUT /api/mailboxes/{id}': F('any mailbox', (a) =>
      forbidden(w, a, 'PUT', `/api/mailboxes/${NIL}`, { body: { name: 'Intrusa', kind: 'ordinary', host: '127.0.0.1', port: 9, tls: false, username: 'x', active: false } }),
    ),
    'DELETE /api/mailboxes/{id}': F('any mailbox', (a) => forbidden(w, a, 'DELETE', `/api/mailboxes/${NIL}`)),
    // The official PEC notices name every Ente's acts and addresses: admins only (issue 21, point 3).
    'GET /api/admin/official-notices': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/official-notices?status=not_sendable')),
    'POST /api/admin/official-notices/{id}/retry': F('any notice', (a) => forbidden(w, a, 'POST', `/api/admin/official-notices/${NIL}/retry`)),
    'GET /api/unassigned-mail': F('—', (a) => forbidden(w, a, 'GET', '/api/unassigned-mail')),
    'POST /api/unassigned-mail/{id}/ticket': F('any message', (a) => forbidden(w, a, 'POST', `/api/unassigned-mail/${NIL}/ticket`, { body: { enteId: w.enti.B } })),
    'POST /api/unassigned-mail/{id}/discard': F('any message', (a) => forbidden(w, a, 'POST', `/api/unassigned-mail/${NIL}/discard`)),
    'POST /api/tickets/{id}/retriage': F('B ticket', (a) => forbidden(w, a, 'POST', `/api/tickets/${B.t1}/retriage`, { body: { urgency: 'blocking' } })),
    'GET /api/tickets/{id}/routing': F('B ticket', (a) => forbidden(w, a, 'GET', `/api/tickets/${B.t1}/routing`)),
    'POST /api/enti/{id}/merge': F('B ente into A', (a) =>
      forbidden(w, a, 'POST', `/api/enti/${w.enti.B}/merge`, { body: { intoId: w.enti.A, mergedOn: '2026-01-01', version: 0 } }),
    ),
    'GET /api/suppliers': F('—', (a) => forbidden(w, a, 'GET', '/api/suppliers')),
    'POST /api/tickets': P('enteId=B; targetRecordIds=[B record]', async (a) =>
      merge(
        await likeMissing(w, a, 'POST', (enteId) => ({ url: '/api/tickets', body: { type: 'incident', category: 'assistance', urgency: 'low', title: 'Per conto di altri', description: 'x', enteId } }), [w.enti.B]),
        await likeMissing(
          w,
          a,
          'POST',
          (id) => ({ url: '/api/tickets', body: { type: 'request', category: 'cancellation', serviceCode: 'pec', urgency: 'low', title: 'Disdetta altrui', description: 'x', targetRecordIds: [id], ...enteField(a) } }),
          pick(B.records),
          { allow: [400, 404] },
        ),
      ),
    ),
    // Exports: the list's scope and filters; B's names, titles and protocols (the leak scan) never appear in the CSV.
    'GET /api/tickets/export/{format}': P('enteId=B, q=B protocol', (a) =>
      clean(w, a, [`/api/tickets/export/csv?enteId=${w.enti.B}`, `/api/tickets/export/csv?q=${encodeURIComponent(B.protocols[0] ?? 'x')}`, '/api/tickets/export/csv', '/api/tickets/export/xlsx']),
    ),
    'GET /api/billing/entries/export/{format}': P('enteId=B', (a) => clean(w, a, [`/api/billing/entries/export/csv?enteId=${w.enti.B}`, '/api/billing/entries/export/csv'])),
    'GET /api/billing/statements/export/{format}': P('enteId=B', (a) => clean(w, a, [`/api/billing/statements/export/csv?enteId=${w.enti.B}`, '/api/billing/statements/export/csv'])),
    'GET /api/services/records/export/{format}': P('enteId=B', async (a) =>
      merge(
        await clean(w, a, ['/api/services/records/export/csv?status=all']),
        await likeMissing(w, a, 'GET', (id) => ({ url: `/api/services/records/export/csv?enteId=${id}` }), [w.enti.B], { allow: [404] }),
      ),
    ),
    'GET /api/enti/export/{format}': P('q=B name', (a) =>
      clean(w, a, [`/api/enti/export/csv?q=${encodeURIComponent(B.ente.name)}`, '/api/enti/export/csv'], (r) => (r.text.split('\n').filter(Boolean).length > 1 + own(a).length ? 'more Enti than its own' : undefined)),
    ),
    'GET /api/admin/audit/export/{format}': F('recordId=B ente', (a) => forbidden(w, a, 'GET', `/api/admin/audit/export/csv?entity=enti&recordId=${w.enti.B}`)),
    'GET /api/tickets': P('enteId=B, q=B title, q=B protocol', async (a) => {
      const enteFilter = await likeMissing(w, a, 'GET', (id) => ({ url: `/api/tickets?enteId=${id}` }), [w.enti.B], { reads: true });
      const search = await clean(w, a, [`/api/tickets?q=${w.marker.B}`, `/api/tickets?q=${encodeURIComponent(B.protocols[0])}`, `/api/tickets?assignee=${w.users.refB}`, '/api/tickets?status=new,assigned,planned,pending,solved,closed,deleted&limit=200'], (r, u) => {
        const total = Object.values(r.json.counts).reduce((x, y) => x + y, 0);
        if (u.includes('q=') && (r.json.items.length || total)) return `${r.json.items.length} items, counts ${total}`;
        if (u.includes('status=') && r.json.items.length === 0) return 'own tickets not listed';
        return onlyOwn(r.json.items, (t) => t.ente.id);
      });
      // Positive control: the same search finds the attacker's own ticket, so "nothing found" above means something.
      const mine = a.key === 'refA' ? await clean(w, a, `/api/tickets?q=${w.marker.A}`, (r) => (r.json.items.length ? undefined : 'own ticket not found by its marker')) : undefined;
      return mine ? merge(enteFilter, search, mine) : merge(enteFilter, search);
    }),
    'GET /api/tickets/dashboard': F('—', (a) => forbidden(w, a, 'GET', '/api/tickets/dashboard')),
    'GET /api/tickets/{id}': P(`B ticket ×${bTickets.length}`, (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/tickets/${id}` }), bTickets)),
    'POST /api/tickets/{id}/actions': P('B ticket (solved) reopen', (a) =>
      likeMissing(w, a, 'POST', (id) => ({ url: `/api/tickets/${id}/actions`, body: { action: 'reopen', message: 'Riapro il ticket di un altro Ente' } }), pick([B.t1, B.t2])),
    ),
    'POST /api/tickets/{id}/followups': P('B ticket, JSON + multipart', async (a) =>
      merge(
        await likeMissing(w, a, 'POST', (id) => ({ url: `/api/tickets/${id}/followups`, body: { body: 'Seguito su un ticket altrui' } }), pick([B.t1, B.t2])),
        await likeMissing(w, a, 'POST', (id) => ({ url: `/api/tickets/${id}/followups`, fields: { body: 'Seguito con file' }, files: [textFile('intruso.txt', 'file intruso\n')] }), [B.t1]),
      ),
    ),
    'POST /api/tickets/{id}/attachments': P('B ticket, multipart', (a) =>
      likeMissing(w, a, 'POST', (id) => ({ url: `/api/tickets/${id}/attachments`, files: [textFile('intruso.txt', 'file intruso\n')] }), pick([B.t1, B.t3])),
    ),
    'GET /api/tickets/{id}/attachments/{attachmentId}': P('B ticket+B file, own ticket+B file, private note file', (a) =>
      likeMissing(
        w,
        a,
        'GET',
        ([t, att]) => ({ url: `/api/tickets/${t}/attachments/${att}` }),
        [
          [B.t1, publicAtt.id],
          [ownTicket(a), publicAtt.id],
          [B.t1, privateAtt.id],
          ...(quick ? [] : B.attachments.map((x) => [x.ticket_id, x.id])),
        ],
        { control: { url: `/api/tickets/${ownTicket(a)}/attachments/${randomUUID()}` } },
      ).then(async (o) =>
        // Positive control: the referent's own file downloads through the same route.
        a.key === 'refA' ? merge(o, await clean(w, a, `/api/tickets/${w.A.ownAttachment.ticket_id}/attachments/${w.A.ownAttachment.id}`, (r) => (r.text.includes(w.marker.A) ? undefined : 'own file content missing'))) : o,
      ),
    ),
    'GET /api/approvals': F('—', (a) => forbidden(w, a, 'GET', '/api/approvals')),
    'POST /api/tickets/{id}/approval': F('B activation', (a) => forbidden(w, a, 'POST', `/api/tickets/${B.t2}/approval`, { body: { decision: 'approve' } })),
    'POST /api/tickets/{id}/reapply': F('B activation', (a) => forbidden(w, a, 'POST', `/api/tickets/${B.t2}/reapply`, { body: {} })),
    'GET /api/sla': P('—', (a) => clean(w, a, '/api/sla')),
    'PUT /api/sla/targets/{urgency}': F('medium', (a) => forbidden(w, a, 'PUT', '/api/sla/targets/medium', { body: { takeChargeMinutes: 1, resolveMinutes: 2, version: 0 } })),
    'GET /api/sla/calendar': F('—', (a) => forbidden(w, a, 'GET', '/api/sla/calendar')),
    'PUT /api/sla/calendar': F('—', (a) =>
      forbidden(w, a, 'PUT', '/api/sla/calendar', { body: { workingDays: [1], hours: [['09:00', '10:00']], patronDay: null, version: 0 } }),
    ),
    'POST /api/sla/calendar/closures': F('—', (a) => forbidden(w, a, 'POST', '/api/sla/calendar/closures', { body: { date: '2099-01-02', reason: 'Intrusione' } })),
    'DELETE /api/sla/calendar/closures/{id}': F('—', (a) => forbidden(w, a, 'DELETE', '/api/sla/calendar/closures/00000000-0000-0000-0000-000000000000')),
    'POST /api/billing/quota': F('—', (a) => forbidden(w, a, 'POST', '/api/billing/quota', { body: { year } })),
    'POST /api/billing/usage/telemaco': F('CSV with B fiscal code', (a) =>
      forbidden(w, a, 'POST', '/api/billing/usage/telemaco', { files: [textFile('telemaco.csv', `codice_fiscale;anno;mese;consultazioni\n${B.ente.fiscal_code};${year};1;999\n`, 'file')] }),
    ),
    'POST /api/billing/collections': F('CSV with B entry', (a) =>
      forbidden(w, a, 'POST', '/api/billing/collections', { files: [textFile('riscossioni.csv', `id_addebito;data_riscossione;atto\n${B.entries.at(-1)};01/09/${year};Determina n. 1\n`, 'file')] }),
    ),
    'POST /api/billing/entries/{id}/collect': F('B billing entry', (a) =>
      forbidden(w, a, 'POST', `/api/billing/entries/${B.entries.at(-1)}/collect`, { body: { actReference: 'Determina n. 1', collectedOn: `${year}-09-01` } }),
    ),
    'POST /api/billing/accounting': F('CSV with B entry', (a) =>
      forbidden(w, a, 'POST', '/api/billing/accounting', {
        files: [textFile('accertamenti.csv', `id_addebito;capitolo;numero_accertamento;data_accertamento\n${B.entries.at(-1)};1234;55;01/09/${year}\n`, 'file')],
      }),
    ),
    'PUT /api/billing/entries/{id}/accounting': F('B billing entry', (a) =>
      forbidden(w, a, 'PUT', `/api/billing/entries/${B.entries.at(-1)}/accounting`, { body: { budgetChapter: '1234' } }),
    ),
    'POST /api/billing/entries/accounting': F('B billing entries', (a) =>
      forbidden(w, a, 'POST', '/api/billing/entries/accounting', { body: { ids: pick(B.entries), accounting: { budgetChapter: '1234' } } }),
    ),
    'GET /api/billing/totals': P(`year=${year}`, (a) =>
      clean(w, a, `/api/billing/totals?year=${year}`, (r) =>
        a.key === 'refA' && !r.json.items.some((i) => i.ente.id === w.enti.A) ? 'own totals missing' : onlyOwn(r.json.items, (i) => i.ente.id),
      ),
    ),
    'GET /api/billing/entries': P('enteId=B', async (a) =>
      merge(
        await likeMissing(w, a, 'GET', (id) => ({ url: `/api/billing/entries?enteId=${id}&year=${year}` }), [w.enti.B], { reads: true }),
        await clean(w, a, `/api/billing/entries?year=${year}`, (r) =>
          a.key === 'refA' && r.json.items.length === 0 ? 'own entries missing' : onlyOwn(r.json.items, (i) => i.ente.id) ?? onlyOwn(r.json.items, (i) => i.payer.id),
        ),
      ),
    ),
    'POST /api/billing/statements/runs': F('—', (a) => forbidden(w, a, 'POST', '/api/billing/statements/runs', { body: { year, half } })),
    'GET /api/billing/statements/runs': F('—', (a) => forbidden(w, a, 'GET', '/api/billing/statements/runs')),
    'GET /api/billing/statements/payment-settings': F('—', (a) => forbidden(w, a, 'GET', '/api/billing/statements/payment-settings')),
    'PUT /api/billing/statements/payment-settings': F('—', (a) =>
      forbidden(w, a, 'PUT', '/api/billing/statements/payment-settings', { body: { beneficiary: 'Provincia di Brescia', treasuryAccount: null, iban: null, version: 0 } }),
    ),
    'PUT /api/billing/statements/{id}/pagopa': F('B statement', (a) =>
      forbidden(w, a, 'PUT', `/api/billing/statements/${B.statements[0]}/pagopa`, { body: { noticeCode: '301000000000012345' } }),
    ),
    'GET /api/billing/statements/runs/{id}': F('run id', (a) => forbidden(w, a, 'GET', `/api/billing/statements/runs/${w.runs[0]}`)),
    'GET /api/billing/statements': P('enteId=B', async (a) =>
      merge(
        await likeMissing(w, a, 'GET', (id) => ({ url: `/api/billing/statements?enteId=${id}` }), [w.enti.B], { reads: true }),
        await clean(w, a, '/api/billing/statements', (r) => (a.key === 'refA' && r.json.items.length === 0 ? 'own statement missing' : onlyOwn(r.json.items, (s) => s.payer.id))),
      ),
    ),
    'GET /api/billing/statements/{id}/pdf': P('B statement', (a) => download(a, 'pdf')),
    'GET /api/billing/statements/{id}/csv': P('B statement', (a) => download(a, 'csv')),
    'GET /api/catalog': P('—', (a) => clean(w, a, '/api/catalog')),
    'POST /api/service-requests/form': P('enteId=B, B records, B ticket', async (a) => {
      const form = (extra) => ({ url: '/api/service-requests/form', body: { serviceCode: 'pec', signatoryName: 'Mario Rossi', signatoryRole: 'Sindaco', ...extra } });
      return merge(
        await likeMissing(w, a, 'POST', (id) => form({ category: 'activation', enteId: id }), [w.enti.B]),
        await likeMissing(w, a, 'POST', (id) => form({ category: 'cancellation', targetRecordIds: [id], ...enteField(a) }), pick(B.records), { allow: [400, 404] }),
        await likeMissing(w, a, 'POST', (id) => form({ category: 'activation', ticketId: id, ...enteField(a) }), bTickets),
        // The attacker's own form is generated: the refusals above are about B, not about the route.
        await clean(w, a, '/api/service-requests/form', (r) => (r.text.startsWith('%PDF-') ? undefined : 'own form is not a PDF'), {
          method: 'POST',
          opts: form({ category: 'activation', ...enteField(a) }),
        }),
      );
    }),
    'POST /api/service-requests/form-check': P('—', (a) =>
      clean(w, a, '/api/service-requests/form-check', (r) => (r.json?.requirement?.outcome === 'handwritten_with_id' ? undefined : `verdict ${r.json?.requirement?.outcome}`), {
        method: 'POST',
        opts: { files: REQUEST_FORM_FILES },
      }),
    ),
    'GET /api/services/quote': P('enteId=B', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/services/quote?serviceCode=pec&quantity=1&enteId=${id}` }), [w.enti.B])),
    'GET /api/services/contracts': P('—', (a) =>
      clean(w, a, '/api/services/contracts', (r) => {
        const lines = Object.values(r.json).flat();
        if (a.key === 'refA' && !lines.some((l) => l.ente.id === w.enti.A)) return 'own expiring record missing';
        return onlyOwn(lines, (l) => l.ente.id);
      }),
    ),
    'GET /api/services/records': P('enteId=B', async (a) =>
      merge(
        await likeMissing(w, a, 'GET', (id) => ({ url: `/api/services/records?enteId=${id}` }), [w.enti.B], { reads: true }),
        await clean(w, a, '/api/services/records', (r) => (a.key === 'refA' && r.json.items.length === 0 ? 'own records missing' : onlyOwn(r.json.items, (i) => i.ente.id))),
      ),
    ),
    'GET /api/ente/home': P('enteId=B', async (a) =>
      merge(
        await likeMissing(w, a, 'GET', (id) => ({ url: `/api/ente/home?enteId=${id}` }), [w.enti.B]),
        await clean(w, a, ['/api/ente/home', `/api/ente/home?enteId=${own(a).at(-1)}`], (r) =>
          !own(a).includes(r.json.ente.id) ? `home of ${r.json.ente.id}` : onlyOwn(r.json.enti, (e) => e.id),
        ),
      ),
    ),
    // Reports: B as a filter is refused exactly like an Ente that does not exist (400 naming enteId); without a filter
    // the figures are the caller's Enti only (the per-Ente volumes name no other).
    ...Object.fromEntries(
      ['trend', 'sla', 'volumes', 'backlog'].map((report) => [
        `GET /api/reports/${report}`,
        P('enteId=B', async (a) =>
          merge(
            await likeMissing(w, a, 'GET', (id) => ({ url: `/api/reports/${report}?enteId=${id}` }), [w.enti.B], { allow: [400] }),
            await clean(w, a, `/api/reports/${report}`, (r) => (report === 'volumes' ? onlyOwn(r.json.byEnte, (e) => e.id) : undefined)),
          ),
        ),
      ]),
    ),
    'PUT /api/services/records/{id}/notes': F('B record', (a) =>
      forbidden(w, a, 'PUT', `/api/services/records/${B.records[0]}/notes`, { body: { notes: 'nota' } }),
    ),
    'GET /api/service-records/renewal-preview': P('enteId=B', async (a) =>
      merge(
        await likeMissing(w, a, 'GET', (id) => ({ url: `/api/service-records/renewal-preview?year=${year + 1}&enteId=${id}` }), [w.enti.B], { reads: true }),
        await clean(w, a, `/api/service-records/renewal-preview?year=${year + 1}`, (r) => onlyOwn(r.json.enti, (e) => e.ente.id)),
      ),
    ),
    'POST /api/service-records/renewal-notices': F('—', (a) => forbidden(w, a, 'POST', '/api/service-records/renewal-notices', { body: { year: year + 1 } })),
    'GET /api/admin/mails': F('ticketId=B', (a) => forbidden(w, a, 'GET', `/api/admin/mails?ticketId=${B.t1}`)),
    'POST /api/admin/mails/{id}/retry': F('B mail', (a) => forbidden(w, a, 'POST', `/api/admin/mails/${B.mails[0] ?? randomUUID()}/retry`)),
    'GET /api/tickets/{id}/follow': P('B ticket', (a) => likeMissing(w, a, 'GET', (id) => ({ url: `/api/tickets/${id}/follow` }), bTickets)),
    'POST /api/tickets/{id}/follow': P('B ticket', (a) => likeMissing(w, a, 'POST', (id) => ({ url: `/api/tickets/${id}/follow` }), bTickets)),
    'DELETE /api/tickets/{id}/follow': P('B ticket', (a) => likeMissing(w, a, 'DELETE', (id) => ({ url: `/api/tickets/${id}/follow` }), bTickets)),
    'GET /api/me/preferences': P('—', (a) => clean(w, a, '/api/me/preferences')),
    'PATCH /api/me/preferences': P('own only', (a) => clean(w, a, '/api/me/preferences', undefined, { method: 'PATCH', opts: { body: { language: 'it' } } })),
    'GET /api/surveys/stats': F('—', (a) => forbidden(w, a, 'GET', '/api/surveys/stats')),
    'GET /api/surveys/answers': F('enteId=B', (a) => forbidden(w, a, 'GET', `/api/surveys/answers?enteId=${w.enti.B}`)),
    'GET /api/surveys/answers/export/{format}': F('enteId=B', (a) => forbidden(w, a, 'GET', `/api/surveys/answers/export/csv?enteId=${w.enti.B}`)),
    'GET /api/me/notifications': P('—', (a) => clean(w, a, '/api/me/notifications', (r) => (Array.isArray(r.json.items) && typeof r.json.unread === 'number' ? undefined : 'not a notification list'))),
    // Marking read is keyed by the session's user: B's ticket or ids select none of the caller's rows and touch nobody else's.
    'POST /api/me/notifications/read': P('B ticket (own rows only)', (a) =>
      clean(w, a, '/api/me/notifications/read', (r) => (typeof r.json.unread === 'number' ? undefined : 'no unread count'), { method: 'POST', opts: { body: { ticketId: B.t1 } } }),
    ),
    'GET /api/tickets/{id}/requester-card': F('B ticket', (a) => forbidden(w, a, 'GET', `/api/tickets/${B.t1}/requester-card`)),
    'GET /api/ticket-tests/{token}': P('own «da testare» link with B ticket id', (a) =>
      likeMissing(w, a, 'GET', (t) => ({ url: `/api/ticket-tests/${testLink(t)}?answer=confirm` }), bTickets),
    ),
    'GET /api/surveys/{token}': P('own link with B ticket id', async (a) =>
      merge(
        await likeMissing(w, a, 'GET', (t) => ({ url: `/api/surveys/${survey(t, w.A.t3)}` }), [B.t3]),
        // Positive control: the genuine link of the attacker's Ente works, so the 404 above is the signature check.
        await clean(w, a, `/api/surveys/${survey(w.A.t3, w.A.t3)}`, (r) => (r.text.includes(w.marker.A) ? undefined : 'own survey page not shown')),
      ),
    ),
    'POST /api/surveys/{token}': P('own link with B ticket id', (a) => likeMissing(w, a, 'POST', (t) => ({ url: `/api/surveys/${survey(t, w.A.t3)}`, body: { score: 1, comment: 'pessimo' } }), [B.t3])),
    'GET /api/admin/jobs/failed': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/jobs/failed')),
    'GET /api/admin/ops': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/ops')),
    'GET /api/admin/import-runs': F('—', (a) => forbidden(w, a, 'GET', '/api/admin/import-runs')),
    'GET /api/admin/import-runs/{id}': F('run id', (a) => forbidden(w, a, 'GET', `/api/admin/import-runs/${randomUUID()}`)),
    'POST /api/admin/import-runs/softwarecit': F('CSV naming B as aderente', (a) =>
      forbidden(w, a, 'POST', '/api/admin/import-runs/softwarecit', {
        files: [
          textFile('convenzioni.csv', 'ente;convenzione;firmatario;data_firma;delibera;data_delibera\n', 'conventions'),
          textFile('servizi.csv', 'id;ente;servizio;convenzione;canone;data_inizio\n', 'records'),
          textFile('pagamenti.csv', `aderente;pagante;anno;importo\n${B.ente.fiscal_code};;${year};1,00\n`, 'payments'),
        ],
      }),
    ),
    'POST /api/admin/jobs/{id}/retry': F('B apply job', (a) => forbidden(w, a, 'POST', `/api/admin/jobs/${encodeURIComponent(`services.apply-${B.t2}`)}/retry`)),
    'GET /api/dev/mails': F('—', (a) => forbidden(w, a, 'GET', '/api/dev/mails')),
    'GET /api/dev/mails/{id}': F('B caught mail', (a) => forbidden(w, a, 'GET', `/api/dev/mails/${B.caught[0] ?? 1}`)),
    'GET /api/dev/mails/{id}/html': F('B caught mail', (a) => forbidden(w, a, 'GET', `/api/dev/mails/${B.caught[0] ?? 1}/html`)),
    'GET /api/dev/mailbox': F('—', (a) => forbidden(w, a, 'GET', '/api/dev/mailbox')),
    // Registered outside ApiRouter, hence outside the OpenAPI document.
    'GET /api/openapi.json': P('—', (a) => clean(w, a, '/api/openapi.json')),
    'USE /api/docs': P('—', (a) => clean(w, a, '/api/docs/', undefined, { status: [200, 301, 302] })),
    'USE /api/admin/queues': F('bull-board page + its JSON API', async (a) =>
      merge(await forbidden(w, a, 'GET', '/api/admin/queues'), await forbidden(w, a, 'GET', '/api/admin/queues/api/queues?activeQueue=cit-jobs&status=completed')),
    ),
    'USE /api': P('unknown path with B ticket id', (a) => clean(w, a, `/api/nonexistent/${B.t1}`, undefined, { status: [404] })),
  };
  // Routes whose refusal is not a 404/403: say what is expected instead.
  const expect = {
    'POST /api/auth/login': '401, like an unknown address',
    'POST /api/auth/logout': "ends only its own session; B's stays valid",
    'POST /api/auth/password/forgot': '202, the same answer as an unknown address',
    'POST /api/auth/password/reset': '400, like a made-up token',
    'PATCH /api/me/preferences': "changes its own only (B's unchanged)",
    'GET /api/surveys/{token}': '404 like a missing ticket; own link 200',
    'USE /api': '404, nothing of B',
    'GET /api/metrics': '401 without the metrics token (404 when none is configured)',
  };
  for (const [k, e] of Object.entries(expect)) table[k].expect = e;
  return table;
}

// ---------------------------------------------------------------------------------------------- snapshot

/** What "B unchanged" means: every row of B's, hashed per table. Login counters and password links are left out: anyone may fail a login or ask a reset link for any address, by design. */
const SNAPSHOT = {
  enti: `SELECT * FROM enti WHERE id = $1 OR capofila_id = $1`,
  ente_population: `SELECT * FROM ente_population WHERE ente_id = $1`,
  memberships: `SELECT * FROM memberships WHERE ente_id = $1`,
  ente_signatories: `SELECT * FROM ente_signatories WHERE ente_id = $1`,
  users: `SELECT u.id, u.email, u.name, u.role, u.language, u.password_hash, u.supplier_id, u.disabled_at, u.mail_opt_out
          FROM users u WHERE u.id IN (SELECT user_id FROM user_enti WHERE ente_id = $1)`,
  user_enti: `SELECT * FROM user_enti WHERE ente_id = $1`,
  tickets: `SELECT * FROM tickets WHERE ente_id = $1`,
  ticket_followups: `SELECT f.* FROM ticket_followups f JOIN tickets t ON t.id = f.ticket_id WHERE t.ente_id = $1`,
  ticket_attachments: `SELECT a.* FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.ente_id = $1`,
  ticket_history: `SELECT h.* FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id WHERE t.ente_id = $1`,
  ticket_followers: `SELECT x.* FROM ticket_followers x JOIN tickets t ON t.id = x.ticket_id WHERE t.ente_id = $1`,
  ticket_surveys: `SELECT x.* FROM ticket_surveys x JOIN tickets t ON t.id = x.ticket_id WHERE t.ente_id = $1`,
  mail_reply_tokens: `SELECT x.* FROM mail_reply_tokens x JOIN tickets t ON t.id = x.ticket_id WHERE t.ente_id = $1`,
  outgoing_mails: `SELECT x.id, x.ticket_id, x.recipient_user_id, x.template FROM outgoing_mails x JOIN tickets t ON t.id = x.ticket_id WHERE t.ente_id = $1`,
  outbox: `SELECT o.id FROM outbox o WHERE o.payload->>'ticketId' IN (SELECT id::text FROM tickets WHERE ente_id = $1)`,
  service_records: `SELECT * FROM service_records WHERE ente_id = $1 OR payer_ente_id = $1`,
  billing_entries: `SELECT * FROM billing_entries WHERE ente_id = $1 OR payer_ente_id = $1`,
  statements: `SELECT * FROM statements WHERE payer_ente_id = $1`,
};

async function snapshot(dbUrl, enteId) {
  return withPg(dbUrl, async (db) => {
    const out = {};
    for (const [table, sql] of Object.entries(SNAPSHOT)) {
      const {
        rows: [r],
      } = await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(to_jsonb(x)::text, '|' ORDER BY to_jsonb(x)::text), '')) AS h FROM (${sql}) x`, [enteId]);
      out[table] = r;
    }
    return out;
  });
}

// ------------------------------------------------------------------------------------------------ sockets

function watchAck(socket, ticketId) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ timeout: true }), 5_000);
    socket.emit('ticket.watch', ticketId, (r) => {
      clearTimeout(t);
      resolve(r);
    });
  });
}

// ------------------------------------------------------------------------------------------------- inbound

/** An SMTP conversation with the reply listener, as A's referent; resolves with the server's answer code. */
async function smtpReply(port, from, to) {
  const nodemailer = require('nodemailer');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5_000, socketTimeout: 5_000 });
  try {
    await transport.sendMail({ envelope: { from, to }, from, to, subject: 'Re: ticket', text: 'Risposta intrusa a un ticket di un altro Ente.' });
    return { code: 250 };
  } catch (err) {
    return { code: err.responseCode ?? 0, message: String(err.response ?? err.message).slice(0, 120) };
  } finally {
    transport.close();
  }
}

// ------------------------------------------------------------------------------------------------- drill

/** Prints the matrix the issue asks for: method | path | id used | status per attacker | verdict. */
function printMatrix(lines) {
  const head = ['method', 'path', 'id used', 'ente_user A', 'capofila U+M', 'verdict'];
  const cells = lines.map((l) => [l.method, l.path, l.ids, l.status.refA ?? '', l.status.capo ?? '', l.verdict]);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((c) => String(c[i]).length))));
  const fmt = (c) => `| ${c.map((x, i) => String(x).slice(0, 60).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n    IDOR matrix (${lines.length} rows)`);
  console.log(fmt(head));
  console.log(`|${widths.map((x) => '-'.repeat(x + 2)).join('|')}|`);
  for (const c of cells) console.log(fmt(c));
  console.log('');
}

export async function idorDrill(ctx, { quick }) {
  const t0 = now();
  const w = await buildWorld(ctx, quick);
  const buildMs = now() - t0;
  w.calls = 0;
  w.secrets = secretsOf(w);
  const rows = [];
  const lines = [];
  const attackers = [
    { ...w.who.refA, key: 'refA' },
    { ...w.who.capo, key: 'capo' },
  ];

  // Which routes exist: the running API's OpenAPI document, and the source for what is registered outside it.
  const documented = await openApiRoutes(w.url);
  const { routes: inSource, sockets: socketEvents } = await sourceRoutes();
  const sourceKeys = new Set(inSource.keys());
  const undocumented = [...sourceKeys].filter((k) => !documented.has(k));
  const unseen = [...documented].filter((k) => !sourceKeys.has(k));
  const all = [...new Set([...documented, ...sourceKeys])].sort((x, y) => x.split(' ')[1].localeCompare(y.split(' ')[1]) || x.localeCompare(y));
  const table = probes(w, quick);

  const before = await snapshot(w.dbUrl, w.enti.B);
  const t1 = now();
  let covered = 0;
  for (const key of all) {
    const [method, p] = key.split(' ');
    const probe = table[key];
    if (!probe) {
      lines.push({ method, path: p, ids: '—', status: {}, verdict: 'FAIL' });
      rows.push(row(D, key, 'refused', 'no probe: endpoint not exercised (add one to drills/idor.mjs)', false));
      continue;
    }
    covered++;
    const results = {};
    for (const a of attackers) {
      w.current = a;
      results[a.key] = await probe.run(a).catch((err) => ({ shown: 'error', pass: false, note: String(err?.message ?? err).slice(0, 200) }));
    }
    const pass = Object.values(results).every((r) => r.pass);
    const notes = Object.entries(results)
      .filter(([, r]) => r.note)
      .map(([k, r]) => `${k}: ${r.note}`)
      .join(' | ');
    lines.push({ method, path: p, ids: probe.ids, status: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.shown])), verdict: pass ? 'PASS' : 'FAIL' });
    rows.push(row(D, `${key} [${probe.ids}]`, probe.expect, `A ${results.refA.shown} · capofila ${results.capo.shown}${notes ? ` — ${notes}` : ''}`, pass));
  }
  const unusedProbes = Object.keys(table).filter((k) => !all.includes(k));

  // Sockets: watching B's tickets is answered like a missing ticket; room names are not ids a client can join.
  const bAll = [w.B.t1, w.B.t2, w.B.t3];
  const watch = {};
  for (const a of attackers) {
    const socket = w.sockets[a.key].socket;
    const control = await watchAck(socket, randomUUID());
    const acks = [];
    for (const id of bAll) acks.push(await watchAck(socket, id));
    const odd = [];
    for (const room of ['staff', `ente:${w.enti.B}`, `ticket:${w.B.t1}`]) {
      socket.emit('join', room);
      socket.emit('subscribe', room);
      odd.push(await watchAck(socket, room));
    }
    socket.emit('ticket.unwatch', w.B.t1);
    const ownAck = await watchAck(socket, a.key === 'refA' ? w.A.t1 : w.A.M);
    watch[a.key] = { control, acks, odd, ownAck };
  }
  const watchPass = Object.values(watch).every(
    (x) => x.control.ok === false && x.acks.every((k) => k.ok === false && k.error === x.control.error) && x.odd.every((k) => k.ok === false) && x.ownAck.ok === true,
  );
  const watchShown = (x) => `${x.acks.filter((k) => k.ok === false).length}/${x.acks.length} refused${x.acks.every((k) => k.error === x.control.error) ? ' like a missing id' : ' DIFFERENTLY'}, own ${x.ownAck.ok ? 'ok' : 'refused'}`;
  lines.push({ method: 'WS', path: 'ticket.watch', ids: `B ticket ×${bAll.length}`, status: { refA: watchShown(watch.refA), capo: watchShown(watch.capo) }, verdict: watchPass ? 'PASS' : 'FAIL' });
  rows.push(row(D, 'WS ticket.watch (socket.io)', `B's tickets: not found, like a missing id; own ticket ok`, `A ${watchShown(watch.refA)} · capofila ${watchShown(watch.capo)}`, watchPass));
  const oddShown = Object.values(watch).map((x) => x.odd.map((k) => (k.ok ? 'JOINED' : 'refused')).join('/')).join(' · ');
  const oddPass = Object.values(watch).every((x) => x.odd.every((k) => k.ok === false));
  lines.push({ method: 'WS', path: 'join/subscribe/watch room names', ids: 'staff, ente:B, ticket:B', status: { refA: oddShown.split(' · ')[0], capo: oddShown.split(' · ')[1] }, verdict: oddPass ? 'PASS' : 'FAIL' });
  rows.push(row(D, 'WS staff / ente:B / ticket:B rooms by name', 'not joinable', oddShown, oddPass));

  // Replies by e-mail: a reply token is an id too. A's referent answers with B's token (and with a made-up one).
  let inbound;
  if (w.B.replyTokens.length) {
    const from = w.email('referente-alfa');
    const stolen = await smtpReply(w.inboundPort, from, `reply+${w.B.replyTokens[0]}@127.0.0.1`);
    const madeUp = await smtpReply(w.inboundPort, from, `reply+${randomBytes(16).toString('hex')}@127.0.0.1`);
    inbound = { stolen, madeUp, pass: stolen.code === 550 && madeUp.code === 550 };
    lines.push({ method: 'SMTP', path: 'RCPT reply+{token}', ids: 'B reply token', status: { refA: `${stolen.code} (made-up ${madeUp.code})` }, verdict: inbound.pass ? 'PASS' : 'FAIL' });
    rows.push(row(D, 'SMTP reply+{token} (replies by e-mail)', '550 for B token, like a made-up one', `${stolen.message ?? stolen.code} / made-up ${madeUp.code}`, inbound.pass));
  } else {
    lines.push({ method: 'SMTP', path: 'RCPT reply+{token}', ids: 'B reply token', status: {}, verdict: 'PENDING' });
    rows.push({ ...row(D, 'SMTP reply+{token} (replies by e-mail)', '550 for B token', 'no reply token was issued to B (no mail sent?): not exercised', false), pending: true });
  }
  const attackMs = now() - t1;

  // B unchanged: the attack may not have written anything of B's, directly or through the worker.
  await withPg(w.dbUrl, (db) =>
    until('outbox drained after the attack', async () => ((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`)).rows[0].n === 0 ? true : undefined), 15_000, 200),
  ).catch(() => undefined);
  await sleep(300);
  const after = await snapshot(w.dbUrl, w.enti.B);
  const changed = Object.keys(before).filter((t) => before[t].n !== after[t].n || before[t].h !== after[t].h);
  const rowsOfB = Object.values(before).reduce((n, r) => n + r.n, 0);
  rows.push(
    row(
      D,
      `B's rows unchanged (${Object.keys(SNAPSHOT).length} tables)`,
      `${rowsOfB} rows identical`,
      changed.length ? `CHANGED: ${changed.map((t) => `${t} ${before[t].n}→${after[t].n}`).join(', ')}` : `${rowsOfB} rows identical`,
      changed.length === 0 && before.tickets.n >= 3 && before.billing_entries.n > 0 && before.statements.n > 0,
    ),
  );

  // Live events: B's tickets change while A's sockets listen; then A's own ticket changes (proof they listen).
  const mark = Object.fromEntries(Object.entries(w.sockets).map(([k, s]) => [k, s.seen.length]));
  const staffBefore = w.sockets.operator.seen.length;
  const t4 = (await must(w.url, w.who.refB, 'POST', '/api/tickets', { body: { type: 'incident', category: 'assistance', urgency: 'high', title: `${w.marker.B} quattro`, description: 'Nuovo guasto di Beta' } })).json.id;
  await must(w.url, w.who.operator, 'POST', `/api/tickets/${w.B.t1}/followups`, { body: { body: `Aggiornamento per Beta ${w.marker.B}` } });
  await must(w.url, w.who.operator, 'POST', `/api/tickets/${t4}/actions`, { body: { action: 'take_charge' } });
  await must(w.url, w.who.approver, 'POST', '/api/billing/statements/runs', { body: { year: w.halves[0].year, half: w.halves[0].half } });
  const bEvents = (s, from) => s.seen.slice(from).filter((e) => [...bAll, t4].includes(e.ticketId)).length;
  await until(
    'the staff socket to see B’s changes and the statements run',
    async () => {
      const s = w.sockets.operator;
      return bEvents(s, staffBefore) >= 3 && s.seen.slice(staffBefore).some((e) => e.event === 'statements.progress') ? true : undefined;
    },
    15_000,
    100,
  ).catch(() => undefined);
  await sleep(500);
  const quiet = Object.fromEntries(['refA', 'capo'].map((k) => [k, w.sockets[k].seen.slice(mark[k])]));
  const staffSaw = w.sockets.operator.seen.slice(staffBefore);
  // Positive control: a change to the attacker's own ticket reaches its socket.
  await must(w.url, w.who.operator, 'POST', `/api/tickets/${w.A.t1}/followups`, { body: { body: 'Aggiornamento per Alfa' } });
  await must(w.url, w.who.operator, 'POST', `/api/tickets/${w.A.M}/followups`, { body: { body: 'Aggiornamento per Gamma' } });
  const ownSeen = {};
  for (const [k, id] of [['refA', w.A.t1], ['capo', w.A.M]]) {
    ownSeen[k] = await until(`${k} to see its own ticket change`, async () => (w.sockets[k].seen.some((e) => e.ticketId === id) ? true : undefined), 10_000, 100).then(
      () => true,
      () => false,
    );
  }
  const allB = (k) => w.sockets[k].seen.filter((e) => [...bAll, t4].includes(e.ticketId)).length;
  const staffB = w.sockets.operator.seen.filter((e) => [...bAll, t4].includes(e.ticketId)).length;
  const live = (k) => {
    const q = quiet[k];
    return {
      bTicket: allB(k),
      counts: q.filter((e) => e.event === 'counts.changed').length,
      progress: w.sockets[k].seen.filter((e) => e.event === 'statements.progress').length,
      other: q.filter((e) => !['ticket.changed', 'counts.changed', 'statements.progress'].includes(e.event)).length,
      own: ownSeen[k],
    };
  };
  const L = { refA: live('refA'), capo: live('capo') };
  const staffCounts = staffSaw.filter((e) => e.event === 'counts.changed').length;
  const staffProgress = w.sockets.operator.seen.filter((e) => e.event === 'statements.progress').length;
  const liveRow = (event, name, pass, shown, expected, found) => {
    lines.push({ method: 'WS ←', path: name, ids: event, status: { refA: shown('refA'), capo: shown('capo') }, verdict: pass ? 'PASS' : 'FAIL' });
    rows.push(row(D, `WS ← ${name}`, expected, found, pass));
  };
  const changedPass = L.refA.bTicket + L.capo.bTicket === 0 && L.refA.own && L.capo.own && staffB > 0;
  liveRow(
    'B tickets, whole run',
    'ticket.changed',
    changedPass,
    (k) => `${L[k].bTicket} of B, own ${L[k].own ? 'received' : 'MISSING'}`,
    `0 events of B's tickets (staff got them); own ones arrive`,
    `A ${L.refA.bTicket} · capofila ${L.capo.bTicket} (staff saw ${staffB}); own event: A ${L.refA.own ? 'yes' : 'no'}, capofila ${L.capo.own ? 'yes' : 'no'}`,
  );
  const countsPass = L.refA.counts + L.capo.counts + L.refA.other + L.capo.other === 0 && staffCounts > 0;
  liveRow('B-only window', 'counts.changed', countsPass, (k) => `${L[k].counts}`, '0 while only B changes (staff got them)', `A ${L.refA.counts} · capofila ${L.capo.counts} (staff ${staffCounts})`);
  const progressPass = L.refA.progress + L.capo.progress === 0 && staffProgress > 0;
  liveRow('staff room, whole run', 'statements.progress', progressPass, (k) => `${L[k].progress}`, '0 (staff room only)', `A ${L.refA.progress} · capofila ${L.capo.progress} (staff ${staffProgress})`);

  // E-mail is a channel too: no notification about B's tickets may have been addressed to A's users.
  const mail = await withPg(w.dbUrl, async (db) => {
    await until('the outbox to drain', async () => ((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`)).rows[0].n === 0 ? true : undefined), 15_000, 200).catch(
      () => undefined,
    );
    const attackersIds = [w.users.refA, w.users.capo];
    const attackersMail = [w.email('referente-alfa'), w.email('capofila-gamma')];
    const { rows: [m] } = await db.query(
      `SELECT (SELECT count(*) FROM outgoing_mails WHERE ticket_id IN (SELECT id FROM tickets WHERE ente_id = $1) AND recipient_user_id = ANY($2))::int AS leaked,
              (SELECT count(*) FROM outgoing_mails WHERE ticket_id IN (SELECT id FROM tickets WHERE ente_id = ANY($3)) AND recipient_user_id = ANY($2))::int AS own,
              (SELECT count(*) FROM dev_caught_mails WHERE rcpt_to && $4::text[]
                 AND concat_ws(' ', subject, text, html) ILIKE '%' || $5 || '%')::int AS caught`,
      [w.enti.B, attackersIds, [w.enti.A, w.enti.M], attackersMail, w.marker.B],
    );
    return m;
  });
  lines.push({ method: 'MAIL', path: 'notifications', ids: 'B tickets', status: { refA: `${mail.leaked} about B (own ${mail.own})` }, verdict: mail.leaked + mail.caught === 0 && mail.own > 0 ? 'PASS' : 'FAIL' });
  rows.push(
    row(
      D,
      'e-mail to A’s users about B’s tickets (queued / received with B’s marker)',
      '0 / 0; own tickets notified',
      `${mail.leaked} / ${mail.caught}; own ${mail.own}`,
      mail.leaked + mail.caught === 0 && mail.own > 0,
    ),
  );

  // Coverage: every route and socket event in the source or the document has a row above.
  const listened = [...socketEvents.listens].sort();
  const emitted = [...socketEvents.emits].sort();
  const socketCovered = ['ticket.watch', 'ticket.unwatch'].filter((e) => socketEvents.listens.has(e)).length;
  const unknownSocket = listened.filter((e) => !['ticket.watch', 'ticket.unwatch'].includes(e));
  // announcements.changed carries nothing (a hint to refetch GET /api/announcements/current, probed above).
  const unknownEmit = emitted.filter((e) => !['ticket.changed', 'counts.changed', 'statements.progress', 'notifications.changed', 'announcements.changed'].includes(e));
  rows.push(
    row(
      D,
      'endpoints covered',
      `${all.length} of ${all.length}`,
      `${covered} of ${all.length} (OpenAPI ${documented.size}, source ${sourceKeys.size})`,
      covered === all.length && unseen.length === 0,
    ),
  );
  rows.push(
    row(
      D,
      'routes outside the OpenAPI document (probed above)',
      'listed',
      `${undocumented.join(', ') || 'none'}${unseen.length ? `; in OpenAPI but not found in source: ${unseen.join(', ')}` : ''}${unusedProbes.length ? `; probes for routes that no longer exist: ${unusedProbes.join(', ')}` : ''}`,
      unseen.length === 0,
    ),
  );
  rows.push(
    row(
      D,
      'socket.io events covered',
      'client→server: ticket.watch, ticket.unwatch; server→client: ticket.changed, counts.changed, statements.progress, notifications.changed (own user room only), announcements.changed (no payload)',
      `listens ${listened.join(', ')} (${socketCovered} probed); emits ${emitted.join(', ')}`,
      unknownSocket.length === 0 && unknownEmit.length === 0 && socketCovered === 2,
    ),
  );
  const kinds = ['users', 'tickets', 'ticket_followups', 'ticket_attachments', 'ticket_followers', 'mail_reply_tokens', 'service_records', 'billing_entries', 'statements'];
  rows.push(
    row(
      D,
      `objects of B attacked (${w.calls} HTTP calls, build ${secs(buildMs)}, attack ${secs(attackMs)})`,
      'one of every kind',
      `${kinds.map((k) => `${k} ${before[k].n}`).join(', ')}, ${w.B.entries.length ? '1 collected, ' : ''}survey link, password link, ${w.B.mails.length} mails, ${w.B.caught.length} caught`,
      kinds.every((k) => before[k].n > 0) && w.B.attachments.some((a) => a.private) && w.B.caught.length > 0,
    ),
  );
  rows.push(row(D, 'API and worker alive throughout', 'yes', w.api.exited || w.worker.exited ? `no:\n${(w.api.exited ? w.api : w.worker).tail.slice(-300)}` : 'yes', !w.api.exited && !w.worker.exited));
  printMatrix(lines);
  await w.worker.kill('SIGTERM');
  await w.api.kill('SIGTERM');
  return rows;
}
