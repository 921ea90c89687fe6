import { startTestEnv, type TestEnv } from '../../../test/harness';

describe('health', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv();
  });
  afterAll(() => env.close());

  it('answers 200 when PostgreSQL and Redis answer', async () => {
    // Redis connects in the background at start.
    let res = await env.agent().get('/api/health');
    for (let i = 0; i < 20 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await env.agent().get('/api/health');
    }
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });
});

it('answers 503 naming Redis when Redis is unreachable', async () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const env = await startTestEnv({ REDIS_URL: 'redis://127.0.0.1:1' });
  try {
    const res = await env.agent().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', checks: { postgres: 'ok', redis: 'down' } });
  } finally {
    await env.close();
  }
});
