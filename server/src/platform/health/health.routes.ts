import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { HealthSchema, ReadinessSchema, type Health, type Readiness } from '@cit/shared';
import { ApiRouter } from '../http/api-router';
import type { ReadinessState } from './readiness';

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

function probes(ds: DataSource, redis: Redis) {
  return Promise.all([
    // eslint-disable-next-line no-restricted-syntax -- a liveness probe reads no tenant data
    probe(() => ds.query('SELECT 1')),
    probe(() => redis.ping()),
  ]);
}

/**
 * `/api/health` (alive: 200 when PostgreSQL and Redis both answer, 503 otherwise) and `/api/ready` (ready to take
 * traffic: also migrated, demo data loaded, not draining). Orchestrators restart on the first, balance on the second.
 */
export function healthRoutes(ds: DataSource, redis: Redis, paths: ZodOpenApiPathsObject, readiness: ReadinessState): ApiRouter[] {
  const health = new ApiRouter('/api/health', 'Stato', paths).get(
    '/',
    { summary: 'Stato del servizio (PostgreSQL e Redis)', access: 'public', response: HealthSchema, errors: [503] },
    async ({ res }): Promise<Health> => {
      const [postgres, redisState] = await probes(ds, redis);
      const status = postgres === 'ok' && redisState === 'ok' ? 'ok' : 'unavailable';
      res.status(status === 'ok' ? 200 : 503);
      return { status, checks: { postgres, redis: redisState } };
    },
  );
  const ready = new ApiRouter('/api/ready', 'Stato', paths).get(
    '/',
    { summary: 'Pronto a ricevere traffico (migrazioni applicate, dati caricati, non in arresto)', access: 'public', response: ReadinessSchema, errors: [503] },
    async ({ res }): Promise<Readiness> => {
      const [postgres, redisState] = await probes(ds, redis);
      const migrations = postgres === 'ok' && (await readiness.migrationsDone().catch(() => false)) ? 'ok' : 'pending';
      const checks = { postgres, redis: redisState, migrations, seed: readiness.seeding ? 'loading' : 'ok', draining: readiness.draining } as const;
      const ok = postgres === 'ok' && redisState === 'ok' && migrations === 'ok' && !readiness.seeding && !readiness.draining;
      res.status(ok ? 200 : 503);
      return { status: ok ? 'ready' : 'not_ready', checks };
    },
  );
  return [health, ready];
}
