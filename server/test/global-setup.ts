import { createDataSource, migrate } from '../src/platform/db/data-source';
import { databaseUrl, dropDatabase, withAdmin } from './test-db';

const STALE_MS = 6 * 3_600_000;

/**
 * Each `npm test` run gets its own template database with every migration applied; each test file then
 * clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds and keeps files independent.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const template = `cit_test_${runId}_tpl`;
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'cit_test_%'`);
    for (const { datname } of rows) {
      const started = parseInt(datname.split('_')[2] ?? '', 36);
      if (Number.isFinite(started) && Date.now() - started > STALE_MS) await dropDatabase(admin, datname);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
  });
  const ds = createDataSource({ url: databaseUrl(template), poolSize: 1 });
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
  process.env.CIT_TEST_RUN_ID = runId;
  process.env.CIT_TEST_TEMPLATE_DB = template;
}
