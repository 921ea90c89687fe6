import type { z } from 'zod';
import { validationError } from './errors';

/** Parses untrusted input at the edge; a failure becomes a 400 with the field messages. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
