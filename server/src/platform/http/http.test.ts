import { CSRF_HEADER } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../../test/harness';

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
  expect(res.body.paths['/api/auth/login'].post.responses['423']).toBeDefined();
  const docs = await env.agent().get('/api/docs/').expect(200);
  expect(docs.text).toContain('swagger-ui');
});
