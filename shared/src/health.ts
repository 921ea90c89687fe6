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

/** Ready to take traffic: alive, migrations applied, demo data (when loading) in place, not draining. */
export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      postgres: z.enum(['ok', 'down']),
      redis: z.enum(['ok', 'down']),
      migrations: z.enum(['ok', 'pending']),
      seed: z.enum(['ok', 'loading']),
      draining: z.boolean(),
    }),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof ReadinessSchema>;

const RunCount = z.object({ source: z.string(), status: z.string(), count: z.number().int() });

/** The operations figures of the Prometheus endpoint, for the admin home's card. */
export const OpsFiguresSchema = z
  .object({
    outbox: z.object({ waiting: z.number().int(), oldestSeconds: z.number() }),
    /** BullMQ job counts by state; null when Redis does not answer. */
    jobs: z.object({ waiting: z.number().int(), active: z.number().int(), delayed: z.number().int(), failed: z.number().int() }).nullable(),
    mails: z.object({ queued: z.number().int(), failed: z.number().int() }),
    tickets: z.object({ atRisk: z.number().int(), breached: z.number().int() }),
    /** Import runs by source (moone, softwarecit) and statement runs (source `statements`), by status. */
    runs: z.array(RunCount),
    liveSockets: z.number().int(),
  })
  .meta({ id: 'OpsFigures' });
export type OpsFigures = z.infer<typeof OpsFiguresSchema>;
