// Benchmark of the MoOne (GLPI) import: N GLPI tickets with M follow-ups, imported by the real command.
//
//   npm run bench:moone-import                                  # 100,000 tickets, 150,000 follow-ups
//   npm run bench:moone-import -- --tickets 20000 --followups 30000 --keep
//
// It creates a GLPI database on the local MariaDB (the tables of server/test/glpi-schema.sql) filled with set-based
// SQL (MariaDB's seq_1_to_N tables), and a PostgreSQL database migrated by the compiled server with 200 Enti that
// GLPI's entities match by name; then runs `node server/dist/moone-import/import-command.js moone …` as a child
// process three times — dry run, import, second run (nothing to change) — timing each and sampling the child's
// peak resident memory (VmHWM). Writes its section of bench/RESULTS.md. Not part of `npm test`. See bench/README.md.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ADMIN_URL, REDIS_URL, assertLoopback, databaseUrl, sleep, withAdmin } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { createDataSource, migrate } = require('../server/dist/platform/db/data-source.js');
const { createConnection } = require('mysql2/promise');

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '..');
const COMMAND = path.join(ROOT, 'server/dist/moone-import/import-command.js');
/** The flags of `npm run import` (package.json): the heap is capped so the collector keeps the import small. */
const NODE_FLAGS = ['--max-old-space-size=160'];
const MARIADB_URL = process.env.BENCH_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const TARGETS = { importSeconds: 60, dryRunSeconds: 30, rssMb: 300 };
const ENTI = 200;

function parseArgs(argv) {
  const opts = { tickets: 100_000, followups: 150_000, keep: false, results: path.join(HERE, 'RESULTS.md') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const int = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${arg} vuole un intero tra ${min} e ${max}`);
      return n;
    };
    if (arg === '--tickets') opts.tickets = int(100, 2_000_000);
    else if (arg === '--followups') opts.followups = int(0, 5_000_000);
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--results') opts.results = path.resolve(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('uso: npm run bench:moone-import -- [--tickets N] [--followups M] [--keep]');
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${arg}`);
  }
  return opts;
}

async function timed(label, fn) {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** GLPI with N tickets (most closed, every status, HTML bodies), M follow-ups spread over them, actors and logs. */
async function seedGlpi(conn, enti, n, m) {
  const schema = await readFile(path.join(ROOT, 'server/test/glpi-schema.sql'), 'utf8');
  for (const ddl of schema.replace(/^--.*$/gm, '').split(';').map((s) => s.trim()).filter(Boolean)) await conn.query(ddl);
  await conn.query(`INSERT INTO glpi_configs (context, name, value) VALUES ('core', 'version', '10.0.7')`);
  await conn.query(`INSERT INTO glpi_entities (id, name, entities_id, completename) VALUES ?`, [enti.map((name, i) => [i + 1, name, 0, name])]);
  await timed('utenti GLPI (2.000, con e-mail)', async () => {
    await conn.query(`INSERT INTO glpi_users (id, name, realname, firstname, entities_id) SELECT seq, CONCAT('utente', seq), 'Rossi', 'Niccolò', 1 + seq % ${ENTI} FROM seq_1_to_2000`);
    await conn.query(`INSERT INTO glpi_useremails (users_id, is_default, email) SELECT seq, 1, CONCAT('utente', seq, '@bench.example') FROM seq_1_to_2000`);
  });
  await timed(`${n} ticket GLPI`, () =>
    conn.query(`
      INSERT INTO glpi_tickets (id, entities_id, name, date, date_mod, closedate, solvedate, status, users_id_recipient, content, urgency, type,
                                itilcategories_id, requesttypes_id, time_to_own, time_to_resolve, takeintoaccount_delay_stat)
      SELECT 50000 + seq, 1 + seq % ${ENTI}, CONCAT('Richiesta ', seq, ': casella PEC – perché non funziona?'),
             TIMESTAMP('2019-01-07 09:00:00') + INTERVAL seq * 25 MINUTE,
             TIMESTAMP('2019-01-07 12:00:00') + INTERVAL seq * 25 MINUTE,
             IF(seq % 10 < 7, TIMESTAMP('2019-01-09 09:00:00') + INTERVAL seq * 25 MINUTE, NULL),
             IF(seq % 10 < 8, TIMESTAMP('2019-01-08 09:00:00') + INTERVAL seq * 25 MINUTE, NULL),
             ELT(1 + seq % 10, 6, 6, 6, 6, 6, 6, 6, 5, 2, 4), 1 + seq % 2000,
             CONCAT('&lt;p&gt;Buongiorno, l&#39;ufficio protocollo segnala il problema n° ', seq, '.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;PC&lt;/li&gt;&lt;li&gt;rete&lt;/li&gt;&lt;/ul&gt;'),
             1 + seq % 5, 1 + seq % 2, 0, 1,
             TIMESTAMP('2019-01-07 10:00:00') + INTERVAL seq * 25 MINUTE, TIMESTAMP('2019-01-07 13:00:00') + INTERVAL seq * 25 MINUTE, 1800
        FROM seq_1_to_${n}`),
  );
  await timed('attori (richiedente e tecnico)', async () => {
    await conn.query(`INSERT INTO glpi_tickets_users (tickets_id, users_id, type) SELECT 50000 + seq, 1 + seq % 2000, 1 FROM seq_1_to_${n}`);
    await conn.query(`INSERT INTO glpi_tickets_users (tickets_id, users_id, type) SELECT 50000 + seq, 1 + seq % 5, 2 FROM seq_1_to_${n}`);
  });
  if (m > 0) {
    await timed(`${m} seguiti GLPI`, () =>
      conn.query(`
        INSERT INTO glpi_itilfollowups (itemtype, items_id, date, users_id, content, is_private)
        SELECT 'Ticket', 50000 + 1 + seq % ${n}, TIMESTAMP('2019-01-07 11:00:00') + INTERVAL (1 + seq % ${n}) * 25 MINUTE + INTERVAL seq DIV ${n} MINUTE,
               1 + seq % 2000, CONCAT('&lt;p&gt;Risposta ', seq, ': verificato, è tutto a posto.&lt;/p&gt;'), seq % 4 = 0
          FROM seq_1_to_${m}`),
    );
  }
  await timed('registro modifiche (1 per ticket)', () =>
    conn.query(`
      INSERT INTO glpi_logs (itemtype, items_id, user_name, date_mod, id_search_option, old_value, new_value)
      SELECT 'Ticket', 50000 + seq, CONCAT('Rossi Maria (', 1 + seq % 5, ')'), TIMESTAMP('2019-01-07 12:00:00') + INTERVAL seq * 25 MINUTE, 12, '1', '2'
        FROM seq_1_to_${n}`),
  );
}

/** Runs the command; returns seconds, exit code and the child's peak RSS (VmHWM, sampled from /proc). */
async function runImport(env, args) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, COMMAND, 'moone', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let peakKb = 0;
  let cpuTicks = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    if (kb > peakKb) peakKb = kb;
    // utime + stime (fields 14 and 15, in clock ticks of 1/100 s): the CPU the import itself used, which a
    // loaded machine does not inflate the way it inflates the elapsed time.
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    if (ticks > cpuTicks) cpuTicks = ticks;
  };
  let exited = false;
  const done = new Promise((resolve) => child.on('exit', (code) => ((exited = true), resolve(code))));
  while (!exited) {
    await sample();
    await sleep(100);
  }
  const code = await done;
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`import terminato con codice ${code}:\n${out}`);
  return { seconds, rssMb: peakKb / 1024, cpuSeconds: cpuTicks / 100, out };
}

function section(opts, figures, machine) {
  const row = (label, f, target) =>
    `| ${label} | ${f.seconds.toFixed(1)} s | ${target ? `< ${target} s` : '—'} | ${f.cpuSeconds.toFixed(1)} s | ${f.rssMb.toFixed(0)} MB | < ${TARGETS.rssMb} MB | ${f.tickets} |`;
  return [
    '<!-- moone-import -->',
    '## Importazione MoOne — `npm run bench:moone-import`',
    '',
    `${opts.tickets.toLocaleString('it-IT')} ticket GLPI con ${opts.followups.toLocaleString('it-IT')} seguiti, ${ENTI} entità abbinate per nome, ` +
      `un richiedente e un tecnico per ticket, una riga di registro per ticket. Misurato il ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
      `su ${machine}. Il comando reale, come processo figlio; CPU = tempo utente + sistema del processo d'importazione ` +
      `(MariaDB e PostgreSQL a parte); RSS = suo picco (VmHWM).`,
    '',
    '| esecuzione | tempo | obiettivo | CPU del processo | RSS di picco | obiettivo | ticket (importati / invariati) |',
    '|---|---:|---:|---:|---:|---:|---|',
    row('prova (`--dry-run`)', figures.dry, TARGETS.dryRunSeconds),
    row('importazione', figures.real, TARGETS.importSeconds),
    row('seconda esecuzione (nulla da cambiare)', figures.again, null),
    '',
    `Semina di MariaDB: ${figures.seedSeconds.toFixed(1)} s (non conta). ${figures.note}`,
    '<!-- /moone-import -->',
  ].join('\n');
}

async function writeSection(file, text) {
  const current = await readFile(file, 'utf8').catch(() => '');
  const re = /<!-- moone-import -->[\s\S]*?<!-- \/moone-import -->/;
  await writeFile(file, re.test(current) ? current.replace(re, text) : `${current.trimEnd()}\n\n${text}\n`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertLoopback(ADMIN_URL);
  assertLoopback(MARIADB_URL, 'MariaDB');
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const pgName = `cit_bench_moone_${id}`;
  const glpiName = `glpi_bench_${id}`;
  const reports = await mkdtemp(path.join(os.tmpdir(), 'moone-bench-'));
  const admin = await createConnection({ uri: MARIADB_URL });
  let ds;
  try {
    console.log(`PostgreSQL ${pgName}, MariaDB ${glpiName}`);
    await withAdmin((c) => c.query(`CREATE DATABASE "${pgName}"`));
    ds = createDataSource({ url: databaseUrl(pgName), poolSize: 2 });
    await ds.initialize();
    await timed('migrazioni', () => migrate(ds));
    const enti = Array.from({ length: ENTI }, (_, i) => `Comune di Bench ${i + 1}`);
    await ds.query(
      `INSERT INTO enti (name, kind, fiscal_code) SELECT 'Comune di Bench ' || i, 'comune', '8' || lpad(i::text, 10, '0') FROM generate_series(1, $1::int) i`,
      [ENTI],
    );
    await admin.query(`CREATE DATABASE \`${glpiName}\` CHARACTER SET utf8mb4`);
    const glpi = await createConnection({ uri: `${MARIADB_URL}/${glpiName}` });
    const s0 = performance.now();
    await seedGlpi(glpi, enti, opts.tickets, opts.followups);
    await glpi.end();
    const seedSeconds = (performance.now() - s0) / 1000;

    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl(pgName),
      REDIS_URL,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      ATTACHMENTS_DIR: path.join(reports, 'attachments'),
    };
    const args = ['--from', `${MARIADB_URL}/${glpiName}`, '--report', reports];
    const ticketsOf = (out) => /\| tickets \| (\d+) \| (\d+) \| (\d+) \|/.exec(out)?.slice(1, 4) ?? [];
    const figures = { seedSeconds, note: '' };
    for (const [key, label, extra] of [
      ['dry', 'prova (--dry-run)', ['--dry-run']],
      ['real', 'importazione', []],
      ['again', 'seconda esecuzione', []],
    ]) {
      const r = await runImport(env, [...args, ...extra]);
      const [read, imported, unchanged] = ticketsOf(r.out);
      if (process.env.BENCH_VERBOSE) console.log(r.out);
      figures[key] = { ...r, tickets: `${imported ?? '?'} / ${unchanged ?? '?'} di ${read ?? '?'}` };
      console.log(`  ${label.padEnd(46)} ${r.seconds.toFixed(1)} s, CPU ${r.cpuSeconds.toFixed(1)} s, RSS ${r.rssMb.toFixed(0)} MB, ticket importati/invariati ${imported}/${unchanged}`);
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM tickets`);
    if (n !== opts.tickets) throw new Error(`attesi ${opts.tickets} ticket importati, trovati ${n}`);
    const load = os.loadavg()[0].toFixed(1);
    figures.note =
      `Carico medio della macchina alla fine della misura: ${load} su ${os.cpus().length} core (altri processi attivi): il tempo ` +
      `trascorso comprende l'attesa di una CPU libera e il lavoro di MariaDB e PostgreSQL (testo, indici a testo pieno), ` +
      `la colonna CPU solo il processo d'importazione. Ticket in PostgreSQL dopo l'importazione: ${n}.`;
    const machine = `${os.cpus().length} core (${os.cpus()[0]?.model ?? 'CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
    await writeSection(opts.results, section(opts, figures, machine));
    console.log(`Risultati in ${opts.results}`);
  } finally {
    await ds?.destroy();
    if (!opts.keep) {
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`)).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS \`${glpiName}\``).catch(() => undefined);
      await rm(reports, { recursive: true, force: true });
    }
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
