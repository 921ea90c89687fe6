import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { HealthSchema, type Health } from '@cit/shared';
import { ApiRouter } from '../http/api-router';

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

/** 200 when PostgreSQL and Redis both answer, 503 otherwise (load balancers take the process out of rotation). */
export function healthRoutes(ds: DataSource, redis: Redis, paths: ZodOpenApiPathsObject): ApiRouter {
  return new ApiRouter('/api/health', 'Stato', paths).get(
    '/',
    { summary: 'Stato del servizio (PostgreSQL e Redis)', access: 'public', response: HealthSchema, errors: [503] },
    async ({ res }): Promise<Health> => {
      const [postgres, redisState] = await Promise.all([
        // eslint-disable-next-line no-restricted-syntax -- a liveness probe reads no tenant data
        probe(() => ds.query('SELECT 1')),
        probe(() => redis.ping()),
      ]);
      const status = postgres === 'ok' && redisState === 'ok' ? 'ok' : 'unavailable';
      res.status(status === 'ok' ? 200 : 503);
      return { status, checks: { postgres, redis: redisState } };
    },
  );
}
