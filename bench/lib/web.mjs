// Helpers of the web-weight bench: the product as `npm start` serves it, and what a browser loads from it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertLoopback, ADMIN_URL, REDIS_URL, clearRedis, databaseUrl, freePort, withAdmin, sleep } from './common.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'CitDemo2026!';
const LAUNCH = path.resolve(import.meta.dirname, '../../server/dist/launch.js');

/**
 * @typedef {{ url: string, stop: () => Promise<void> }} Product
 * @typedef {{ label: string, path: string, email?: string, ready: (page: import('playwright-core').Page) => Promise<void> }} PageSpec
 * @typedef {{ js: number, css: number, jsFiles: number, cssFiles: number, fcp: number | null, errors: string[] }} Weight
 */

/**
 * `node server/dist/launch.js` (what `npm start` runs after building) on a database of its own, with the demo data
 * it loads on a first start. The database, the data folder and the Redis keys go away with stop().
 * @returns {Promise<Product>}
 */
export async function startProduct() {
  assertLoopback(ADMIN_URL);
  assertLoopback(REDIS_URL, 'Redis');
  const name = `cit_bench_web_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cit-bench-web-'));
  const port = await freePort();
  const prefix = `bench_web_${randomBytes(4).toString('hex')}`;
  const child = spawn(process.execPath, [LAUNCH], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl(name),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      CIT_DATA_DIR: path.join(dir, 'data'),
      ATTACHMENTS_DIR: path.join(dir, 'allegati'),
      EMBEDDED_SMTP_PORT: String(await freePort()),
      INBOUND_SMTP_PORT: String(await freePort()),
      LOG_LEVEL: 'error',
      // Another build to compare with (e.g. a copy of an earlier client/dist); by default the one `npm start` made.
      ...(process.env.BENCH_CLIENT_DIST ? { CLIENT_DIST: path.resolve(process.env.BENCH_CLIENT_DIST) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      for (let i = 0; i < 100 && child.exitCode === null; i++) await sleep(100);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await clearPrefix(prefix);
  };
  const deadline = Date.now() + 180_000;
  while (!/CIT Help-desk pronto/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`il prodotto non è partito:\n${output}`);
    }
    await sleep(200);
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

async function clearPrefix(prefix) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await clearRedis(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/**
 * Signs `context` in through the API (as the login form does), so the measured page load starts with a cold cache.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function signInContext(context, baseUrl, email) {
  const csrf = await context.request.get(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const login = await context.request.post(`${baseUrl}/api/auth/login`, {
    data: { email, password: PASSWORD },
    headers: { 'x-csrf-token': csrfToken },
  });
  if (login.status() !== 200) throw new Error(`login di ${email}: ${login.status()} ${await login.text()}`);
}

/**
 * One cold load of a page: compressed JS and CSS bytes as they travelled (Resource Timing's encodedBodySize, which
 * counts lazily loaded chunks too), first contentful paint, and what the console reported as an error.
 * @param {import('playwright-core').Browser} browser
 * @param {PageSpec} spec
 * @returns {Promise<Weight>}
 */
export async function measureWeight(browser, baseUrl, spec) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'it-IT' });
  try {
    if (spec.email) await signInContext(context, baseUrl, spec.email);
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${baseUrl}${spec.path}`);
    await spec.ready(page);
    await page.waitForTimeout(1500); // chunks loaded after the first render (lazy routes, idle prefetch)
    const figures = await page.evaluate(() => {
      const sum = { js: 0, css: 0, jsFiles: 0, cssFiles: 0 };
      for (const e of /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))) {
        const p = new URL(e.name).pathname;
        if (p.endsWith('.js')) {
          sum.js += e.encodedBodySize;
          sum.jsFiles++;
        } else if (p.endsWith('.css')) {
          sum.css += e.encodedBodySize;
          sum.cssFiles++;
        }
      }
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { ...sum, fcp: fcp ? Math.round(fcp.startTime) : null };
    });
    return { ...figures, errors: [...new Set(errors)] };
  } finally {
    await context.close();
  }
}

/**
 * Lighthouse (mobile profile, simulated throttling: its defaults) on a Chromium it launches; `signIn` runs in that
 * browser's own profile first, so the audited page is the signed-in one (Lighthouse keeps cookies between runs).
 * @returns {Promise<{ performance: number, accessibility: number, bestPractices: number, cls: number, fcp: number, lcp: number, tbt: number, failing: string[], shifts: string[] }>}
 */
export async function lighthouseRun(url, signIn) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const { chromium } = await import('playwright-core');
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    if (signIn) {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      await signIn(browser.contexts()[0]);
      await browser.close().catch(() => undefined);
    }
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
    });
    if (!result) throw new Error(`Lighthouse non ha prodotto un risultato per ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) console.error(`  Lighthouse su ${url}: ${runtimeError.code} ${runtimeError.message}`);
    const score = (c) => Math.round((c?.score ?? 0) * 100);
    const failing = Object.values(audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
      .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    return {
      performance: score(categories.performance),
      accessibility: score(categories.accessibility),
      bestPractices: score(categories['best-practices']),
      cls: audits['cumulative-layout-shift']?.numericValue ?? NaN,
      fcp: audits['first-contentful-paint']?.numericValue ?? NaN,
      lcp: audits['largest-contentful-paint']?.numericValue ?? NaN,
      tbt: audits['total-blocking-time']?.numericValue ?? NaN,
      failing,
      // What moved: the elements behind most of the layout shift, to know where to look.
      shifts: (audits['layout-shifts']?.details?.items ?? [])
        .slice(0, 3)
        .map((i) => `${i.node?.selector ?? i.node?.snippet ?? '?'} (${Number(i.score ?? 0).toFixed(3)})`),
    };
  } finally {
    chrome.kill();
  }
}
