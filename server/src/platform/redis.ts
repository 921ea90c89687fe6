import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection that never queues commands while disconnected: callers get an error at once
 * (health answers 503) instead of hanging until Redis comes back.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
}
