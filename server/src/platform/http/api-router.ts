import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { ErrorBodySchema, type Role } from '@cit/shared';
import type { AuthContext } from '../../auth/context';
import { AppError, forbidden, unauthenticated } from './errors';
import { parse, rejectUnstorableBody } from './validate';

/** Who may call a route: anyone, any signed-in user, or only the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema | undefined> {
  summary: string;
  description?: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Shape of the success body; the handler's result is parsed with it, so no extra field ever leaves the server. */
  response?: R;
  status?: 200 | 201 | 202 | 204;
  /**
   * Body readers run after the caller passed the access check and before validation, e.g. the multipart parser
   * of routes that take files. Nothing reads a byte of the body before that check.
   */
  before?: readonly RequestHandler[];
  /** The body may also come as multipart/form-data with files in `attachments` (documented as such). */
  multipart?: boolean;
  /** Extra error statuses worth documenting besides the ones implied by input, access and 404/409 below. */
  errors?: ReadonlyArray<400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 423 | 429 | 503>;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** The caller; only meaningful on routes that are not public. */
  auth: AuthContext;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const errorMessages: Record<number, string> = {
  400: 'Dati non validi',
  401: 'Accesso richiesto',
  403: 'Operazione non consentita al profilo',
  404: 'Non trovato o non visibile',
  409: 'Conflitto con lo stato attuale',
  410: 'Non più disponibile',
  413: 'Richiesta troppo grande',
  415: 'Tipo di file non ammesso',
  423: 'Account bloccato temporaneamente',
  429: 'Troppe richieste',
  503: 'Servizio non disponibile',
};

/**
 * Declares a route once: the same zod schemas validate the request at the edge, shape the response
 * and produce the OpenAPI operation, so documentation cannot drift from behaviour.
 */
export class ApiRouter {
  readonly router = Router();

  constructor(
    private readonly base: string,
    private readonly tag: string,
    private readonly paths: ZodOpenApiPathsObject,
  ) {}

  get<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, R extends Schema | undefined = undefined>(
    path: string,
    spec: RouteSpec<P, Q, undefined, R>,
    handler: (ctx: RouteContext<Infer<P>, Infer<Q>, undefined>) => Promise<Infer<R> | void>,
  ): this {
    return this.add('get', path, spec, handler);
  }

  /** POST, PATCH, PUT and DELETE take a body schema instead of a query schema; otherwise they are alike. */
  readonly post = this.writer('post');
  readonly patch = this.writer('patch');
  readonly put = this.writer('put');
  readonly delete = this.writer('delete');

  private writer(method: Exclude<Method, 'get'>) {
    return <P extends Schema | undefined = undefined, B extends Schema | undefined = undefined, R extends Schema | undefined = undefined>(
      path: string,
      spec: RouteSpec<P, undefined, B, R>,
      handler: (ctx: RouteContext<Infer<P>, undefined, Infer<B>>) => Promise<Infer<R> | void>,
    ): this => this.add(method, path, spec, handler);
  }

  private add<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, R extends Schema | undefined>(
    method: Method,
    path: string,
    spec: RouteSpec<P, Q, B, R>,
    handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Infer<R> | void>,
  ): this {
    this.document(method, path, spec);
    // Who is calling is known from the headers alone (session cookie, CSRF header): the access check runs first and
    // the body is read only for a caller who may make this call, so an anonymous or unauthorised request is
    // answered without the server buffering or even receiving its upload.
    const gate: RequestHandler = (req, res, next) => {
      res.locals.routeAuth = authorize(req, spec.access);
      next();
    };
    const readers = method === 'get' ? [] : [jsonBody, rejectUnstorableBody, ...(spec.before ?? [])];
    this.router[method](this.base + (path === '/' ? '' : path), gate, ...readers, async (req, res) => {
      const auth = res.locals.routeAuth as AuthContext | undefined;
      const ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>> = {
        req,
        res,
        params: (spec.params ? parse(spec.params, req.params) : undefined) as Infer<P>,
        query: (spec.query ? parse(spec.query, req.query) : undefined) as Infer<Q>,
        body: (spec.body ? parse(spec.body, req.body ?? {}) : undefined) as Infer<B>,
        get auth(): AuthContext {
          if (!auth) throw unauthenticated();
          return auth;
        },
      };
      const result = await handler(ctx);
      if (res.headersSent) return;
      // A handler may pick an alternative status itself (e.g. health answering 503 with its report).
      const status = spec.status ?? res.statusCode;
      if (status === 204 || result === undefined) {
        res.status(204).end();
        return;
      }
      res.status(status).json(spec.response ? spec.response.parse(result) : result);
    });
    return this;
  }

  private document(method: Method, path: string, spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined, Schema | undefined>): void {
    const fullPath = (this.base + path).replace(/\/$/, '').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = spec.status ?? 200;
    const responses: ZodOpenApiResponsesObject = {
      [String(status)]: spec.response
        ? { description: 'OK', content: { 'application/json': { schema: spec.response } } }
        : { description: 'Nessun contenuto' },
    };
    const errorStatuses = new Set<number>(spec.errors ?? []);
    if (spec.params || spec.query || spec.body) errorStatuses.add(400);
    if (spec.access !== 'public') errorStatuses.add(401);
    if (Array.isArray(spec.access)) errorStatuses.add(403);
    if (method !== 'get') errorStatuses.add(403); // CSRF
    for (const s of [...errorStatuses].sort()) {
      responses[`${s}` as `${1 | 2 | 3 | 4 | 5}${string}`] = { description: errorMessages[s] ?? 'Errore', content: { 'application/json': { schema: ErrorBodySchema } } };
    }
    const op: ZodOpenApiOperationObject = {
      summary: spec.summary,
      tags: [this.tag],
      responses,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.access === 'public' ? { security: [] } : {}),
      // Who may call it, for clients and for the tests that walk every route (refused roles get 403 unread).
      ...(Array.isArray(spec.access) ? { 'x-roles': [...(spec.access as readonly Role[])] } : {}),
      ...(spec.params || spec.query
        ? { requestParams: { ...(spec.params ? { path: spec.params as never } : {}), ...(spec.query ? { query: spec.query as never } : {}) } }
        : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: spec.body },
                ...(spec.multipart ? { 'multipart/form-data': { schema: multipartOf(spec.body) } } : {}),
              },
            },
          }
        : {}),
    };
    this.paths[fullPath] = { ...this.paths[fullPath], [method]: op };
  }
}

/** JSON bodies are small (files travel as multipart, read by the route's own `before` readers). */
const JSON_LIMIT_BYTES = 1024 * 1024;
const parseJson = express.json({ limit: JSON_LIMIT_BYTES });

/**
 * body-parser reads a too-large body to its end before refusing it (to keep the connection alive): a JSON body whose
 * declared length is over the limit is refused unread instead, and the error handler closes the connection.
 */
const jsonBody: RequestHandler = (req, res, next) => {
  if (Number(req.headers['content-length']) > JSON_LIMIT_BYTES && req.is('application/json')) {
    next(new AppError(413, 'payload_too_large', 'La richiesta è troppo grande.'));
    return;
  }
  parseJson(req, res, next);
};

function authorize(req: Request, access: Access): AuthContext | undefined {
  if (access === 'public') return req.auth;
  if (!req.auth) throw unauthenticated();
  if (access !== 'signed-in' && !access.includes(req.auth.user.role)) throw forbidden();
  return req.auth;
}

/** The same fields as the JSON body plus the files. */
function multipartOf(body: Schema): Schema {
  return z.intersection(body, z.object({ attachments: z.array(z.string().meta({ format: 'binary' })).optional() }));
}
