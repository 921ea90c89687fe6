import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { CreateSavedViewSchema, rolesFor, SavedViewListSchema, SavedViewSchema, UpdateSavedViewSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { SavedViewsService } from './saved-views.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

/** The operators' saved views of the ticket queue (the built-in views are in @cit/shared, not here). */
export function savedViewsRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  const views = new SavedViewsService(ds);
  const access = rolesFor('views.use');
  return new ApiRouter('/api/views', 'Viste salvate', paths)
    .get(
      '/',
      {
        summary: 'Le viste salvate: prima le proprie, poi quelle condivise dagli altri',
        description: 'Una vista condivisa è visibile a tutto il personale CIT, oppure (con groupKey) ai soli membri di quel gruppo di supporto.',
        access,
        response: SavedViewListSchema,
      },
      (ctx) => views.list(ctx.auth.user.id),
    )
    .post(
      '/',
      {
        summary: 'Salva una vista (filtri, ordinamento, colonne)',
        description: 'Il nome è unico per persona, maiuscole a parte (400 sul campo name).',
        access,
        body: CreateSavedViewSchema,
        response: SavedViewSchema,
        status: 201,
      },
      (ctx) => views.create(ctx.auth.user.id, ctx.body),
    )
    .patch(
      '/:id',
      {
        summary: 'Modifica una propria vista (solo i campi inviati) con la versione letta',
        description: 'Vista di un altro: 404 se privata, 403 se condivisa. Versione non più attuale: 409 stale_version.',
        access,
        params: Id,
        body: UpdateSavedViewSchema,
        response: SavedViewSchema,
        errors: [403, 404, 409],
      },
      (ctx) => views.update(ctx.auth.user.id, ctx.params.id, ctx.body),
    )
    .delete(
      '/:id',
      {
        summary: 'Elimina una propria vista',
        description: 'Vista di un altro: 404 se privata, 403 se condivisa.',
        access,
        params: Id,
        status: 204,
        errors: [403, 404],
      },
      (ctx) => views.remove(ctx.auth.user.id, ctx.params.id),
    );
}
