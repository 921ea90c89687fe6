import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  CreateFollowUpSchema,
  CreateTicketSchema,
  TicketActionRequestSchema,
  TicketDashboardSchema,
  TicketDetailSchema,
  TicketListQuerySchema,
  TicketListSchema,
} from '@cit/shared';
import { AppError } from '../platform/http/errors';
import { auditActor } from '../audit/audit-log.repository';
import { recordDocumentDownload } from '../service-requests/document-downloads';
import { ApiRouter } from '../platform/http/api-router';
import { checkUploadedFiles, sendAttachment } from './attachments/upload';
import type { AttachmentStore } from './attachments/storage';
import type { TicketQueries } from './tickets.queries';
import type { TicketService } from './tickets.service';

export interface TicketRoutesDeps {
  /** For the audit of downloads of signed forms and identity documents. */
  ds: DataSource;
  service: TicketService;
  queries: TicketQueries;
  store: AttachmentStore;
  /** Parses multipart bodies (files in `attachments`), with the size and count limits from config. */
  upload: RequestHandler;
}

const TicketId = z.object({ id: z.string() });
const Created = z.object({ id: z.uuid() }).meta({ id: 'Created' });

export function ticketsRoutes(paths: ZodOpenApiPathsObject, { ds, service, queries, store, upload }: TicketRoutesDeps): ApiRouter {
  return new ApiRouter('/api/tickets', 'Ticket', paths)
    .post(
      '/',
      {
        summary: 'Apre un ticket (JSON, oppure multipart con allegati)',
        description:
          "L'Ente è quello del chiamante; un capofila può scegliere uno dei suoi Enti, un operatore apre per conto di un Ente (telefonata).",
        access: ['ente_user', 'capofila_user', 'operator', 'admin', 'approver'],
        body: CreateTicketSchema,
        multipart: true,
        before: [upload],
        response: Created,
        status: 201,
        errors: [404, 413, 415],
      },
      async ({ req, body, auth }) => ({ id: await service.create(auth, body, await checkUploadedFiles(req)) }),
    )
    .get(
      '/',
      {
        summary: 'Elenco dei ticket visibili, con filtri, ricerca e conteggi per stato',
        description: 'Paginazione a chiave (cursor). Ordinamento predefinito: scadenza SLA per il personale CIT, più recenti per gli Enti.',
        access: 'signed-in',
        query: TicketListQuerySchema,
        response: TicketListSchema,
      },
      async ({ query, auth }) => queries.list(auth, query),
    )
    .get(
      '/dashboard',
      {
        summary: 'Cruscotto operatore: conteggi, chiamate da evadere, SLA a rischio e scaduti',
        access: ['operator', 'admin', 'approver'],
        response: TicketDashboardSchema,
      },
      async ({ auth }) => queries.dashboard(auth),
    )
    .get(
      '/:id',
      {
        summary: 'Scheda del ticket con cronologia, note e allegati',
        access: 'signed-in',
        params: TicketId,
        response: TicketDetailSchema,
        errors: [404],
      },
      async ({ params, auth }) => queries.detail(auth, params.id),
    )
    .post(
      '/:id/actions',
      {
        summary: 'Azione sul ticket: presa in carico, assegnazione, pianificazione, sospensione, ripresa, soluzione, chiusura, riapertura, eliminazione, ripristino',
        description: 'Una transizione non ammessa risponde 409 con le azioni possibili (`details.allowed`).',
        access: 'signed-in',
        params: TicketId,
        body: TicketActionRequestSchema,
        response: TicketDetailSchema,
        errors: [404, 409],
      },
      async ({ params, body, auth }) => {
        await service.act(auth, params.id, body);
        return queries.detail(auth, params.id);
      },
    )
    .post(
      '/:id/followups',
      {
        summary: 'Aggiunge un seguito pubblico o una nota privata (solo personale CIT), con eventuali allegati',
        description: 'Un seguito pubblico del richiedente su un ticket risolto lo riapre.',
        access: 'signed-in',
        params: TicketId,
        body: CreateFollowUpSchema,
        multipart: true,
        before: [upload],
        response: Created,
        status: 201,
        errors: [404, 409, 413, 415],
      },
      async ({ req, params, body, auth }) => ({ id: await service.addFollowUp(auth, params.id, body, await checkUploadedFiles(req)) }),
    )
    .post(
      '/:id/attachments',
      {
        summary: 'Aggiunge allegati al ticket (multipart, campo `attachments`)',
        access: 'signed-in',
        params: TicketId,
        before: [upload],
        errors: [404, 413, 415],
      },
      async ({ req, params, auth }) => {
        await service.addAttachments(auth, params.id, await checkUploadedFiles(req));
      },
    )
    .get(
      '/:id/attachments/:attachmentId',
      {
        summary: 'Scarica un allegato',
        description: "Ogni scaricamento del modulo firmato o del documento d'identità di una richiesta di attivazione o disdetta è registrato nel registro (chi, quando, quale ticket e file).",
        access: 'signed-in',
        params: z.object({ id: z.string(), attachmentId: z.string() }),
        errors: [404, 410],
      },
      async ({ req, res, params, auth }) => {
        const a = await queries.attachment(auth, params.id, params.attachmentId);
        if (a.purgedAt) throw new AppError(410, 'attachment_purged', 'Il contenuto dell’allegato è stato eliminato alla scadenza dei tempi di conservazione dei dati personali.');
        await sendAttachment(res, store, { sha256: a.sha256, fileName: a.fileName, mime: a.mime }, () =>
          recordDocumentDownload(ds, auditActor({ req, auth }), a.ticketId, a),
        );
      },
    );
}
