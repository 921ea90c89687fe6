import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { DataSource } from 'typeorm';
import { ImportRunListSchema, ImportRunSchema, rolesFor, type ImportRun } from '@cit/shared';
import { z } from 'zod';
import { ApiRouter } from '../platform/http/api-router';
import { notFound } from '../platform/http/errors';
import { listRuns, runById, type ImportRunRow } from './import-runs.repository';

export const toRunDto = (r: ImportRunRow): ImportRun => ({
  id: r.id,
  source: r.source,
  status: r.status,
  dryRun: r.dry_run,
  done: r.done,
  total: r.total,
  options: r.options as Record<string, unknown>,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  error: r.error,
  report: r.report as Record<string, unknown> | null,
});

/** The last import runs (MoOne and SoftwareCit) with their reports, for the admin page. */
export function importRunsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/admin/import-runs', 'Importazioni', paths)
    .get(
      '/',
      {
        summary: 'Importazioni da MoOne e SoftwareCit, dalla più recente, con il rapporto di riconciliazione',
        description: 'Le ultime 50 esecuzioni (le prove con --dry-run da riga di comando non scrivono nulla, neppure qui).',
        access: rolesFor('imports.read'),
        response: ImportRunListSchema,
      },
      async () => ({ items: (await listRuns(ds, 50)).map(toRunDto) }),
    )
    .get(
      '/:id',
      {
        summary: "Un'importazione con il suo avanzamento e il rapporto",
        access: rolesFor('imports.read'),
        params: z.object({ id: z.uuid('Identificativo dell’importazione non valido') }),
        response: ImportRunSchema,
        errors: [404],
      },
      async ({ params }) => {
        const run = await runById(ds, params.id);
        if (!run) throw notFound("L'importazione");
        return toRunDto(run);
      },
    );
}
