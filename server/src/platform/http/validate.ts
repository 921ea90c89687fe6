import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, validationError } from './errors';

/** Parses untrusted input at the edge; a failure becomes a 400 with the field messages. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  rejectUnstorable(input);
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** A UTF-16 surrogate without its pair: JSON can carry one as an escape (`"\ud800"`), Unicode text cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored: PostgreSQL text refuses U+0000, json/jsonb refuse a lone surrogate (and a text
 * column would silently turn it into U+FFFD). No person types either.
 */
function unstorable(s: string): string | undefined {
  if (s.includes('\u0000')) return 'carattere nullo (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'surrogato UTF-16 isolato';
  return undefined;
}

/**
 * The dotted path of the first value or key that cannot be stored, and why; undefined when all can. Besides the
 * strings above: a JSON number beyond the double range (`1e999` parses as Infinity), which neither JSON, jsonb nor
 * Redis scripts can hold. Iterative, so a body nested thousands of levels deep (JSON.parse accepts it) cannot
 * overflow the stack.
 */
export function unstorableValue(input: unknown): { path: string; what: string } | undefined {
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
      const what = unstorable(value);
      if (what) return { path: pathOf(node), what };
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      return { path: pathOf(node), what: 'numero fuori scala' };
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const what = unstorable(key);
        if (what) return { path: pathOf({ value: child, key: JSON.stringify(key).slice(1, -1), parent: node }), what };
        stack.push({ value: child, key, parent: node });
      }
    }
  }
  return undefined;
}

/** Any request carrying a value that cannot be stored, in any field, is refused at the edge with the field named. */
export function rejectUnstorable(input: unknown): void {
  const bad = unstorableValue(input);
  if (!bad) return;
  throw new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', {
    fields: [{ path: bad.path, message: `Valore non ammesso: ${bad.what}.` }],
  });
}

/** `rejectUnstorable` for the JSON body of every route, including the ones that are not ApiRouter's (bull-board). */
export const rejectUnstorableBody: RequestHandler = (req, _res, next) => {
  try {
    rejectUnstorable(req.body);
    next();
  } catch (err) {
    next(err);
  }
};
