import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { FormCheckResultSchema, RequestFormDraftSchema, formRequirement } from '@cit/shared';
import type { Config } from '../../config';
import { attachmentMaxBytes } from '../../config';
import { AppError } from '../../platform/http/errors';
import { ApiRouter } from '../../platform/http/api-router';
import { attachmentUpload, checkUploadedFiles } from '../../tickets/attachments/upload';
import { readContent } from '../../tickets/attachments/spool';
import { checkSignedForm } from '../signed-form/check';
import { renderRequestForm } from './pdf';
import { formDocument } from './form-document';

const REQUESTERS = ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'] as const;

export function requestFormRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, config: Pick<Config, 'ATTACHMENT_MAX_MB' | 'ATTACHMENT_MAX_FILES'>): ApiRouter {
  const upload = attachmentUpload({ maxFileBytes: attachmentMaxBytes(config), maxFiles: config.ATTACHMENT_MAX_FILES });
  return new ApiRouter('/api/service-requests', 'Servizi', paths)
    .post(
      '/form',
      {
        summary: 'Modulo di richiesta precompilato (PDF/A-2b) da firmare e allegare alla richiesta',
        description: "Ente, codice fiscale, servizio, quantità o servizi da disdire, pagatore, anteprima dei costi, firmatario e data. Risponde application/pdf.",
        access: REQUESTERS,
        body: RequestFormDraftSchema,
        errors: [404, 409],
      },
      async ({ res, body, auth }) => {
        const pdf = await renderRequestForm(await formDocument(ds, auth, body, new Date()));
        res.attachment(`modulo-richiesta-${body.serviceCode}.pdf`);
        res.set('Content-Type', 'application/pdf');
        res.set('Cache-Control', 'private, no-store');
        res.set('X-Content-Type-Options', 'nosniff');
        res.send(pdf);
      },
    )
    .post(
      '/form-check',
      {
        summary: 'Controllo del modulo firmato prima dell’invio (multipart, campo `attachments`)',
        description:
          "Firma digitale (CAdES .p7m o PAdES) valida, oppure modulo firmato a mano con il documento d'identità del firmatario. I file non vengono salvati: si allegano poi alla richiesta.",
        access: REQUESTERS,
        before: [upload],
        response: FormCheckResultSchema,
        errors: [413, 415],
      },
      async ({ req }) => {
        const files = await checkUploadedFiles(req);
        if (files.length === 0) {
          throw new AppError(400, 'no_attachments', 'Nessun file allegato.', { fields: [{ path: 'attachments', message: 'Alleghi il modulo firmato.' }] });
        }
        const now = new Date();
        const checked = [];
        for (const f of files) {
          const isForm = f.sniff.kind === 'pdf' || f.sniff.kind === 'signed_p7m';
          checked.push({ fileName: f.fileName, kind: f.sniff.kind, check: isForm ? await checkSignedForm(await readContent(f.content), { now }) : null });
        }
        return { requirement: formRequirement(checked), files: checked };
      },
    );
}
