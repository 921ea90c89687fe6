import { z } from 'zod';

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({
      postgres: z.enum(['ok', 'down']),
      redis: z.enum(['ok', 'down']),
    }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;
