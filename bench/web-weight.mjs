// Web weight: what the login page, the operator queue and the Ente home cost a browser, on the product as
// `npm start` serves it (built client, pre-compressed assets). Run with `npm run bench:web` (builds first).
//   node bench/web-weight.mjs [--label after] [--runs 3] [--no-lighthouse]
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, PASSWORD, lighthouseRun, measureWeight, startProduct } from './lib/web.mjs';

const { values: opts } = parseArgs({
  options: {
    label: { type: 'string', default: 'after' },
    runs: { type: 'string', default: '3' },
    'no-lighthouse': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(opts.runs));
const RESULTS = path.resolve(import.meta.dirname, 'RESULTS.md');
const DIST = path.resolve(import.meta.dirname, '../client/dist/index.html');
if (!existsSync(DIST)) throw new Error('client non compilato: npm run build:client');

/** @type {import('./lib/web.mjs').PageSpec[]} */
const PAGES = [
  {
    label: 'Accesso (/accedi)',
    path: '/accedi',
    ready: (page) => page.getByRole('button', { name: 'Accedi' }).waitFor(),
  },
  {
    label: 'Coda operatore (/ticket)',
    path: '/ticket',
    email: 'operatore@cit.example',
    ready: (page) => page.locator('main table tbody tr').first().waitFor(),
  },
  {
    label: 'Home Ente (/)',
    path: '/',
    email: 'referente.coccaglio@enti.example',
    ready: (page) => page.getByRole('heading', { level: 1 }).first().waitFor(),
  },
];

const SELECTED = opts.only ? PAGES.filter((p) => p.path === opts.only) : PAGES;
const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  console.log('Avvio del prodotto (server/dist/launch.js, client compilato, dati dimostrativi)…');
  const product = await startProduct();
  const rows = [];
  const lighthouse = [];
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      for (const spec of SELECTED) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measureWeight(browser, product.url, spec));
        const [first] = runs;
        const row = { spec, js: first.js, css: first.css, files: first.jsFiles + first.cssFiles, fcp: median(runs.map((r) => r.fcp ?? NaN)), errors: first.errors };
        rows.push(row);
        console.log(`  ${spec.label.padEnd(28)} JS ${kb(row.js)} KB  CSS ${kb(row.css)} KB  FCP ${row.fcp} ms  errori: ${row.errors.length}`);
      }
    } finally {
      await browser.close();
    }
    if (!opts['no-lighthouse']) {
      for (const spec of SELECTED) {
        const signIn = spec.email
          ? async (/** @type {import('playwright-core').BrowserContext} */ context) => {
              const page = await context.newPage();
              await page.goto(`${product.url}/accedi`);
              await page.getByLabel('Indirizzo e-mail').fill(spec.email ?? '');
              await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
              await page.getByRole('button', { name: 'Accedi' }).click();
              await page.waitForURL((u) => !u.pathname.startsWith('/accedi'));
              await page.close();
            }
          : undefined;
        const lh = await lighthouseRun(`${product.url}${spec.path}`, signIn);
        lighthouse.push({ spec, ...lh });
        console.log(`  Lighthouse ${spec.label.padEnd(28)} perf ${lh.performance}  a11y ${lh.accessibility}  bp ${lh.bestPractices}  CLS ${lh.cls.toFixed(3)}  ${lh.shifts.join('; ')}`);
      }
    }
  } finally {
    await product.stop();
  }
  await record(rows, lighthouse);
}

async function record(rows, lighthouse) {
  const cpus = os.cpus();
  const lines = [
    `## Peso delle pagine (\`npm run bench:web\`), ${opts.label} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Macchina: ${cpus.length} × ${cpus[0]?.model ?? '?'}, carico medio ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} ` +
      '(condivisa con altri processi: FCP e TBT dipendono dalla CPU libera e oscillano). ' +
      `Pesi dal primo caricamento a cache vuota (1366×800); FCP mediana di ${RUNS} caricamenti.`,
    '',
    '| pagina | JS compresso | CSS compresso | totale JS+CSS | file | FCP | errori in console |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.spec.label} | ${kb(r.js)} KB | ${kb(r.css)} KB | **${kb(r.js + r.css)} KB** | ${r.files} | ${r.fcp} ms | ${r.errors.length ? r.errors.map((e) => e.replace(/\|/g, '/').slice(0, 120)).join('; ') : 'nessuno'} |`,
    ),
    '',
  ];
  if (lighthouse.length) {
    lines.push(
      'Lighthouse 12 (profilo mobile, throttling simulato 4G lento, Chromium di Debian):',
      '',
      '| pagina | prestazioni | accessibilità | buone pratiche | CLS | FCP | LCP | TBT | voci sotto 0,9 | spostamenti maggiori |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
      ...lighthouse.map(
        (l) =>
          `| ${l.spec.label} | ${l.performance} | ${l.accessibility} | ${l.bestPractices} | ${l.cls.toFixed(3)} | ${(l.fcp / 1000).toFixed(1)} s | ${(l.lcp / 1000).toFixed(1)} s | ${Math.round(l.tbt)} ms | ${l.failing.join(', ').replace(/\|/g, '/') || '—'} | ${l.shifts.join('; ').replace(/\|/g, '/') || '—'} |`,
      ),
      '',
    );
  }
  // bench/national.mjs keeps every `<!-- run:X -->` section when it rewrites the file: this run replaces its own.
  const previous = existsSync(RESULTS) ? await readFile(RESULTS, 'utf8') : '';
  const id = `web-${opts.label}`;
  const section = `<!-- run:${id} -->\n${lines.join('\n')}\n<!-- /run:${id} -->\n`;
  const existing = new RegExp(`<!-- run:${id} -->\\n[\\s\\S]*?<!-- /run:${id} -->\\n`);
  await writeFile(RESULTS, existing.test(previous) ? previous.replace(existing, () => section) : `${previous.trimEnd()}\n\n${section}`);
  console.log(`Risultati aggiunti a ${RESULTS}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
