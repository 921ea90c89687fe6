import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CATALOG, FormCheckResultSchema, RequestFormDraftSchema, formRequirement, type RequestFormDraft } from '@cit/shared';
import type { AuthContext } from '../../auth/context';
import type { Config } from '../../config';
import { Ente } from '../../enti/ente.entity';
import { AppError } from '../../platform/http/errors';
import { ApiRouter } from '../../platform/http/api-router';
import { ServiceRecord } from '../../service-records/service-record.entity';
import { attachmentUpload, checkUploadedFiles } from '../../tickets/attachments/upload';
import { Ticket } from '../../tickets/ticket.entity';
import { formatProtocol } from '../../tickets/tickets.service';
import { checkSignedForm } from '../signed-form/check';
import { quoteForEnte } from '../quote';
import { payerOnForm } from '../service-requests.repository';
import { renderRequestForm, type RequestFormDocument } from './pdf';

const REQUESTERS = ['ente_user', 'capofila_user', 'operator', 'approver', 'admin'] as const;

/** The pre-filled form of a request draft, for an Ente the caller can see. */
async function formDocument(ds: DataSource, auth: AuthContext, draft: RequestFormDraft, now: Date): Promise<RequestFormDocument> {
  const enteId = draft.enteId ?? auth.db.soleEnte();
  if (!enteId) throw new AppError(400, 'ente_required', "Indicare per quale Ente si prepara il modulo.", { fields: [{ path: 'enteId', message: "Scegli l'Ente." }] });
  const ente = await auth.db.get(Ente, enteId, "L'Ente");
  const service = CATALOG[draft.serviceCode];
  if (!service.requestable) {
    throw new AppError(400, 'not_requestable', 'Questo servizio è compreso nella convenzione e non si attiva con una richiesta.', {
      fields: [{ path: 'serviceCode', message: 'Servizio non richiedibile.' }],
    });
  }
  const variant = service.variants.find((v) => v.code === draft.variant) ?? null;
  const quote = draft.category === 'activation' ? await quoteForEnte(ds, auth, { enteId, serviceCode: draft.serviceCode, variant: draft.variant, quantity: draft.quantity }, now) : null;
  let records: RequestFormDocument['records'] = [];
  if (draft.category === 'cancellation') {
    const ids = [...new Set(draft.targetRecordIds)];
    const found = await auth.db
      .select(ServiceRecord, 'r')
      .andWhere('r.id IN (:...ids) AND r.ente_id = :enteId AND r.service_code = :code', { ids, enteId, code: draft.serviceCode })
      .orderBy('r.unit_index')
      .getMany();
    if (found.length !== ids.length) {
      throw new AppError(400, 'invalid_target_records', 'I servizi da disdire non sono di questo Ente o non corrispondono al servizio indicato.', {
        fields: [{ path: 'targetRecordIds', message: 'Servizio non valido.' }],
      });
    }
    records = found.map((r) => ({ unitIndex: r.unitIndex, unitLabel: r.unitLabel, startsOn: r.startsOn }));
  }
  // The payer named by the engine is the capofila, which the caller may not be allowed to read: its name and
  // codice fiscale are printed on the member's own form, as the statements do.
  const payer = quote?.payer ? await payerOnForm(ds, quote.payer.enteId) : null;
  const ticket = draft.ticketId ? await auth.db.get(Ticket, draft.ticketId, 'Il ticket') : null;
  return {
    category: draft.category,
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, pec: ente.pec },
    payer: payer ? { name: payer.name, fiscalCode: payer.fiscalCode, pec: payer.pec } : null,
    serviceName: service.name,
    variantLabel: variant?.label ?? null,
    quantity: draft.quantity,
    unitNoun: service.unit,
    unitLabelName: service.unitLabel,
    unitLabels: draft.category === 'activation' ? draft.unitLabels : [],
    records,
    quote,
    signatory: { name: draft.signatoryName, role: draft.signatoryRole },
    protocol: ticket ? formatProtocol(ticket.protocolYear, ticket.protocolNumber) : null,
    generatedAt: now,
  };
}

export function requestFormRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, config: Pick<Config, 'ATTACHMENT_MAX_MB' | 'ATTACHMENT_MAX_FILES'>): ApiRouter {
  const upload = attachmentUpload({ maxFileBytes: Math.round(config.ATTACHMENT_MAX_MB * 1024 * 1024), maxFiles: config.ATTACHMENT_MAX_FILES });
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
        const files = checkUploadedFiles(req.files);
        if (files.length === 0) {
          throw new AppError(400, 'no_attachments', 'Nessun file allegato.', { fields: [{ path: 'attachments', message: 'Allega il modulo firmato.' }] });
        }
        const now = new Date();
        const checked = [];
        for (const f of files) {
          const isForm = f.sniff.kind === 'pdf' || f.sniff.kind === 'signed_p7m';
          checked.push({ fileName: f.fileName, kind: f.sniff.kind, check: isForm ? await checkSignedForm(f.bytes, { now }) : null });
        }
        return { requirement: formRequirement(checked), files: checked };
      },
    );
}
