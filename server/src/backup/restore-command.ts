import path from 'node:path';
import { ConfigError, loadFileStoreConfig } from '../config';
import { fileStoreFromConfig } from '../file-store/file-store.module';
import { createDataSource } from '../platform/db/data-source';
import { readBackup, restore } from './backup';
import { databaseFigures } from './backup.repository';
import { commandArg, databaseUrlFromEnv, runCommand } from './command';
import { compareFigures } from './compare';

/**
 * `npm run restore -- --from DIR`: into the empty database of DATABASE_URL and the configured file store, then
 * compares rows per table and the sums with the backup's manifest.
 */
runCommand(async (argv) => {
  const from = commandArg(argv, '--from');
  if (!from) throw new ConfigError(['--from: manca la cartella del backup da ripristinare']);
  const url = databaseUrlFromEnv();
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'cit-restore' });
  await ds.initialize();
  try {
    const report = await restore(ds, url, fileStoreFromConfig(loadFileStoreConfig()), path.resolve(from));
    console.log(`Ripristino: database in ${(report.ms.database / 1000).toFixed(1)} s, ${report.files} file in ${(report.ms.files / 1000).toFixed(1)} s.`);
    const differences = compareFigures((await readBackup(path.resolve(from))).database, await databaseFigures(ds));
    if (differences.length > 0) throw new Error(`Il database ripristinato non corrisponde al backup:\n  ${differences.join('\n  ')}`);
    console.log('Righe per tabella e somme degli importi uguali a quelle del backup.');
  } finally {
    await ds.destroy();
  }
});
