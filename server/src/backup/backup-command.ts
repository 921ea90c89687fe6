import path from 'node:path';
import { ConfigError, loadFileStoreConfig } from '../config';
import { fileStoreFromConfig } from '../file-store/file-store.module';
import { createDataSource } from '../platform/db/data-source';
import { backup } from './backup';
import { commandArg, databaseUrlFromEnv, runCommand } from './command';

/** `npm run backup -- --to DIR`: DATABASE_URL (pg_dump) and the configured file store into a new folder. */
runCommand(async (argv) => {
  const to = commandArg(argv, '--to');
  if (!to) throw new ConfigError(['--to: manca la cartella del backup, es. npm run backup -- --to /srv/backup/2026-12-04']);
  const url = databaseUrlFromEnv();
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'cit-backup' });
  await ds.initialize();
  try {
    const report = await backup(ds, url, fileStoreFromConfig(loadFileStoreConfig()), path.resolve(to));
    console.log(
      `Backup in ${path.resolve(to)}: database ${(report.dumpBytes / 1024 / 1024).toFixed(1)} MB in ${(report.ms.database / 1000).toFixed(1)} s, ` +
        `${report.files} file (${(report.fileBytes / 1024 / 1024).toFixed(1)} MB) in ${(report.ms.files / 1000).toFixed(1)} s.`,
    );
  } finally {
    await ds.destroy();
  }
});
