import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { DataSource } from 'typeorm';
import { ImportRunListSchema, rolesFor, type ImportRun } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { listRuns } from './import.repository';

/** The last runs of the MoOne import with their reports (read-only: imports run from the command line). */
export function importRunsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/admin/import-runs', 'Importazioni', paths).get(
    '/',
    {
      summary: 'Importazioni da MoOne, dalla più recente, con il rapporto di riconciliazione',
      description: 'Le ultime 50 esecuzioni reali (le prove con --dry-run non scrivono nulla, neppure qui).',
      access: rolesFor('imports.read'),
      response: ImportRunListSchema,
    },
    async () => ({
      items: (await listRuns(ds, 50)).map(
        (r): ImportRun => ({
          id: r.id,
          source: 'moone',
          status: r.status as ImportRun['status'],
          options: r.options as Record<string, unknown>,
          startedAt: r.started_at.toISOString(),
          finishedAt: r.finished_at?.toISOString() ?? null,
          error: r.error,
          report: r.report as Record<string, unknown> | null,
        }),
      ),
    }),
  );
}
