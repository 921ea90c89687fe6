import { AppError } from './errors';

/** Keyset cursors are the sort key of the last row seen, base64url-encoded JSON; opaque to clients. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): Array<string | number> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === arity && parsed.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return parsed as Array<string | number>;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

export const invalidCursor = () => new AppError(400, 'invalid_cursor', 'Cursore di paginazione non valido: ricarica l’elenco dalla prima pagina.');
