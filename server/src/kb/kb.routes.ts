import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  KbArticleListSchema,
  KbArticleSchema,
  KbDeflectionSchema,
  KbListQuerySchema,
  KbSuggestionEventSchema,
  rolesFor,
  SaveKbArticleSchema,
  UpdateKbArticleSchema,
} from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { KbService } from './kb.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });
const TicketId = z.object({ ticketId: z.string() });

/** The knowledge base: articles for the Enti or the CIT only, Italian search, suggestions on a new ticket. */
export function kbRoutes(paths: ZodOpenApiPathsObject, kb: KbService): ApiRouter {
  const read = rolesFor('kb.read');
  const manage = rolesFor('kb.manage');
  return new ApiRouter('/api/kb', 'Knowledge base', paths)
    .get(
      '/articles',
      {
        summary: 'Gli articoli visibili al chiamante; con q, quelli che contengono le parole (ricerca in italiano)',
        description: 'Gli utenti degli Enti vedono solo gli articoli destinati agli Enti; il personale CIT anche quelli interni.',
        access: read,
        query: KbListQuerySchema,
        response: KbArticleListSchema,
      },
      ({ auth, query }) => kb.list(auth.user, query),
    )
    .get(
      '/articles/:id',
      { summary: "Un articolo, con il testo Markdown e l'HTML sicuro che ne risulta", access: read, params: Id, response: KbArticleSchema, errors: [404] },
      ({ auth, params }) => kb.read(auth.user, params.id),
    )
    .post(
      '/articles',
      { summary: 'Pubblica un articolo (registro delle modifiche)', access: manage, body: SaveKbArticleSchema, response: KbArticleSchema, status: 201 },
      ({ req, auth, body }) => kb.create(auditActor({ req, auth }), body),
    )
    .post(
      '/from-ticket/:ticketId',
      {
        summary: 'Crea una bozza di articolo da un ticket (registro delle modifiche)',
        description:
          'Titolo, richiesta, risposte pubbliche e soluzione del ticket; senza note interne, con indirizzi e-mail, telefoni, codici fiscali e nomi delle persone nascosti. La bozza è visibile solo al personale CIT.',
        access: manage,
        params: TicketId,
        response: KbArticleSchema,
        status: 201,
        errors: [404],
      },
      ({ req, auth, params }) => kb.draftFromTicket(auth, auditActor({ req, auth }), params.ticketId),
    )
    .put(
      '/articles/:id',
      {
        summary: 'Modifica un articolo',
        description: 'Con la versione letta: se nel frattempo un altro lo ha modificato, 409.',
        access: manage,
        params: Id,
        body: UpdateKbArticleSchema,
        response: KbArticleSchema,
        errors: [404, 409],
      },
      ({ req, auth, params, body }) => kb.update(auditActor({ req, auth }), params.id, body),
    )
    .delete(
      '/articles/:id',
      { summary: 'Elimina un articolo', access: manage, params: Id, status: 204, errors: [404] },
      ({ req, auth, params }) => kb.remove(auditActor({ req, auth }), params.id),
    )
    .post(
      '/suggestion-events',
      {
        summary: 'Registra gli articoli suggeriti, aperti, o l’invio del ticket, per un modulo di nuovo ticket',
        access: rolesFor('kb.suggestions'),
        body: KbSuggestionEventSchema,
        status: 204,
      },
      ({ auth, body }) => kb.recordSuggestion(auth.user, body.formSession, body.kind, body.articleIds),
    )
    .get(
      '/deflection',
      { summary: 'Quante volte un articolo suggerito è stato aperto e il ticket non è stato inviato', access: manage, response: KbDeflectionSchema },
      () => kb.deflection(),
    );
}
