import { CsrfResponseSchema } from '@cit/shared';
import { readResult, send } from './transport';

/**
 * The synchronizer token of the current session, kept in memory only.
 * It is replaced by the one returned by login and by GET /api/auth/session (the session is regenerated at
 * login, so the previous token stops working), and forgotten at logout.
 */
let token: string | null = null;
/** Bumped whenever the token is set from outside, so that a slower refresh cannot overwrite a newer token. */
let generation = 0;
let refreshing: Promise<string> | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
  generation += 1;
}

/** The current token, fetched from GET /api/auth/csrf the first time it is needed. */
export function csrfToken(): Promise<string> {
  return token === null ? refreshCsrfToken() : Promise.resolve(token);
}

/** Asks the server for the session's token; concurrent callers share one request. */
export function refreshCsrfToken(): Promise<string> {
  refreshing ??= (async () => {
    const startedAt = generation;
    try {
      const res = await send('/api/auth/csrf', { method: 'GET' });
      const { csrfToken: fresh } = await readResult(res, CsrfResponseSchema);
      if (generation === startedAt) token = fresh;
      return token ?? fresh;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
