import path from 'node:path';
import { ConfigError, loadFileStoreConfig } from '../config';
import { copyStore } from './copy';
import { s3StoreFromConfig } from './file-store.module';
import { LocalFileStore } from './local-store';

/**
 * `npm run files:to-s3 [-- --from DIR]`: copies the local file store (ATTACHMENTS_DIR, or DIR) to the configured
 * S3 bucket and verifies every hash. Exit code 1 when a file does not read back identical. Safe to repeat.
 */
async function main(argv: string[]): Promise<number> {
  const config = loadFileStoreConfig();
  const fromAt = argv.indexOf('--from');
  const from = fromAt >= 0 ? argv[fromAt + 1] : config.ATTACHMENTS_DIR;
  if (!from) throw new ConfigError(['--from: manca la cartella da copiare']);
  if (config.S3_BUCKET === undefined) throw new ConfigError(['S3_BUCKET: manca: il bucket di destinazione (con S3_ENDPOINT, le credenziali e S3_FORCE_PATH_STYLE se servono)']);
  const source = new LocalFileStore(path.resolve(from));
  const target = s3StoreFromConfig({ ...config, S3_BUCKET: config.S3_BUCKET });
  console.log(`Copia di ${path.resolve(from)} nel bucket «${config.S3_BUCKET}»${config.S3_ENDPOINT ? ` (${config.S3_ENDPOINT})` : ''}…`);
  const report = await copyStore(source, target, (n) => {
    if (n % 500 === 0) console.log(`  ${n} file…`);
  });
  console.log(`File: ${report.files} (${(report.bytes / 1024 / 1024).toFixed(1)} MB); copiati ${report.copied}, già presenti ${report.alreadyThere}; impronte verificate ${report.files - report.mismatches.length}.`);
  for (const m of report.mismatches) console.error(`  DIVERSO: ${m.sha256} → ${m.found ? `${m.found.sha256} (${m.found.size} byte)` : 'illeggibile'}`);
  return report.mismatches.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
