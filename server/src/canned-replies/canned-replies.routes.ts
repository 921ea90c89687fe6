import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { CannedReplyListSchema, CannedReplySchema, rolesFor, SaveCannedReplySchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { CannedRepliesService } from './canned-replies.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

/** Canned replies (macros) of the CIT staff: personal ones, and the shared ones managed by the admins. */
export function cannedRepliesRoutes(paths: ZodOpenApiPathsObject, replies: CannedRepliesService): ApiRouter {
  const access = rolesFor('canned-replies.use');
  return new ApiRouter('/api/canned-replies', 'Risposte predefinite', paths)
    .get(
      '/',
      {
        summary: 'Le risposte predefinite utilizzabili: prima le proprie, poi quelle condivise',
        description: 'Segnaposto nel testo: {{richiedente}}, {{ente}}, {{protocollo}}, {{servizio}}, {{scadenza_sla}}, {{operatore}}.',
        access,
        response: CannedReplyListSchema,
      },
      ({ auth }) => replies.list(auth.user),
    )
    .post(
      '/',
      {
        summary: 'Crea una risposta predefinita personale, o condivisa (solo amministratori)',
        description: 'Il nome è unico tra le proprie risposte e tra quelle condivise (400 sul campo name).',
        access,
        body: SaveCannedReplySchema,
        response: CannedReplySchema,
        status: 201,
        errors: [403],
      },
      ({ auth, body }) => replies.create(auth.user, body),
    )
    .put(
      '/:id',
      {
        summary: 'Modifica una propria risposta predefinita, o una condivisa (solo amministratori)',
        description: 'Risposta personale di un altro: 404. Condivisa, senza essere amministratore: 403.',
        access,
        params: Id,
        body: SaveCannedReplySchema,
        response: CannedReplySchema,
        errors: [403, 404],
      },
      ({ auth, params, body }) => replies.update(auth.user, params.id, body),
    )
    .delete(
      '/:id',
      {
        summary: 'Elimina una propria risposta predefinita, o una condivisa (solo amministratori)',
        access,
        params: Id,
        status: 204,
        errors: [403, 404],
      },
      ({ auth, params }) => replies.remove(auth.user, params.id),
    );
}
