import { SESSION_EXPIRES_HEADER } from '@cit/shared';
import { ApiError, errorFromResponse } from './errors';
import { noteSessionExpiry } from './sessionExpiry';

/** The part of a zod schema the client needs: shared schemas validate every response. */
export interface ResponseParser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendOptions {
  method: HttpMethod;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One fetch against the same-origin API; network failures become ApiError(0, 'network_error'). */
export async function send(url: string, { method, body, headers, signal }: SendOptions): Promise<Response> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  };
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    // Aborts (TanStack Query cancelling a stale request) must stay aborts.
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'Network error', error);
  }
  const secondsLeft = res.headers.get(SESSION_EXPIRES_HEADER);
  if (secondsLeft !== null) noteSessionExpiry(Number(secondsLeft));
  return res;
}

/** Rejects on non-2xx; otherwise reads the JSON body and validates it. */
export async function readResult<T>(res: Response, parser: ResponseParser<T>): Promise<T> {
  if (!res.ok) throw await errorFromResponse(res);
  let data: unknown;
  try {
    data = await res.json();
  } catch (error) {
    throw new ApiError(res.status, 'bad_response', 'Response body is not JSON', error);
  }
  const parsed = parser.safeParse(data);
  if (!parsed.success) throw new ApiError(res.status, 'bad_response', 'Response does not match the contract', parsed.error);
  return parsed.data;
}

export function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
