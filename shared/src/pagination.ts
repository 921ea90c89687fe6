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

/** The file formats every list exports to (`GET …/export/{format}` with the list's own filters). */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const ExportFormatSchema = z.object({ format: z.enum(EXPORT_FORMATS, 'Formato non valido: csv o xlsx.') }).meta({ id: 'ExportFormat' });
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
