import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';

export function openApiDocument(paths: ZodOpenApiPathsObject, version: string): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'CIT Help-desk API',
      version,
      description:
        'API dell’help-desk del CIT – Centro Innovazione e Tecnologie della Provincia di Brescia. ' +
        'Autenticazione con cookie di sessione; le richieste che modificano dati richiedono l’header x-csrf-token ' +
        '(vedi GET /api/auth/csrf). Ogni errore ha la forma { error: { code, message, details? } }.',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cit.sid' } },
    },
    security: [{ session: [] }],
    paths,
  });
}

export function docsPage(specUrl: string): RequestHandler[] {
  return [...swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: specUrl }, customSiteTitle: 'CIT Help-desk API' })];
}
