import { readFile } from 'node:fs/promises';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  PopulationDeleteSchema,
  PopulationImportPreviewSchema,
  PopulationImportResultSchema,
  PopulationListSchema,
  PopulationParamsSchema,
  PopulationRecordSchema,
  PopulationUpdateSchema,
  PopulationYearSchema,
  rolesFor,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import { AppError } from '../platform/http/errors';
import { attachmentUpload } from '../tickets/attachments/upload';
import { spooledFiles } from '../tickets/attachments/spool';
import { Ente } from './ente.entity';
import { applyPopulationImport, previewPopulationImport } from './population.import';
import { populationOf } from './population.repository';
import { removePopulation, savePopulation } from './population.service';

const MAX_CSV_BYTES = 5 * 1024 * 1024;
const csvUpload = attachmentUpload({ maxFileBytes: MAX_CSV_BYTES, maxFiles: 1, fieldName: 'file', maxFields: 5 });

/** JSON (`csv` holds the text) or multipart (`year` and the file in `file`). */
const ImportPreviewBodySchema = z.object({
  year: PopulationYearSchema,
  csv: z.string().max(MAX_CSV_BYTES, { error: 'Il testo CSV supera 5 MB.' }).optional(),
});

/** The CSV of a preview: the multipart file `file`, or the `csv` text of a JSON body. */
async function csvOf(req: Request, text: string | undefined): Promise<{ bytes: Buffer; fileName: string }> {
  const file = spooledFiles(req)[0];
  if (file) {
    // Only shown back and stored: control characters go, a runaway name is cut.
    const name = Array.from(file.originalname.replace(/[\p{Cc}\s]+/gu, ' ').trim()).slice(0, 255).join('') || 'abitanti.csv';
    return { bytes: await readFile(file.path), fileName: name };
  }
  if (text !== undefined && text.trim() !== '') return { bytes: Buffer.from(text, 'utf8'), fileName: 'testo incollato' };
  throw new AppError(400, 'file_required', 'Alleghi il file CSV degli abitanti (campo «file») o lo invii come testo CSV.', {
    fields: [{ path: 'file', message: 'Scelga il file CSV pubblicato dall’ISTAT.' }],
  });
}

export function populationRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/enti', 'Enti – abitanti e imprese', paths)
    .get(
      '/:id/population',
      {
        summary: 'Abitanti e imprese di un Ente al 31 dicembre di ogni anno, con la versione per le modifiche',
        access: 'signed-in',
        params: z.object({ id: z.string() }),
        response: PopulationListSchema,
        errors: [404],
      },
      async ({ params, auth }) => {
        const ente = await auth.db.get(Ente, params.id, "L'Ente");
        return { items: await populationOf(ds, ente.id) };
      },
    )
    .put(
      '/:id/population/:year',
      {
        summary: 'Inserisce o corregge abitanti e imprese di un Ente al 31/12 dell’anno',
        description: 'Senza `version` crea l’anno; con la versione letta lo corregge. Versione superata: 409 stale_version.',
        access: rolesFor('enti.manage'),
        params: PopulationParamsSchema,
        body: PopulationUpdateSchema,
        response: PopulationRecordSchema,
        errors: [404, 409],
      },
      async (ctx) => savePopulation(ds, ctx.params.id, ctx.params.year, ctx.body, auditActor(ctx)),
    )
    .delete(
      '/:id/population/:year',
      {
        summary: 'Elimina abitanti e imprese di un Ente per un anno',
        access: rolesFor('enti.manage'),
        params: PopulationParamsSchema,
        body: PopulationDeleteSchema,
        errors: [404, 409],
      },
      async (ctx) => removePopulation(ds, ctx.params.id, ctx.params.year, ctx.body.version, auditActor(ctx)),
    )
    .post(
      '/population-imports/preview',
      {
        summary: 'Anteprima dell’importazione ISTAT degli abitanti al 31 dicembre di tutti gli Enti (nulla cambia)',
        description:
          'CSV come pubblicato dall’ISTAT (codice comune, denominazione, popolazione al 31 dicembre; imprese facoltativo), ' +
          'separatore «;» o «,», intestazione, BOM e nomi tra virgolette ammessi. Multipart: file in `file` e `year`; ' +
          'oppure JSON con `year` e il testo in `csv`. Ogni riga è controllata: una riga errata (o un codice ISTAT sconosciuto) ' +
          'e nulla viene preparato, con riga e campo. La risposta elenca le variazioni e la quota dell’anno seguente prima e dopo.',
        access: rolesFor('enti.manage'),
        before: [csvUpload],
        body: ImportPreviewBodySchema,
        multipart: true,
        response: PopulationImportPreviewSchema,
        status: 201,
        errors: [413, 415],
      },
      async ({ req, body, auth }) => {
        const csv = await csvOf(req, body.csv);
        return previewPopulationImport(ds, { ...csv, year: body.year, userId: auth.user.id });
      },
    )
    .post(
      '/population-imports/:importId/apply',
      {
        summary: 'Applica un’anteprima di importazione degli abitanti (tutto o niente)',
        description: 'Rifiutata (409 import_stale) se dopo l’anteprima sono cambiati i dati di uno degli Enti; una voce di registro per riga.',
        access: rolesFor('enti.manage'),
        params: z.object({ importId: z.uuid({ error: 'Importazione non valida.' }) }),
        response: PopulationImportResultSchema,
        errors: [404, 409],
      },
      async (ctx) => applyPopulationImport(ds, ctx.params.importId, auditActor(ctx), ctx.auth.user.id),
    );
}
