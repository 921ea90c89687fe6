import { BACKGROUND_HEADER, CSRF_HEADER } from '@cit/shared';
import { errorFromResponse } from './errors';
import { csrfToken, refreshCsrfToken } from './csrf';
import { readResult, send, withQuery, type HttpMethod, type ResponseParser } from './transport';

export interface ApiRequest {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** A request the page makes on its own (a poll): it does not extend the session (GET only). */
  background?: boolean;
}

/**
 * Calls the API. GET requests go straight; state-changing ones carry the session's CSRF token in the
 * `x-csrf-token` header and, if the server answers 403 `csrf_invalid` (expired or regenerated session),
 * fetch a fresh token and are retried once.
 * With a `schema` the JSON answer is validated and returned; without, the body is ignored (204).
 */
export async function apiRequest<T>(path: string, options: ApiRequest & { schema: ResponseParser<T> }): Promise<T>;
export async function apiRequest(path: string, options?: ApiRequest): Promise<void>;
export async function apiRequest<T>(
  path: string,
  { method = 'GET', body, query, signal, schema, background }: ApiRequest & { schema?: ResponseParser<T> } = {},
): Promise<T | undefined> {
  const url = withQuery(path, query);
  let res: Response;
  if (method === 'GET') {
    res = await send(url, { method, signal, headers: background ? { [BACKGROUND_HEADER]: '1' } : undefined });
  } else {
    const attempt = async (token: string) => send(url, { method, body, signal, headers: { [CSRF_HEADER]: token } });
    res = await attempt(await csrfToken());
    if (res.status === 403) {
      const error = await errorFromResponse(res);
      if (error.code !== 'csrf_invalid') throw error;
      res = await attempt(await refreshCsrfToken());
    }
  }
  if (schema) return readResult(res, schema);
  if (!res.ok) throw await errorFromResponse(res);
  return undefined;
}

/**
 * POSTs JSON (with the CSRF token, retried once like apiRequest) and returns the binary answer, e.g. a generated PDF.
 */
export async function apiDownload(path: string, body: unknown): Promise<Blob> {
  const attempt = async (token: string) => send(path, { method: 'POST', body, headers: { [CSRF_HEADER]: token, Accept: 'application/pdf, application/json' } });
  let res = await attempt(await csrfToken());
  if (res.status === 403) {
    const error = await errorFromResponse(res.clone());
    if (error.code === 'csrf_invalid') res = await attempt(await refreshCsrfToken());
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res.blob();
}
