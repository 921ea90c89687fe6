import { CSRF_HEADER } from '@cit/shared';
import { ApiError } from './errors';
import { csrfToken, refreshCsrfToken } from './csrf';
import type { ResponseParser } from './transport';

export interface UploadOptions<T> {
  schema?: ResponseParser<T>;
  /** Called with the fraction (0…1) of the request body sent so far. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

interface RawResult {
  status: number;
  statusText: string;
  body: unknown;
}

/** One XMLHttpRequest (fetch cannot report upload progress) with the session's CSRF token. */
function sendForm(url: string, form: FormData, token: string, onProgress?: (f: number) => void, signal?: AbortSignal): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, statusText: xhr.statusText, body });
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Network error'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

function errorOf({ status, statusText, body }: RawResult): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  return new ApiError(status, 'http_error', `HTTP ${status} ${statusText}`.trim());
}

/**
 * POSTs a multipart form (files and text fields) with upload progress. Same CSRF rules as apiRequest:
 * the token travels in `x-csrf-token`, and a 403 `csrf_invalid` is retried once with a fresh token.
 */
export async function apiUpload<T>(path: string, form: FormData, options: UploadOptions<T> & { schema: ResponseParser<T> }): Promise<T>;
export async function apiUpload(path: string, form: FormData, options?: UploadOptions<never>): Promise<void>;
export async function apiUpload<T>(path: string, form: FormData, { schema, onProgress, signal }: UploadOptions<T> = {}): Promise<T | undefined> {
  let result = await sendForm(path, form, await csrfToken(), onProgress, signal);
  if (result.status === 403) {
    const error = errorOf(result);
    if (error.code !== 'csrf_invalid') throw error;
    onProgress?.(0);
    result = await sendForm(path, form, await refreshCsrfToken(), onProgress, signal);
  }
  if (result.status < 200 || result.status >= 300) throw errorOf(result);
  if (!schema) return undefined;
  const parsed = schema.safeParse(result.body);
  if (!parsed.success) throw new ApiError(result.status, 'bad_response', 'Response does not match the contract', parsed.error);
  return parsed.data;
}
