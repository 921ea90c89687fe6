import { databaseUrlFromEnv, runCommand } from '../backup/command';
import { createDataSource } from '../platform/db/data-source';
import { rebuildReportRollups } from './report-rollups.repository';

/**
 * `npm run reports:rebuild` (DATABASE_URL only): rebuilds the report rollups from the tickets, after a bulk load made
 * with the triggers off or to check them. Idempotent; ticket writes wait while it runs (one transaction).
 */
runCommand(async () => {
  const ds = createDataSource({ url: databaseUrlFromEnv(), poolSize: 1, applicationName: 'cit-reports-rebuild' });
  await ds.initialize();
  try {
    const r = await rebuildReportRollups(ds);
    console.log(`Rollup dei report ricostruiti in ${r.seconds.toFixed(1)} s: ${r.dayRows} righe per giorno ed Ente, ${r.allRows} per giorno, ${r.monthRows} per mese ed Ente.`);
  } finally {
    await ds.destroy();
  }
});
