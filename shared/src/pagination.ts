import { z } from 'zod';
import { limitParam } from './request-values';

export const PageQuerySchema = z.object({
  limit: limitParam(),
  /** Opaque keyset cursor returned as `nextCursor` by the previous page. */
  cursor: z.string().max(500).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  });
}
