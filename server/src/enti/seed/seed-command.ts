import { ConfigError, loadFileStoreConfig } from '../../config';
import { createDataSource, migrate } from '../../platform/db/data-source';
import { fileStoreFromConfig } from '../../file-store/file-store.module';
import { CalendarSource } from '../../support-calendar/calendar-source';
import { seedDemo } from './seed';
import { seedDemoHistory } from './demo-history';

/**
 * `npm run seed`: applies migrations and loads the demo data into DATABASE_URL (safe to repeat); attachments of the demo
 * requests go to ATTACHMENTS_DIR as for the server. It has no encryption key: the demo accounts' TOTP secret is written
 * in clear and sealed by the next start of the API (runtime.ts).
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new ConfigError(['DATABASE_URL: manca: indirizzo di PostgreSQL, es. postgres://utente@127.0.0.1:5432/cit']);
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'cit-seed' });
  await ds.initialize();
  try {
    await migrate(ds);
    const report = await seedDemo(ds, {
      store: fileStoreFromConfig(loadFileStoreConfig()),
      calendar: new CalendarSource(ds),
    });
    console.log('Dati dimostrativi caricati (righe nuove):', report);
    console.log('Storico dimostrativo di due anni (righe nuove):', await seedDemoHistory(ds));
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
