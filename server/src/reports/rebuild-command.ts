import { ConfigError, loadConfig } from '../config';
import { createDataSource } from '../platform/db/data-source';
import { rebuildReportRollups } from './report-rollups.repository';

/**
 * `npm run reports:rebuild`: rebuilds the report rollups from the tickets (after a bulk load with the triggers off,
 * or to check them). Idempotent; ticket writes wait while it runs (about a minute at 10M tickets).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: 1, applicationName: 'cit-reports-rebuild' });
  await ds.initialize();
  try {
    const r = await rebuildReportRollups(ds);
    console.log(`Rollup dei report ricostruiti in ${r.seconds.toFixed(1)} s: ${r.dayRows} righe per giorno ed Ente, ${r.allRows} per giorno, ${r.monthRows} per mese ed Ente.`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
