import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { startS3, type TestS3 } from '../../test/s3-server';
import { databaseUrl, dropDatabase, withAdmin } from '../../test/test-db';
import { loadFileStoreConfig } from '../config';
import { hashStream, type StoredObject } from '../file-store/file-store';
import { fileStoreFromConfig } from '../file-store/file-store.module';
import { createDataSource } from '../platform/db/data-source';
import { seedDemo } from '../enti/seed/seed';
import { backup, readBackup, restore } from './backup';
import { databaseFigures } from './backup.repository';
import { compareFigures } from './compare';

/** The quick form of the restore drill (the full one is `npm run drills -- --only backup`). */
describe('backup and restore', () => {
  let env: TestEnv;
  let s3: TestS3;
  let tmp: string;
  const targets: string[] = [];
  const open: DataSource[] = [];

  beforeAll(async () => {
    [env, s3] = await Promise.all([startTestEnv(), startS3()]);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cit-backup-test-'));
  });
  afterAll(async () => {
    await Promise.all(open.map((ds) => ds.destroy()));
    await withAdmin(async (admin) => {
      for (const name of targets) await dropDatabase(admin, name);
    });
    await Promise.all([env.close(), s3.stop(), rm(tmp, { recursive: true, force: true })]);
  });

  async function emptyDatabase(): Promise<{ url: string; ds: DataSource }> {
    const name = `${env.dbName}_restore_${targets.length}`;
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
    targets.push(name);
    const ds = createDataSource({ url: databaseUrl(name), poolSize: 2, applicationName: 'cit-restore-test' });
    await ds.initialize();
    open.push(ds);
    return { url: databaseUrl(name), ds };
  }

  const listed = async (files: AsyncIterable<StoredObject>) => {
    const out: StoredObject[] = [];
    for await (const f of files) out.push(f);
    return out.sort((a, b) => a.sha256.localeCompare(b.sha256));
  };

  it('backs up a filled database and its files, restores them elsewhere (database and S3) with the same rows, sums and hashes', async () => {
    const source = fileStoreFromConfig(env.config);
    await seedDemo(env.ds, { store: source, calendar: env.tickets.calendar });
    const figures = await databaseFigures(env.ds);
    expect(figures.rows.tickets).toBeGreaterThan(0);
    expect(figures.rows.billing_entries).toBeGreaterThan(0);
    expect(Number(figures.cents['billing_entries.amount_cents'])).toBeGreaterThan(0);
    const files = await listed(source.list());
    expect(files.length).toBeGreaterThan(0);

    const dir = path.join(tmp, 'backup');
    const report = await backup(env.ds, databaseUrl(env.dbName), source, dir);
    expect(report).toMatchObject({ files: files.length, fileBytes: files.reduce((n, f) => n + f.size, 0) });
    // Counted in the dumped snapshot: the seed's rows exactly, plus what the live outbox added meanwhile.
    const manifest = (await readBackup(dir)).database;
    expect(manifest.cents).toEqual(figures.cents);
    for (const [table, n] of Object.entries(figures.rows)) expect(manifest.rows[table]).toBeGreaterThanOrEqual(n);

    // Another database on the same cluster, files into a bucket instead of a folder.
    const target = await emptyDatabase();
    const bucket = fileStoreFromConfig(loadFileStoreConfig({ ...s3.env, S3_PREFIX: 'ripristino/', ATTACHMENTS_DIR: path.join(tmp, 'spool') }));
    const restored = await restore(target.ds, target.url, bucket, dir);
    expect(restored.files).toBe(files.length);
    expect(compareFigures(manifest, await databaseFigures(target.ds))).toEqual([]);
    expect(await listed(bucket.list())).toEqual(files);
    for (const f of files) expect(await hashStream(bucket.createReadStream(f.sha256))).toEqual(f);
    // The restored database is usable: the migrations table came along, so nothing is pending.
    expect(await target.ds.showMigrations()).toBe(false);

    // A database that is not empty is refused, before anything is written.
    await expect(restore(target.ds, target.url, bucket, dir)).rejects.toThrow(/non è vuoto/);
    // A damaged dump is found by its checksum.
    await appendFile(path.join(dir, 'database.dump'), 'x');
    const other = await emptyDatabase();
    await expect(restore(other.ds, other.url, bucket, dir)).rejects.toThrow(/database\.dump è danneggiato/);
  }, 180_000);
});
