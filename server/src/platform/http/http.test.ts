import express from 'express';
import request from 'supertest';
import { CSRF_HEADER } from '@cit/shared';
import { createLogger } from '../logger';
import { errorHandler } from './errors';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../../test/fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(() => env.close());

it('answers malformed JSON with a 400 JSON error, not an HTML page', async () => {
  const agent = env.agent();
  const csrf = await agent.get('/api/auth/csrf');
  const res = await agent
    .post('/api/auth/login')
    .set(CSRF_HEADER, csrf.body.csrfToken as string)
    .set('Content-Type', 'application/json')
    .send('{"email": ');
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body.error.code).toBe('invalid_json');
});

it('marks every API answer, errors and public ones included, as not to be stored', async () => {
  for (const [path, status] of [
    ['/api/auth/csrf', 200],
    ['/api/catalog', 401],
    ['/api/enti', 401],
    ['/api/inesistente', 404],
  ] as const) {
    const res = await env.agent().get(path);
    expect([path, res.status, res.headers['cache-control']]).toEqual([path, status, 'no-store']);
  }
});

it('answers an oversized body with 413', async () => {
  const agent = env.agent();
  const csrf = await agent.get('/api/auth/csrf');
  const res = await agent
    .post('/api/auth/login')
    .set(CSRF_HEADER, csrf.body.csrfToken as string)
    .send({ email: 'a@b.example', password: 'x'.repeat(2_000_000) });
  expect(res.status).toBe(413);
  expect(res.body.error.code).toBe('payload_too_large');
});

it('answers a body that does not decompress with a 400 JSON error', async () => {
  const agent = env.agent();
  const csrf = await agent.get('/api/auth/csrf');
  for (const encoding of ['gzip', 'br']) {
    const res = await agent
      .post('/api/auth/login')
      .set(CSRF_HEADER, csrf.body.csrfToken as string)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .send('{"email": "a@b.example"}');
    expect([encoding, res.status, res.body.error?.code]).toEqual([encoding, 400, 'unreadable_request']);
  }
});

it('answers a path parameter with broken percent-encoding with a 400 JSON error', async () => {
  for (const id of ['%E0%A4%A', '%ZZ', '%']) {
    const res = await env.agent().get(`/api/enti/${id}`);
    expect([id, res.status, res.body.error?.code]).toEqual([id, 400, 'invalid_path']);
  }
});

it('refuses values that cannot be stored (NUL, lone UTF-16 surrogate, number beyond the double range) anywhere in the input with a 400 naming the field', async () => {
  const enteId = await createEnte(env.ds, 'Comune di Nullo');
  await createUser(env.ds, 'admin.nul@cit.example', 'admin');
  await createUser(env.ds, 'referente@nullo.example', 'ente_user', { enti: [enteId] });
  const [admin, referente] = await Promise.all([env.signIn('admin.nul@cit.example', PASSWORD), env.signIn('referente@nullo.example', PASSWORD)]);
  const refusedField = (res: { status: number; body: { error?: { code?: string; details?: { fields?: Array<{ path: string }> } } } }) => [
    res.status,
    res.body.error?.code,
    res.body.error?.details?.fields?.[0]?.path,
  ];
  // JSON body of an ApiRouter route.
  const user = await admin.post('/api/admin/users', { email: 'nuovo@cit.example', name: 'Nome\u0000', role: 'operator' });
  expect(refusedField(user)).toEqual([400, 'validation_error', 'name']);
  // A multipart text field.
  const ticket = await referente.agent
    .post('/api/tickets')
    .set(CSRF_HEADER, referente.csrfToken)
    .field({ type: 'incident', category: 'assistance', urgency: 'low', title: 'Stampante guasta', description: 'Non stampa\u0000' });
  expect(refusedField(ticket)).toEqual([400, 'validation_error', 'description']);
  // A route that is not ApiRouter's: bull-board turned the NUL in its own validation message into a 500.
  const board = await admin.agent.put('/api/admin/queues/api/queues/cit-jobs/obliterate').set(CSRF_HEADER, admin.csrfToken).send({ force: '\u0000' });
  expect(refusedField(board)).toEqual([400, 'validation_error', 'force']);
  expect(await env.ds.query(`SELECT 1 FROM users WHERE email = 'nuovo@cit.example'`)).toEqual([]);
  expect(await env.ds.query(`SELECT 1 FROM tickets WHERE ente_id = $1`, [enteId])).toEqual([]);
  // A lone surrogate (valid as a JSON escape) broke the jsonb outbox payload of an approval: a 500.
  const activation = await referente
    .postRequest('/api/tickets', { type: 'request', category: 'activation', serviceCode: 'pec', urgency: 'low', title: 'Caselle PEC', description: 'Due caselle.' })
    .expect(201);
  const approval = await admin.agent
    .post(`/api/tickets/${activation.body.id as string}/approval`)
    .set(CSRF_HEADER, admin.csrfToken)
    .set('Content-Type', 'application/json')
    .send('{"decision":"approve","reason":"ok \\ud800"}');
  expect(refusedField(approval)).toEqual([400, 'validation_error', 'reason']);
  expect(await env.ds.query(`SELECT approval_state FROM tickets WHERE id = $1`, [activation.body.id])).toEqual([{ approval_state: 'requested' }]);
  // 1e999 parses as Infinity, which Redis scripts cannot serialise: bull-board's "add job" answered 500.
  const job = await admin.agent
    .post(`/api/admin/queues/api/queues/${env.queue.name}/add`)
    .set(CSRF_HEADER, admin.csrfToken)
    .set('Content-Type', 'application/json')
    .send('{"name":"prova","data":{},"options":{"delay":1e999}}');
  expect(refusedField(job)).toEqual([400, 'validation_error', 'options.delay']);
});

it('answers unknown API paths with a JSON 404', async () => {
  const res = await env.agent().get('/api/nulla');
  expect(res.status).toBe(404);
  expect(res.body.error).toEqual({ code: 'not_found', message: 'Nessuna API risponde a GET /api/nulla.' });
});

it('tags every response with a request id and security headers', async () => {
  const res = await env.agent().get('/api/auth/csrf').set('X-Request-Id', 'prova-123');
  expect(res.headers['x-request-id']).toBe('prova-123');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['x-powered-by']).toBeUndefined();
});

it('publishes an OpenAPI document generated from the zod schemas, and a docs page', async () => {
  const res = await env.agent().get('/api/openapi.json').expect(200);
  expect(res.body.openapi).toBe('3.1.0');
  expect(Object.keys(res.body.paths)).toEqual(
    expect.arrayContaining(['/api/auth/login', '/api/auth/me', '/api/enti', '/api/enti/{id}', '/api/health', '/api/suppliers']),
  );
  expect(res.body.components.schemas.LoginRequest.required).toEqual(['email', 'password']);
  expect(res.body.paths['/api/auth/login'].post.responses['429']).toBeDefined();
  expect(res.body.paths['/api/auth/login'].post.responses['423']).toBeUndefined();
  const docs = await env.agent().get('/api/docs/').expect(200);
  expect(docs.text).toContain('swagger-ui');
});

it('answers a query stopped by statement_timeout with a 503 that says to narrow the request', async () => {
  const app = express();
  app.get('/slow', (req, _res, next) => {
    req.log = createLogger('silent');
    env.ds
      .transaction(async (tx) => {
        await tx.query(`SET LOCAL statement_timeout = 20`);
        await tx.query(`SELECT pg_sleep(1)`);
      })
      .then(() => next(new Error('not stopped')), next);
  });
  app.use(errorHandler);
  const res = await request(app).get('/slow').expect(503);
  expect(res.body.error.code).toBe('query_timeout');
  expect(res.headers['retry-after']).toBe('5');
});

it('runs the API queries without JIT and with a statement timeout', async () => {
  const [settings] = (await env.ds.query(`SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout`)) as Array<{
    jit: string;
    timeout: string;
  }>;
  expect(settings).toEqual({ jit: 'off', timeout: '30s' });
});
