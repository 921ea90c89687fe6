import { dropDatabase, withAdmin } from './test-db';

export default async function globalTeardown(): Promise<void> {
  const runId = process.env.CIT_TEST_RUN_ID;
  if (!runId) return;
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `cit_test_${runId}_%`,
    ]);
    for (const { datname } of rows) await dropDatabase(admin, datname);
  });
}
