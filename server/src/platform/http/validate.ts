import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, validationError } from './errors';

/** Parses untrusted input at the edge; a failure becomes a 400 with the field messages. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  rejectNul(input);
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * The dotted path of the first string or key holding U+0000, or undefined. Iterative, so a body nested thousands
 * of levels deep (JSON.parse accepts it) cannot overflow the stack.
 */
export function nulPath(input: unknown): string | undefined {
  type Node = { value: unknown; key: string; parent: Node | undefined };
  const pathOf = (n: Node | undefined): string => {
    const keys: string[] = [];
    for (let x = n; x?.parent; x = x.parent) keys.unshift(x.key);
    return keys.join('.');
  };
  const stack: Node[] = [{ value: input, key: '', parent: undefined }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(node);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return pathOf({ value: child, key: key.replaceAll('\u0000', '\\0'), parent: node });
        stack.push({ value: child, key, parent: node });
      }
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store U+0000 in text (the insert fails, and a 500 follows), and no person types it: any
 * request carrying one, in any field, is refused at the edge with the field named.
 */
export function rejectNul(input: unknown): void {
  const at = nulPath(input);
  if (at === undefined) return;
  throw new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', {
    fields: [{ path: at, message: 'Il testo contiene un carattere nullo (U+0000), che non è ammesso.' }],
  });
}

/** `rejectNul` for the JSON body of every route, including the ones that are not ApiRouter's (bull-board). */
export const rejectNulInBody: RequestHandler = (req, _res, next) => {
  try {
    rejectNul(req.body);
    next();
  } catch (err) {
    next(err);
  }
};
