import { ErrorBodySchema, type FieldIssue } from '@cit/shared';

/**
 * Codes produced by the client itself, when no `{ error }` body could be read.
 * Their `message` is technical: the UI shows a translated text for them (see ui/errorMessage.ts).
 */
export const CLIENT_ERROR_CODES = ['network_error', 'bad_response', 'http_error'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** A failed API call: HTTP status (0 when the server could not be reached), stable code, message, details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** True when the message comes from the server (Italian text meant for the user). */
  get fromServer(): boolean {
    return !(CLIENT_ERROR_CODES as readonly string[]).includes(this.code);
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Builds the ApiError for a non-2xx response, from its `{ error: { code, message, details? } }` body. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(res.status, code, message, details);
  }
  return new ApiError(res.status, 'http_error', `HTTP ${res.status} ${res.statusText}`.trim());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `details.fields` of a `validation_error`, or an empty list. */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!isApiError(error) || !isRecord(error.details) || !Array.isArray(error.details.fields)) return [];
  return error.details.fields.flatMap((item: unknown): FieldIssue[] =>
    isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}

/** `details.retryAfterSeconds` of a throttled (429) answer, if present. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!isApiError(error) || !isRecord(error.details)) return undefined;
  const value = error.details.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
