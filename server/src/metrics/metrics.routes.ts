import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { OpsFiguresSchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { Metrics } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /api/metrics`: the Prometheus exposition, for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`.
 * Without a configured token the endpoint does not exist (404); a wrong or missing token gets 401. The figures are
 * counts across every Ente, hence the token and not a user session.
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): Router {
  const router = express.Router();
  router.get('/api/metrics', (req, res, next) => {
    if (token === undefined) return next();
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    // Digests first: equal lengths for timingSafeEqual, and no timing hint about the token's length.
    if (!timingSafeEqual(digest(given), digest(token))) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: { code: 'unauthenticated', message: 'Serve il token delle metriche (Authorization: Bearer …).' } });
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.type(metrics.registry.contentType).send(text),
      () => res.status(503).json({ error: { code: 'service_unavailable', message: 'Le metriche non sono leggibili ora (database non raggiungibile).' } }),
    );
  });
  return router;
}

/** The same figures as JSON for the admin home's card. */
export function opsRoutes(paths: ZodOpenApiPathsObject, metrics: Metrics): ApiRouter {
  return new ApiRouter('/api/admin/ops', 'Amministrazione', paths).get(
    '/',
    { summary: 'Stato operativo: outbox, job, e-mail non consegnate, SLA, importazioni e rendiconti', access: rolesFor('ops.read'), response: OpsFiguresSchema },
    () => metrics.figures(),
  );
}
