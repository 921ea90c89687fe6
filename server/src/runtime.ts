import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Config } from './config';
import { createApp } from './app';
import { createDataSource, migrate } from './platform/db/data-source';
import { createLogger, type Logger } from './platform/logger';
import { createRedis } from './platform/redis';

export interface Runtime {
  config: Config;
  logger: Logger;
  ds: DataSource;
  redis: Redis;
  server: Server;
  url: string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  migrate?: boolean;
  logger?: Logger;
}

/**
 * Opens the connections and starts listening. Redis being down does not stop the start: the API keeps
 * serving what does not need it and /api/health says 503 until it is back.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'cit-api' });
  await ds.initialize();
  if (options.migrate) {
    const applied = await migrate(ds);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection problem'));
  redis.connect().catch((err: unknown) => logger.warn({ err }, 'redis not reachable at start; retrying in background'));

  const { app, dispose } = createApp({ config, ds, redis, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish (bounded), then close the pools.
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 10_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      dispose();
      redis.disconnect();
      await ds.destroy();
    })();
    return stopping;
  };
  return { config, logger, ds, redis, server, url: `http://127.0.0.1:${port}`, stop };
}

/** SIGTERM/SIGINT end the process cleanly: no request is cut in the middle. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  const handler = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
