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
    // disconnect() on a connection that never came up must not keep the process alive for seconds.
    disconnectTimeout: 100,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
}
