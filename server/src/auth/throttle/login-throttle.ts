import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterStoreOptions } from 'rate-limiter-flexible';
import type { ThrottleEntry, ThrottleKind } from '@cit/shared';
import type { Config } from '../../config';
import { AppError } from '../../platform/http/errors';

export type ThrottleConfig = Pick<
  Config,
  'REDIS_PREFIX' | 'LOGIN_IP_MAX_FAILURES' | 'LOGIN_IP_WINDOW_MINUTES' | 'LOGIN_ACCOUNT_FREE_FAILURES' | 'LOGIN_DELAY_MAX_MS' | 'PASSWORD_REQUESTS_PER_IP_HOUR'
>;

/** The wait before the first slowed attempt; each further failure doubles it, up to LOGIN_DELAY_MAX_MS. */
const FIRST_DELAY_MS = 500;
/** Failures on an account are counted for an hour after the last one. */
const ACCOUNT_WINDOW_SECONDS = 3_600;

/** The outcome of a login attempt, to report once the password has been checked. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

const tooManyFromAddress = (msBeforeNext: number) => {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    429,
    'too_many_attempts',
    `Troppi tentativi da questo indirizzo di rete: riprovi tra ${minutes} minut${minutes === 1 ? 'o' : 'i'}.`,
    { retryAfterSeconds: seconds },
  );
};

/**
 * Throttling that cannot lock anyone out (OWASP "account lockout" alternatives), on Redis so that every API
 * process counts together:
 * - per address (login_ip): after LOGIN_IP_MAX_FAILURES failures in the window the address is refused (429)
 *   for a window. Every attempt is counted when it starts and given back when it succeeds, so parallel
 *   requests cannot slip past the limit. It only ever stops the address that misbehaves.
 * - per account (login_account): failures from any address make further attempts on that e-mail wait
 *   (progressive delay) but the attempt is still checked, so the real person, from another address, always
 *   gets in; a guesser gets slow. Unknown e-mails are counted exactly like existing ones: nothing tells them apart.
 * - per address for password requests (password_ip): reset requests and link uses per hour.
 * The client address is Express's req.ip, i.e. X-Forwarded-For only from the proxies TRUST_PROXY trusts.
 */
export class LoginThrottle {
  private readonly limiters: Record<ThrottleKind, RateLimiterRedis>;

  constructor(
    private readonly redis: Redis,
    private readonly config: ThrottleConfig,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    const prefix = (kind: ThrottleKind) => `${config.REDIS_PREFIX}:throttle:${kind}`;
    const ipWindow = config.LOGIN_IP_WINDOW_MINUTES * 60;
    // With Redis away each process counts on its own (insurance limiter) instead of refusing every login:
    // a Redis outage must not keep people out, and the limits still hold per process.
    const limiter = (kind: ThrottleKind, opts: Omit<IRateLimiterStoreOptions, 'storeClient' | 'keyPrefix'>) =>
      new RateLimiterRedis({ ...opts, storeClient: redis, keyPrefix: prefix(kind), insuranceLimiter: new RateLimiterMemory({ ...opts, keyPrefix: prefix(kind) }) });
    this.limiters = {
      login_ip: limiter('login_ip', { points: config.LOGIN_IP_MAX_FAILURES, duration: ipWindow, blockDuration: ipWindow }),
      password_ip: limiter('password_ip', { points: config.PASSWORD_REQUESTS_PER_IP_HOUR, duration: 3_600 }),
      // Never blocks: its count only sets the delay.
      login_account: limiter('login_account', { points: 1_000_000, duration: ACCOUNT_WINDOW_SECONDS }),
    };
  }

  /** How long an attempt waits after `failures` recent failures on its account. */
  delayFor(failures: number): number {
    const over = failures - this.config.LOGIN_ACCOUNT_FREE_FAILURES;
    if (over <= 0) return 0;
    return Math.min(this.config.LOGIN_DELAY_MAX_MS, FIRST_DELAY_MS * 2 ** Math.min(over - 1, 20));
  }

  /** Call before checking a password: refuses a blocked address, waits out the account's delay. */
  async beginLogin(ip: string, email: string): Promise<LoginAttempt> {
    await this.consume('login_ip', ip);
    const account = await this.limiters.login_account.get(email);
    const delay = this.delayFor(account?.consumedPoints ?? 0);
    if (delay > 0) await this.sleep(delay);
    return {
      succeeded: async () => {
        await this.limiters.login_ip.reward(ip, 1);
        await this.limiters.login_account.delete(email);
      },
      failed: async () => {
        await this.limiters.login_account.penalty(email, 1);
      },
    };
  }

  /** Counts a password-reset request or link use from an address; 429 over the hourly limit. */
  async passwordRequest(ip: string): Promise<void> {
    await this.consume('password_ip', ip);
  }

  /** Addresses refused now and accounts slowed now, for the admins. */
  async list(): Promise<ThrottleEntry[]> {
    const entries: ThrottleEntry[] = [];
    for (const kind of Object.keys(this.limiters) as ThrottleKind[]) {
      const limiter = this.limiters[kind];
      const prefix = `${limiter.keyPrefix}:`;
      for (const redisKey of await this.keys(`${prefix}*`)) {
        const [[, value], [, pttl]] = ((await this.redis.multi().get(redisKey).pttl(redisKey).exec()) ?? []) as [[unknown, string | null], [unknown, number]];
        const count = Number(value ?? 0);
        if (!count || pttl <= 0) continue;
        const until = new Date(Date.now() + pttl).toISOString();
        const key = redisKey.slice(prefix.length);
        if (kind === 'login_account') {
          const delayMs = this.delayFor(count);
          if (delayMs > 0) entries.push({ kind, key, count, state: 'slowed', delayMs, until });
        } else if (count > limiter.points) {
          entries.push({ kind, key, count, state: 'blocked', delayMs: 0, until });
        }
      }
    }
    return entries.sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
  }

  /** Lifts a block or a slowdown; answers whether there was one. */
  async unblock(kind: ThrottleKind, key: string): Promise<boolean> {
    return (await this.limiters[kind].delete(key)) === true;
  }

  private async consume(kind: ThrottleKind, key: string): Promise<void> {
    try {
      await this.limiters[kind].consume(key);
    } catch (err) {
      // The library rejects with a RateLimiterRes when over the limit, with an Error when Redis fails.
      if (err instanceof RateLimiterRes) throw tooManyFromAddress(err.msBeforeNext);
      throw err;
    }
  }

  private async keys(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  }
}
