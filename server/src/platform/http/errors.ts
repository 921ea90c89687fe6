import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { isMissingResidentsError, type ErrorBody, type FieldIssue } from '@cit/shared';

/** An error the client can act on: it carries the HTTP status, a stable code and an Italian message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'La risorsa richiesta') =>
  new AppError(404, 'not_found', `${what} non esiste o non è visibile con il Suo profilo.`);
export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Accesso richiesto: effettua il login.');
export const forbidden = () =>
  new AppError(403, 'forbidden', 'Il Suo profilo non consente questa operazione.');

export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** 400 naming each field at fault, for the checks a schema cannot express (overlapping hours, a closed day twice). */
export const invalidFields = (fields: FieldIssue[]) => new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', { fields });

/** A problem with one request field, in the same shape as a zod failure so the client shows it next to the field. */
export function fieldError(path: string, message: string): AppError {
  return invalidFields([{ path, message }]);
}

/** The database refused a row because the unique index `constraint` already holds its value. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const driver = (err as { driverError?: unknown }).driverError ?? err;
  const e = driver as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && e.constraint === constraint;
}

export const validationError = (error: ZodError) => invalidFields(fieldIssues(error));

/** PostgreSQL error classes that mean "the database is not reachable right now", not "your request is wrong". */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);
const UNAVAILABLE_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  type?: unknown;
  status?: unknown;
  message?: unknown;
  driverError?: unknown;
  expose?: unknown;
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  // A price, allowance or quota asked for residents not on file: the admin must record them, nothing was computed.
  if (isMissingResidentsError(err)) {
    return new AppError(409, 'missing_residents', err.message, { enteName: err.enteName, asOfYear: err.asOfYear });
  }
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as ErrorLike;
  // body-parser marks its own failures with `type`.
  if (e.type === 'entity.parse.failed') {
    return new AppError(400, 'invalid_json', 'Il corpo della richiesta non è JSON valido.');
  }
  if (e.type === 'entity.too.large') {
    return new AppError(413, 'payload_too_large', 'La richiesta è troppo grande.');
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported_encoding', 'Codifica della richiesta non supportata.');
  }
  if (e.code === 'EBADCSRFTOKEN') {
    return new AppError(403, 'csrf_invalid', 'Token CSRF mancante o non valido: ricarichi la pagina e riprovi.');
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  const driverCode =
    typeof e.driverError === 'object' && e.driverError !== null ? (e.driverError as ErrorLike).code : undefined;
  const anyCode = code ?? (typeof driverCode === 'string' ? driverCode : undefined);
  if (anyCode && (UNAVAILABLE_PG_CODES.has(anyCode) || UNAVAILABLE_NET_CODES.has(anyCode))) {
    return serviceUnavailable();
  }
  // The statement ran past statement_timeout: nothing was written, and the caller can narrow the request.
  if (anyCode === '57014') {
    return new AppError(503, 'query_timeout', 'La richiesta ha richiesto troppo tempo: restringa i filtri o riprovi tra qualche istante.');
  }
  // serve-static and other http-errors style failures (a missing asset) keep their 4xx status.
  if (typeof e.status === 'number' && e.status === 404) {
    return new AppError(404, 'not_found', 'Risorsa non trovata.');
  }
  // The client sent something unreadable: a 4xx, not a 500. The router marks a path parameter that is not valid
  // percent-encoding (a URIError) with status 400; body-parser raises http-errors, whose `expose` marks a 4xx
  // caused by the request, for a body that does not decompress or is shorter than its Content-Length.
  if (err instanceof URIError && e.status === 400) {
    return new AppError(400, 'invalid_path', "L'indirizzo della richiesta contiene una codifica percentuale (%) non valida.");
  }
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError(e.status, 'unreadable_request', 'Il corpo della richiesta non è leggibile: compressione non valida o lunghezza diversa da quella dichiarata.');
  }
  // The connection dropped inside a transaction: TypeORM refuses to go on with the released runner. Nothing was
  // committed, so "retry in a moment" is the truthful answer.
  if (typeof e.name === 'string' && /^QueryRunner(Provider)?AlreadyReleasedError$/.test(e.name)) return serviceUnavailable();
  if (typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Connection is closed/i.test(e.message)) {
    return serviceUnavailable();
  }
  return undefined;
}

export const serviceUnavailable = () =>
  new AppError(503, 'service_unavailable', 'Servizio momentaneamente non disponibile: riprovi tra qualche istante.');

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  // Refused before its body was read (401/403/413…): close the connection after the answer instead of letting
  // Node drain the rest of the upload to keep the connection alive, so a refused upload costs no more bandwidth.
  if (!req.complete) res.setHeader('Connection', 'close');
  const known = toAppError(err);
  if (known) {
    if (known.status >= 500) req.log.warn({ err }, known.code);
    if (known.status === 503) res.setHeader('Retry-After', '5');
    // A throttled request says when to come back, in the header clients and proxies understand.
    const retryAfter = (known.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (known.status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(known.status).json(errorBody(known));
    return;
  }
  req.log.error({ err }, 'unhandled error');
  res.status(500).json(
    errorBody(new AppError(500, 'internal_error', `Errore interno. Codice per l'assistenza: ${String(req.id)}.`)),
  );
};

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `Nessuna API risponde a ${req.method} ${req.originalUrl.split('?')[0] ?? req.path}.`));
};
