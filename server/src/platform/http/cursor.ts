import type { z } from 'zod';
import { AppError } from './errors';

/** Keyset cursors are the sort key of the last row seen, base64url-encoded JSON; opaque to clients. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Decodes a cursor and checks each part against the list's own tuple (built from `cursorPart` in shared/), so a
 * crafted cursor — a bad uuid, a date PostgreSQL refuses, a number where text belongs — answers 400, never a 500.
 */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, shape: T): z.infer<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const checked = shape.safeParse(parsed);
  if (!checked.success) throw invalidCursor();
  return checked.data;
}

export const invalidCursor = () => new AppError(400, 'invalid_cursor', 'Cursore di paginazione non valido: ricarichi l’elenco dalla prima pagina.');
