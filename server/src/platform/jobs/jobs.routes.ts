import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { ApiRouter } from '../http/api-router';
import { AppError, forbidden, unauthenticated } from '../http/errors';

const FailedJobSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    data: z.record(z.string(), z.unknown()),
    failedReason: z.string().nullable(),
    attemptsMade: z.number().int(),
    failedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'FailedJob' });

/** Failed background jobs for admins: what failed, why, and a retry button (BullMQ keeps failed jobs). */
export function jobsAdminRoutes(paths: ZodOpenApiPathsObject, queue: Queue): ApiRouter {
  return new ApiRouter('/api/admin/jobs', 'Amministrazione', paths)
    .get(
      '/failed',
      {
        summary: 'Job in background falliti dopo tutti i tentativi, con il motivo',
        access: ['admin'],
        query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: z.object({ items: z.array(FailedJobSchema) }).meta({ id: 'FailedJobList' }),
        errors: [503],
      },
      async ({ query }) => {
        const jobs = await queue.getFailed(0, query.limit - 1);
        return {
          items: jobs.map((j) => ({
            id: String(j.id),
            name: j.name,
            data: (j.data ?? {}) as Record<string, unknown>,
            failedReason: j.failedReason ?? null,
            attemptsMade: j.attemptsMade,
            failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          })),
        };
      },
    )
    .post(
      '/:id/retry',
      {
        summary: 'Riprova un job fallito',
        access: ['admin'],
        params: z.object({ id: z.string().min(1).max(200) }),
        errors: [404, 409],
      },
      async ({ params }) => {
        const job = await queue.getJob(params.id);
        if (!job) throw new AppError(404, 'not_found', 'Il job non esiste (più).');
        if (!(await job.isFailed())) throw new AppError(409, 'job_not_failed', 'Il job non è in stato «fallito».');
        await job.retry('failed');
      },
    );
}

/** bull-board (queue inspector) for admins only, at /api/admin/queues. */
export function bullBoard(queue: Queue, basePath = '/api/admin/queues'): RequestHandler[] {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: adapter });
  const adminOnly: RequestHandler = (req, _res, next) => {
    if (!req.auth) next(unauthenticated());
    else if (req.auth.user.role !== 'admin') next(forbidden());
    else next();
  };
  return [adminOnly, adapter.getRouter() as RequestHandler];
}
