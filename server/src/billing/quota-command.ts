import { ConfigError, loadConfig } from '../config';
import { createDataSource } from '../platform/db/data-source';
import { assessMembershipQuotas, describeQuotaReport } from './quota';

/** `npm run quota -- 2027`: assesses the year's membership quotas (default: the current year). Idempotent. */
async function main(): Promise<void> {
  const arg = process.argv[2];
  const year = arg ? Number(arg) : new Date().getFullYear();
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new Error(`Anno non valido: ${arg}`);
  const config = loadConfig();
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: 'cit-quota' });
  await ds.initialize();
  try {
    console.log(describeQuotaReport(await assessMembershipQuotas(ds, year)));
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
