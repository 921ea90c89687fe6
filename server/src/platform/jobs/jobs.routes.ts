import express, { type RequestHandler } from 'express';
import { ErrorCode, type Queue } from 'bullmq';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { limitParam } from '@cit/shared';
import type * as BullBoardApi from '@bull-board/api';
import type * as BullBoardAdapter from '@bull-board/api/bullMQAdapter';
import type * as BullBoardExpress from '@bull-board/express';
import type { ControllerHandlerReturnType } from '@bull-board/api/typings/app';
import { ApiRouter } from '../http/api-router';
import { AppError, forbidden, unauthenticated } from '../http/errors';
import { parse, rejectUnstorableBody } from '../http/validate';

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
        query: z.object({ limit: limitParam(500, 100) }),
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
        summary: 'Nuovo tentativo di un job fallito',
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
  // Built on an admin's first visit: the dashboard and its dependencies weigh some 8 MB in every API process.
  let board: RequestHandler | undefined;
  const load = (): RequestHandler => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { createBullBoard } = require('@bull-board/api') as typeof BullBoardApi;
    const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter') as typeof BullBoardAdapter;
    const { ExpressAdapter } = require('@bull-board/express') as typeof BullBoardExpress;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const adapter = new ExpressAdapter();
    adapter.setBasePath(basePath);
    createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: adapter });
    adapter.setErrorHandler(boardError);
    return adapter.getRouter() as RequestHandler;
  };
  const adminOnly: RequestHandler = (req, _res, next) => {
    if (!req.auth) next(unauthenticated());
    else if (req.auth.user.role !== 'admin') next(forbidden());
    else next();
  };
  // The body (bull-board's JSON) is read only once the caller is known to be an admin.
  return [adminOnly, express.json({ limit: '1mb' }), rejectUnstorableBody, checkAddedJob, (req, res, next) => (board ??= load())(req, res, next)];
}

/**
 * The options an admin can sensibly give a job added from bull-board. bull-board hands its "add job" options to
 * BullMQ unchecked: a wrong type reached a Redis script or BullMQ's own checks and came back as a 500. Anything
 * else (repeat, parent, deduplication…) is refused rather than risked on the production queue.
 */
const AddedJobSchema = z.object({
  name: z.string().max(200).optional(),
  data: z.unknown().optional(),
  options: z
    .strictObject({
      delay: z.number().int().min(0).max(10 * 365 * 86_400_000),
      priority: z.number().int().min(0).max(2 ** 21 - 1),
      attempts: z.number().int().min(1).max(100),
      // BullMQ's own rules: not a number, and no «:» (its separator in Redis keys).
      jobId: z
        .string()
        .min(1)
        .max(200)
        .refine((id) => String(parseInt(id, 10)) !== id && !id.includes(':'), 'Non un numero e senza «:».'),
      backoff: z.union([
        z.number().int().min(0),
        z.strictObject({ type: z.enum(['fixed', 'exponential']), delay: z.number().int().min(0).optional(), jitter: z.number().min(0).max(1).optional() }),
      ]),
      lifo: z.boolean(),
      removeOnComplete: z.union([z.boolean(), z.number().int().min(0)]),
      removeOnFail: z.union([z.boolean(), z.number().int().min(0)]),
    })
    .partial()
    .optional(),
});

const checkAddedJob: RequestHandler = (req, _res, next) => {
  try {
    if (req.method === 'POST' && /^\/api\/queues\/[^/]+\/add$/.test(req.path)) parse(AddedJobSchema, req.body ?? {});
    next();
  } catch (err) {
    next(err);
  }
};

/** bull-board's keys for BullMQ's refusals (`finishedErrors`): the job is gone, busy, or in another state. */
const JOB_STATE_KEYS: Partial<Record<number, { status: 404 | 409; key: string; options?: Record<string, string> }>> = {
  [ErrorCode.JobNotExist]: { status: 404, key: 'ERRORS.JOB_NOT_FOUND' },
  [ErrorCode.JobLockNotExist]: { status: 409, key: 'ERRORS.JOB_IS_ACTIVE' },
  [ErrorCode.JobLockMismatch]: { status: 409, key: 'ERRORS.JOB_IS_ACTIVE' },
  // Promoting or rescheduling a job that is not delayed (bull-board checks this before rescheduling, not before promoting).
  [ErrorCode.JobNotInState]: { status: 409, key: 'ERRORS.JOB_NOT_DELAYED', options: { status: 'not delayed' } },
  [ErrorCode.JobBelongsToJobScheduler]: { status: 409, key: 'ERRORS.JOB_BELONGS_TO_JOB_SCHEDULER' },
};

/**
 * bull-board answers 500 for whatever a BullMQ call throws. BullMQ's refusals carry a negative `code`: the admin
 * asked for something the job's state does not allow (e.g. promoting a job that is not delayed), a 4xx. Anything
 * else keeps bull-board's own answer.
 */
export function boardError(error: Error & { statusCode?: number; code?: unknown }): ControllerHandlerReturnType {
  if (typeof error.code === 'number' && error.code < 0) {
    const known = JOB_STATE_KEYS[error.code] ?? { status: 409 as const, key: 'ERRORS.INTERNAL_SERVER_ERROR' };
    return { status: known.status, body: { error: { key: known.key, ...(known.options ? { options: known.options } : {}) }, message: error.message } };
  }
  return { status: (error.statusCode ?? 500) as ControllerHandlerReturnType['status'], body: { error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' }, message: error.message } };
}
