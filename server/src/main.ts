import { ConfigError, loadConfig } from './config';
import { startServer, stopOnSignals } from './runtime';

/** Production entry point: configuration comes only from the environment (see README). */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await startServer(config, { migrate: process.env.MIGRATE_ON_START !== 'false' });
  runtime.logger.info({ url: config.PUBLIC_URL }, 'CIT help-desk API listening');
  stopOnSignals(runtime.stop, runtime.logger);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Avvio non riuscito:', err);
  }
  process.exit(1);
});
