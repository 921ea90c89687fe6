import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { ImportRunSchema, rolesFor, SOFTWARECIT_FILES, SoftwareCitImportStartSchema, type SoftwareCitFile } from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { toRunDto } from '../import-runs/import-runs.routes';
import { runById } from '../import-runs/import-runs.repository';
import { ApiRouter } from '../platform/http/api-router';
import { AppError } from '../platform/http/errors';
import { attachmentUpload } from '../tickets/attachments/upload';
import type { SoftwareCitFiles } from './importer';
import { queueSoftwareCitRun } from './softwarecit-job';

const FIELDS = Object.keys(SOFTWARECIT_FILES) as SoftwareCitFile[];
const upload = attachmentUpload({ maxFileBytes: 5 * 1024 * 1024, maxFiles: FIELDS.length, fileFields: FIELDS, maxFields: 5 });

/** The three files of the form (one per field), or a 400 naming those missing. */
async function uploadedFiles(files: unknown): Promise<SoftwareCitFiles> {
  const byField = (files && typeof files === 'object' && !Array.isArray(files) ? files : {}) as Record<string, Express.Multer.File[] | undefined>;
  const missing = FIELDS.filter((f) => !byField[f]?.[0]);
  if (missing.length > 0) {
    throw new AppError(400, 'validation_error', `Allegare i file ${missing.map((f) => `«${SOFTWARECIT_FILES[f]}» (campo ${f})`).join(', ')}.`, {
      fields: missing.map((f) => ({ path: f, message: `Allegare il file CSV ${SOFTWARECIT_FILES[f]}.` })),
    });
  }
  // The upload is spooled to disk (never held whole in memory while it arrives); a CSV of a few MB is read now.
  const entry = async (f: SoftwareCitFile) => {
    const file = byField[f]![0]!;
    // Only shown and recorded: control characters become spaces and a runaway name is cut.
    const name = Array.from(file.originalname.replace(/[\p{Cc}\s]+/gu, ' ').trim()).slice(0, 255).join('') || `${SOFTWARECIT_FILES[f]}.csv`;
    return { name, bytes: await readFile(file.path) };
  };
  return { conventions: await entry('conventions'), records: await entry('records'), payments: await entry('payments') };
}

/** Starting a SoftwareCit import from the admin page: the upload is checked and run by a background job. */
export function softwareCitImportRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/admin/import-runs', 'Importazioni', paths).post(
    '/softwarecit',
    {
      summary: 'Avvia un’importazione da SoftwareCit (tre CSV: convenzioni, servizi, pagamenti), di prova o reale',
      description:
        'Multipart: i file nei campi `conventions`, `records` e `payments`, e `dryRun` («true» per la prova). Risponde subito con ' +
        'l’esecuzione in coda; l’avanzamento arriva dal canale live (`imports.progress`) e il rapporto con GET /api/admin/import-runs/{id}. ' +
        'Una riga errata in uno qualsiasi dei file: nulla è scritto e l’esecuzione fallisce con l’elenco delle righe.',
      access: rolesFor('imports.run'),
      before: [upload],
      body: SoftwareCitImportStartSchema,
      response: ImportRunSchema,
      status: 202,
      errors: [413, 415],
    },
    async (ctx) => {
      const files = await uploadedFiles(ctx.req.files);
      const runId = await queueSoftwareCitRun(ds, files, ctx.body.dryRun === 'true', auditActor(ctx));
      const run = await runById(ds, runId);
      if (!run) throw new Error('import run vanished');
      return toRunDto(run);
    },
  );
}
