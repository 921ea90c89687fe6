// Restore drill (issue 23): fills a database with the demo data and its two-year history, backs it up with
// `npm run backup`, restores it with `npm run restore` into another, empty database and another file folder, then
// compares rows per table, the sums of every money column (billing amounts, statements) and the files' hashes.
//
// pg_dump must be of the server's major version, so this drill runs on the PostgreSQL the client tools belong to:
// BACKUP_DRILL_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres, as the jest tests), PG_BIN_DIR for
// other client binaries. Also run by `node bench/backup.mjs`, which records the times in bench/RESULTS-backup.md.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { now, onCleanup, ROOT, row, withPg, workDir } from './lib.mjs';

const run = promisify(execFile);
const node = (script, args, env) =>
  run(process.execPath, [path.join(ROOT, 'server/dist', script), ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });

const dbUrl = (admin, name) => {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
};

async function figures(url) {
  return withPg(url, async (c) => {
    const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.tablename);
    const rows = {};
    for (const t of tables) rows[t] = Number((await c.query(`SELECT count(*) AS n FROM public."${t}"`)).rows[0].n);
    const cols = (
      await c.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_cents' ORDER BY 1, 2`)
    ).rows;
    const cents = {};
    for (const { table_name: t, column_name: col } of cols) cents[`${t}.${col}`] = (await c.query(`SELECT coalesce(sum("${col}"), 0)::text AS s FROM public."${t}"`)).rows[0].s;
    return { rows, cents };
  });
}

/** Every file under a store folder as name → sha256 of its content (names are hashes: both must agree). */
async function fileHashes(dir) {
  const out = new Map();
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) await walk(p);
      } else if (/^[0-9a-f]{64}$/.test(e.name)) {
        const h = createHash('sha256');
        for await (const chunk of createReadStream(p)) h.update(chunk);
        out.set(e.name, h.digest('hex'));
      }
    }
  };
  await walk(dir);
  return out;
}

export async function backupDrill(ctx, { adminUrl = process.env.BACKUP_DRILL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' } = {}) {
  const D = '8 backup/restore';
  const rows = [];
  const dir = await workDir(ctx.dir, 'backup');
  const tag = randomBytes(3).toString('hex');
  const [src, dst] = [`cit_backup_drill_${tag}`, `cit_restore_drill_${tag}`];
  await withPg(adminUrl, async (c) => {
    await c.query(`CREATE DATABASE "${src}" TEMPLATE template0`);
    await c.query(`CREATE DATABASE "${dst}" TEMPLATE template0`);
  });
  onCleanup(() => withPg(adminUrl, async (c) => {
    for (const db of [src, dst]) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }).catch(() => undefined));
  const srcFiles = path.join(dir, 'files-src');
  const dstFiles = path.join(dir, 'files-dst');
  const backupDir = path.join(dir, 'backup');

  let t = now();
  await node('enti/seed/seed-command.js', [], { DATABASE_URL: dbUrl(adminUrl, src), ATTACHMENTS_DIR: srcFiles });
  const seedMs = now() - t;
  const before = await figures(dbUrl(adminUrl, src));
  rows.push(row(D, 'database filled (demo + 2-year history)', 'tickets > 500, billing entries > 0', `${before.rows.tickets} tickets, ${before.rows.billing_entries} billing entries in ${(seedMs / 1000).toFixed(1)} s`, before.rows.tickets > 500 && before.rows.billing_entries > 0));

  t = now();
  await node('backup/backup-command.js', ['--to', backupDir], { DATABASE_URL: dbUrl(adminUrl, src), ATTACHMENTS_DIR: srcFiles });
  const backupMs = now() - t;
  t = now();
  const restored = await node('backup/restore-command.js', ['--from', backupDir], { DATABASE_URL: dbUrl(adminUrl, dst), ATTACHMENTS_DIR: dstFiles }).then(
    (r) => ({ ok: true, out: r.stdout }),
    (err) => ({ ok: false, out: String(err.stderr || err.message) }),
  );
  const restoreMs = now() - t;
  rows.push(row(D, 'restore into an empty database', 'exit 0, figures equal to the manifest', restored.ok ? `ok in ${(restoreMs / 1000).toFixed(1)} s (backup ${(backupMs / 1000).toFixed(1)} s)` : restored.out.slice(0, 300), restored.ok));

  const after = await figures(dbUrl(adminUrl, dst));
  const tables = Object.keys(before.rows);
  const differentRows = tables.filter((tb) => before.rows[tb] !== after.rows[tb]);
  rows.push(row(D, 'rows per table', `${tables.length} tables equal`, differentRows.length ? `different: ${differentRows.map((tb) => `${tb} ${before.rows[tb]}→${after.rows[tb]}`).join(', ')}` : `${tables.length} tables equal (${Object.values(after.rows).reduce((a, b) => a + b, 0)} rows)`, differentRows.length === 0 && Object.keys(after.rows).length === tables.length));
  const sums = Object.keys(before.cents);
  const differentSums = sums.filter((k) => before.cents[k] !== after.cents[k]);
  rows.push(row(D, 'sums of money columns', `${sums.length} sums equal`, differentSums.length ? `different: ${differentSums.join(', ')}` : `${sums.length} equal (billing_entries ${before.cents['billing_entries.amount_cents']} cents)`, differentSums.length === 0 && sums.length > 0));

  const [a, b] = await Promise.all([fileHashes(srcFiles), fileHashes(dstFiles)]);
  const bad = [...a].filter(([name, h]) => name !== h || b.get(name) !== h);
  rows.push(row(D, 'file hashes', `${a.size} files, each hashing to its name`, `${b.size} restored, ${bad.length} different`, a.size > 0 && b.size === a.size && bad.length === 0));
  return Object.assign(rows, { timings: { seedMs, backupMs, restoreMs, tickets: before.rows.tickets, files: a.size } });
}
