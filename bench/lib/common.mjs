// Helpers shared by the benchmark scripts (loopback-only databases, HTTP sign-in, timing, query capture).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { TICKET_COUNT_CAP } = require('@cit/shared');

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The settings of a server a bench starts on its own database: production mode, its own Redis prefix and
 * attachments folder, a random session secret, silent, no client, no jobs (the bench decides what runs where).
 * Spread it and override what differs.
 */
export function benchServerEnv({ dbName, stamp, attachmentsDir }) {
  return {
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
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Only loopback services: the bench creates and drops databases and must never reach a shared server. */
export function assertLoopback(url, what = 'PostgreSQL') {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`${what} deve essere su loopback, non ${host}`);
}

export function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin(fn) {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('nessuna porta libera'))));
    });
  });
}

export function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const pct = (q) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : NaN);
  return { n: s.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: s.length ? s[s.length - 1] : NaN };
}

export function request(baseUrl, method, urlPath, { headers = {}, body, agent } = {}) {
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

/** A signed-in user on its own keep-alive connection: session cookie and CSRF token, as the SPA keeps them. */
export async function signIn(baseUrl, email, password) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const jar = new Map();
  const keep = (res) => {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await request(baseUrl, 'GET', '/api/auth/csrf', { agent });
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf: ${csrf.status}`);
  keep(csrf);
  const login = await request(baseUrl, 'POST', '/api/auth/login', {
    agent,
    headers: { cookie: cookie(), 'x-csrf-token': JSON.parse(csrf.text).csrfToken },
    body: { email, password },
  });
  if (login.status !== 200) throw new Error(`login di ${email} non riuscito: ${login.status} ${login.text}`);
  keep(login);
  const token = JSON.parse(login.text).csrfToken;
  const get = async (urlPath) => {
    const res = await request(baseUrl, 'GET', urlPath, { agent, headers: { cookie: cookie() } });
    if (res.status !== 200) throw new Error(`GET ${urlPath}: ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  };
  const post = (urlPath, body) => request(baseUrl, 'POST', urlPath, { agent, body, headers: { cookie: cookie(), 'x-csrf-token': token } });
  return { email, cookie, get, post, getJson: async (urlPath) => JSON.parse((await get(urlPath)).text), close: () => agent.destroy() };
}

/** Warm-up, then up to `iterations` timed runs, never longer than `maxSeconds` (both loops bounded). */
export async function measure(name, fn, opts) {
  const warmDeadline = performance.now() + Math.min(10_000, opts.maxSeconds * 1000);
  for (let i = 0; i < (opts.warmup ?? 10) && performance.now() < warmDeadline; i++) await fn();
  const samples = [];
  const deadline = performance.now() + opts.maxSeconds * 1000;
  for (let i = 0; i < opts.iterations && performance.now() < deadline; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  const figure = { name, ...percentiles(samples) };
  console.log(`  ${name.padEnd(58)} n=${String(figure.n).padStart(4)}  p50 ${figure.p50.toFixed(2)} ms  p95 ${figure.p95.toFixed(2)} ms`);
  return figure;
}

/** Records the SQL TypeORM runs while `fn` runs, so the SQL baseline and EXPLAIN use the server's own queries. */
export async function captureQueries(ds, fn) {
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

const ESTIMATE = 'EXPLAIN (FORMAT JSON) ';

/**
 * The page and the counts among the SQL a list ran. The counts come from the tickets themselves or, without filters
 * other than scope and Ente, from the tables the triggers keep. A one-word search over many tickets takes them from
 * the plan's estimate (`estimate`, the EXPLAIN it ran): `counts` is then the exact count that estimate replaces.
 */
export function pickTicketQueries(captured) {
  // Every one-word search asks for the estimate; below TICKET_ESTIMATE_ABOVE it then counts (MATERIALIZED).
  const explained = captured.find((c) => c.query.startsWith(ESTIMATE));
  const estimate = captured.some((c) => /AS MATERIALIZED/i.test(c.query)) ? undefined : explained;
  const counts = estimate
    ? {
        query: `WITH m AS MATERIALIZED (${estimate.query.slice(ESTIMATE.length)}) SELECT id, status FROM m LIMIT ${TICKET_COUNT_CAP + 1}`,
        parameters: estimate.parameters,
      }
    : captured.find((c) => /FROM "(tickets|ticket_status_counts|ticket_status_totals)" "t"/.test(c.query) && /GROUP BY|AS MATERIALIZED/i.test(c.query));
  const page = captured.find((c) => /FROM "tickets" "t"/.test(c.query) && /ORDER BY/i.test(c.query) && !/GROUP BY|AS MATERIALIZED/i.test(c.query));
  if (!counts || !page) throw new Error('query della lista non riconosciute: ' + captured.map((c) => c.query.slice(0, 80)).join(' | '));
  return { page, counts, estimate };
}

export async function explain(db, label, q) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, q.parameters);
  const lines = rows.map((r) => r['QUERY PLAN']);
  const shown = lines.length > 30 ? [...lines.slice(0, 30), `… (${lines.length - 30} righe omesse)`] : lines;
  return `#### ${label}\n\n\`\`\`\n${shown.join('\n')}\n\`\`\``;
}

/** Removes the run's Redis keys (bounded SCAN). */
export async function clearRedis(redis, prefix) {
  if (redis.status !== 'ready') return;
  let cursor = '0';
  for (let i = 0; i < 1000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}
