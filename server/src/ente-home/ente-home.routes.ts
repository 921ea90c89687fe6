import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { EnteHomeQuerySchema, EnteHomeSchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { loadEnteHome } from './ente-home.service';

export function enteHomeRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, today: () => string): ApiRouter {
  return new ApiRouter('/api/ente', 'Enti', paths).get(
    '/home',
    {
      summary: "La home dell'Ente in una richiesta: richieste in corso, servizi e gratuità usate, importi e scadenze, ultimo estratto conto",
      description:
        "Senza `enteId` riguarda l'Ente a cui il referente appartiene; un referente capofila può indicare uno dei Comuni per cui agisce (404 per un Ente che non vede).",
      access: rolesFor('ente-home.read'),
      query: EnteHomeQuerySchema,
      response: EnteHomeSchema,
      errors: [404],
    },
    async ({ query, auth }) => loadEnteHome(ds, auth, query.enteId, today()),
  );
}
