// Benchmark of the half-year statements generation (all payers of one half-year, PDFs included).
//
//   npm run bench:statements                       # 20,000 Enti, ~3 billing entries each
//   npm run bench:statements -- --enti 5000 --keep
//
// It creates its own database (migrated by the compiled server code), seeds N Enti with set-based SQL (a twentieth
// of them Unioni, half of the members paid for by their Unione) and ~3 billing entries per Ente in 2026 H1, then
// times, in the same run: the floor (all statement lines read and grouped by payer, nothing rendered), the full
// `generateStatements` as the job runs it (lines, PDF rendering on one thread per core, content-addressed store
// with fsync, statement rows), and a second run (nothing to do). Writes bench/RESULTS-statements.md. Not part of
// `npm test`. See bench/README.md.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ADMIN_URL, assertLoopback, databaseUrl, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { createDataSource, migrate } = require('../server/dist/platform/db/data-source.js');
const { AttachmentStore } = require('../server/dist/tickets/attachments/storage.js');
const { generateStatements } = require('../server/dist/billing/statements/generate.js');

const HERE = import.meta.dirname;
const TARGET_SECONDS = 60;

function parseArgs(argv) {
  const opts = { enti: 20_000, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--enti') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 20 || n > 200_000) throw new Error('--enti vuole un intero tra 20 e 200000');
      opts.enti = n;
    } else if (arg === '--keep') opts.keep = true;
    else if (arg === '--results') opts.results = path.resolve(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('uso: npm run bench:statements -- [--enti N] [--keep]');
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  return opts;
}




/** Peak resident memory of this process, sampled (maxRSS of getrusage also counts the seeding). */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  return {
    reset: () => (peak = process.memoryUsage.rss()),
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}

async function seed(ds, n) {
  const step = async (label, sql, params) => {
    const t0 = performance.now();
    const res = await ds.query(sql, params);
    console.log(`  ${label.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return res;
  };
  const unioni = Math.max(1, Math.floor(n / 20));
  const comuni = n - unioni;
  // Half of the Comuni belong to an Unione (about ten each); every other member has its Unione pay for it.
  await step(
    `${unioni} Unioni`,
    `INSERT INTO enti (name, kind, fiscal_code, pec)
     SELECT 'Unione dei Comuni Bench ' || i, 'unione_comuni', '9' || lpad(i::text, 10, '0'), 'unione' || i || '@pec.bench.example'
     FROM generate_series(1, $1::int) i`,
    [unioni],
  );
  await step(
    `${comuni} Comuni (metà in un'Unione)`,
    `WITH u AS (SELECT array_agg(id ORDER BY name) AS ids FROM enti WHERE kind = 'unione_comuni')
     INSERT INTO enti (name, kind, fiscal_code, pec, capofila_id, capofila_pays)
     SELECT 'Comune di Bench ' || i, 'comune', '8' || lpad(i::text, 10, '0'), 'comune' || i || '@pec.bench.example',
            CASE WHEN i <= $1::int / 2 THEN u.ids[1 + i % cardinality(u.ids)] END,
            i <= $1::int / 2 AND i % 2 = 0
     FROM generate_series(1, $1::int) i, u`,
    [comuni],
  );
  // Quota, one annual PEC fee and Telemaco usage for every Ente, billed to the payer of the moment.
  await step(
    'voci di addebito 2026 H1',
    `INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, kind, service_code, year, half, description, amount_cents, due_on)
     SELECT 'bench-' || k.kind || '-' || e.id, e.id, CASE WHEN e.capofila_pays THEN e.capofila_id ELSE e.id END,
            k.kind, k.service, 2026, 1, k.description, k.base + (hashtext(e.id::text) & 1023) * k.spread, '2026-07-31'
     FROM enti e
     CROSS JOIN (VALUES
       ('quota', NULL, 'Quota di adesione 2026', 30000, 50),
       ('annual', 'pec', 'Casella PEC aggiuntiva – canone 2026', 2000, 0),
       ('usage', 'telemaco', 'Telemaco: visure oltre la franchigia (gen–giu 2026)', 70, 70)
     ) AS k(kind, service, description, base, spread)
     WHERE k.kind <> 'usage' OR hashtext(e.id::text) % 3 <> 0`,
  );
  await step('VACUUM (ANALYZE)', `VACUUM (ANALYZE)`);
  const [counts] = await ds.query(
    `SELECT (SELECT count(*)::int FROM enti) AS enti, (SELECT count(*)::int FROM billing_entries) AS entries,
            (SELECT count(DISTINCT payer_ente_id)::int FROM billing_entries) AS payers`,
  );
  return counts;
}

/** The floor: every line a statement needs, read and grouped by payer in Node, without rendering anything. */
async function readAllLines(ds) {
  const rows = await ds.query(
    `SELECT b.payer_ente_id, b.ente_id, e.name, e.fiscal_code, b.kind, b.service_code, b.description, b.amount_cents
       FROM billing_entries b JOIN enti e ON e.id = b.ente_id
      WHERE b.year = 2026 AND b.half = 1
      ORDER BY b.payer_ente_id, b.ente_id <> b.payer_ente_id, e.name, b.ente_id, b.kind = 'quota' DESC, b.created_at, b.id`,
  );
  const byPayer = new Map();
  for (const r of rows) {
    const list = byPayer.get(r.payer_ente_id) ?? [];
    list.push(r);
    byPayer.set(r.payer_ente_id, list);
  }
  return byPayer.size;
}

async function dirBytes(dir) {
  let total = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    total += (await stat(path.join(entry.parentPath, entry.name))).size;
    files++;
  }
  return { total, files };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `cit_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const attachmentsDir = path.join(os.tmpdir(), 'cit-bench-attachments', dbName);
  let created = false;
  let ds;
  const cleanup = async () => {
    await ds?.destroy().catch(() => {});
    await rm(attachmentsDir, { recursive: true, force: true }).catch(() => {});
    if (created && !opts.keep) {
      await withAdmin((a) => a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch((err) => console.error('DROP DATABASE:', err));
      console.log(`database ${dbName} eliminato`);
    } else if (created) console.log(`database conservato (--keep): ${databaseUrl(dbName)}`);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\n${signal}: interrompo e pulisco…`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const rss = rssSampler();
  try {
    await withAdmin((a) => a.query(`CREATE DATABASE "${dbName}"`));
    created = true;
    ds = createDataSource({ url: databaseUrl(dbName), poolSize: 4, applicationName: 'cit-bench-statements' });
    await ds.initialize();
    console.log(`database ${dbName}: migrazioni…`);
    await migrate(ds);
    console.log(`semina di ${opts.enti} Enti…`);
    const counts = await seed(ds, opts.enti);
    console.log(`  ${counts.enti} Enti, ${counts.entries} voci, ${counts.payers} Enti paganti`);

    // Floor, measured twice so that the cache is as warm for it as for the real run; the second figure counts.
    await readAllLines(ds);
    let t0 = performance.now();
    const floorPayers = await readAllLines(ds);
    const floorSeconds = (performance.now() - t0) / 1000;
    console.log(`linea di base (lettura righe raggruppate per pagante): ${floorSeconds.toFixed(2)} s, ${floorPayers} paganti`);

    const store = new AttachmentStore(attachmentsDir);
    const rssBefore = process.memoryUsage.rss();
    rss.reset();
    let progressCalls = 0;
    t0 = performance.now();
    const result = await generateStatements(ds, store, { year: 2026, half: 1, runId: null }, async () => {
      progressCalls++;
    });
    const seconds = (performance.now() - t0) / 1000;
    const peakRss = rss.peak();
    console.log(
      `generazione: ${seconds.toFixed(2)} s, ${result.created} estratti, ${(result.created / seconds).toFixed(0)} estratti/s, ` +
        `${(result.pdfBytes / seconds / 1024 / 1024).toFixed(2)} MB/s di PDF, RSS di picco ${(peakRss / 1024 / 1024).toFixed(0)} MB`,
    );

    t0 = performance.now();
    const again = await generateStatements(ds, store, { year: 2026, half: 1, runId: null });
    const againSeconds = (performance.now() - t0) / 1000;
    console.log(`seconda esecuzione: ${againSeconds.toFixed(2)} s, ${again.created} nuovi, ${again.unchanged} invariati`);

    const [{ consolidated, statements }] = await ds.query(
      `SELECT count(*) FILTER (WHERE consolidated)::int AS consolidated, count(*)::int AS statements FROM statements`,
    );
    const disk = await dirBytes(attachmentsDir);
    const [{ version }] = await ds.query(`SELECT current_setting('server_version') AS version`);
    const verdict = seconds < TARGET_SECONDS ? `entro l'obiettivo di ${TARGET_SECONDS} s` : `OLTRE l'obiettivo di ${TARGET_SECONDS} s`;
    const report = `# Estratti conto semestrali — risultati

Eseguito il ${new Date().toISOString()} con \`npm run bench:statements${opts.enti === 20_000 ? '' : ` -- --enti ${opts.enti}`}\`.
Macchina: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, PostgreSQL ${version};
carico medio a fine misura ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min: altri processi sulla stessa macchina pesano sul risultato).

Dati: ${counts.enti} Enti (${Math.max(1, Math.floor(opts.enti / 20))} Unioni; metà dei Comuni in un'Unione, metà di questi pagati
dall'Unione), ${counts.entries} voci di addebito nel 1° semestre 2026 (quota, canone PEC, Telemaco a consumo su due Enti su tre).

| voce | valore |
|---|---:|
| Enti paganti = estratti da generare | ${counts.payers} |
| di cui consolidati (capofila che paga per gli associati) | ${consolidated} |
| linea di base: lettura di tutte le righe raggruppate per pagante (nessun PDF) | ${floorSeconds.toFixed(2)} s |
| **generazione completa** (righe, PDF su ${os.availableParallelism()} thread, archivio con fsync, righe \`statements\`) | **${seconds.toFixed(2)} s** |
| estratti al secondo | ${(result.created / seconds).toFixed(0)} |
| PDF prodotti | ${(result.pdfBytes / 1024 / 1024).toFixed(1)} MB (${(result.pdfBytes / Math.max(1, result.created) / 1024).toFixed(1)} KB in media) |
| PDF al secondo | ${(result.pdfBytes / seconds / 1024 / 1024).toFixed(2)} MB/s |
| file nell'archivio | ${disk.files} (${(disk.total / 1024 / 1024).toFixed(1)} MB) |
| RSS prima / di picco durante la generazione | ${(rssBefore / 1024 / 1024).toFixed(0)} MB / ${(peakRss / 1024 / 1024).toFixed(0)} MB |
| chiamate di avanzamento | ${progressCalls} |
| seconda esecuzione (nulla da fare: ${again.unchanged} invariati, ${again.created} nuovi) | ${againSeconds.toFixed(2)} s |
| estratti nel database | ${statements} |

Esito: ${verdict} per ${counts.enti} Enti; la generazione costa ${(seconds / floorSeconds).toFixed(1)}× la sola lettura delle righe.
`;
    await writeFile(opts.results ?? path.join(HERE, 'RESULTS-statements.md'), report);
    console.log(`\nscritto ${opts.results ?? 'bench/RESULTS-statements.md'} (${verdict})`);
  } finally {
    rss.stop();
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
