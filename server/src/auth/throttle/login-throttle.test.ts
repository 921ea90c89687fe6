import { CSRF_HEADER } from '@cit/shared';
import { createUser, PASSWORD, tenantWorld } from '../../../test/fixtures';
import { startTestEnv, type TestEnv } from '../../../test/harness';

// Behind a trusted proxy (loopback) X-Forwarded-For names the client, so one test process can play many addresses.
const LIMITS = { TRUST_PROXY: 'loopback', LOGIN_IP_MAX_FAILURES: '4', LOGIN_ACCOUNT_FREE_FAILURES: '2', LOGIN_DELAY_MAX_MS: '800', PASSWORD_REQUESTS_PER_IP_HOUR: '3' };

let env: TestEnv;

beforeAll(async () => {
  env = await startTestEnv(LIMITS);
  await tenantWorld(env.ds);
  await createUser(env.ds, 'approvatore@cit.example', 'approver');
});
afterAll(() => env.close());

let nextAddress = 1;
/** A fresh client address for each call: no per-address limit gets in the way of what a test measures. */
const freshIp = () => `10.9.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

async function login(email: string, password: string, ip: string) {
  const agent = env.agent();
  const csrf = await agent.get('/api/auth/csrf').set('X-Forwarded-For', ip).expect(200);
  const started = Date.now();
  const res = await agent.post('/api/auth/login').set('X-Forwarded-For', ip).set(CSRF_HEADER, csrf.body.csrfToken as string).send({ email, password });
  return { res, ms: Date.now() - started };
}

describe('login throttling', () => {
  it('refuses an address after too many failures (429 with Retry-After), while other addresses and the account still work', async () => {
    const ip = freshIp();
    for (let i = 0; i < 4; i++) {
      // Different accounts: it is the address that is counted.
      expect((await login(`nessuno${i}@x.example`, 'sbagliata', ip)).res.status).toBe(401);
    }
    const refused = (await login('a@alfa.example', PASSWORD, ip)).res;
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('a@alfa.example', PASSWORD, freshIp())).res.status).toBe(200);
  });

  it('gives the attempt back when it succeeds: a user who signs in often is never refused', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) expect((await login('b@beta.example', PASSWORD, ip)).res.status).toBe(200);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const direct = await startTestEnv({ LOGIN_IP_MAX_FAILURES: '2' });
    try {
      const attempt = async (spoofed: string) => {
        const agent = direct.agent();
        const csrf = await agent.get('/api/auth/csrf').expect(200);
        return agent.post('/api/auth/login').set('X-Forwarded-For', spoofed).set(CSRF_HEADER, csrf.body.csrfToken as string).send({ email: 'x@x.example', password: 'no' });
      };
      expect((await attempt('1.1.1.1')).status).toBe(401);
      expect((await attempt('2.2.2.2')).status).toBe(401);
      // A new spoofed address each time does not help: the socket's address is what counts.
      expect((await attempt('3.3.3.3')).status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('slows an account down after repeated failures from many addresses, but never locks its owner out', async () => {
    // A third party guesses the approver's password from a new address each time (per-address limits never trigger).
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { res, ms } = await login('approvatore@cit.example', `tentativo-${i}`, freshIp());
      expect(res.status).toBe(401);
      timings.push(ms);
    }
    // Two free failures, then 500 ms, then the 800 ms ceiling.
    expect(timings[3]).toBeGreaterThanOrEqual(450);
    expect(timings[4]).toBeGreaterThanOrEqual(750);
    // The approver, from their own address, still gets in (after the short wait), never a 423 or 429.
    const { res, ms } = await login('approvatore@cit.example', PASSWORD, freshIp());
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(750);
    // Success clears the slowdown.
    const after = await login('approvatore@cit.example', PASSWORD, freshIp());
    expect(after.res.status).toBe(200);
    expect(after.ms).toBeLessThan(500);
  });

  it('answers an unknown e-mail exactly like an existing one, slowdown included', async () => {
    const run = async (email: string) => {
      const out: Array<{ status: number; body: unknown; slowed: boolean }> = [];
      for (let i = 0; i < 4; i++) {
        const { res, ms } = await login(email, `no-${i}`, freshIp());
        out.push({ status: res.status, body: res.body, slowed: ms >= 450 });
      }
      return out;
    };
    const existing = await run('m@gamma-alta.example');
    const unknown = await run('mai-esistito@gamma-alta.example');
    expect(unknown).toEqual(existing);
    expect(existing.map((r) => r.slowed)).toEqual([false, false, false, true]);
    expect(existing[0]).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials', message: 'E-mail o password non corretti.' } } });
  });

  it('limits password-reset requests and link uses per address, with the same answer for any e-mail', async () => {
    const ip = freshIp();
    const agent = env.agent();
    const csrf = await agent.get('/api/auth/csrf').expect(200);
    const forgot = (email: string) => agent.post('/api/auth/password/forgot').set('X-Forwarded-For', ip).set(CSRF_HEADER, csrf.body.csrfToken as string).send({ email });
    const known = await forgot('a@alfa.example');
    const unknown = await forgot('nessuno@alfa.example');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const reset = await agent.post('/api/auth/password/reset').set('X-Forwarded-For', ip).set(CSRF_HEADER, csrf.body.csrfToken as string).send({ token: 'x'.repeat(43), password: 'Una-password-lunga-1' });
    expect(reset.status).toBe(400);
    expect((await forgot('a@alfa.example')).status).toBe(429);
    // Another address is not affected.
    const other = await agent.post('/api/auth/password/forgot').set('X-Forwarded-For', freshIp()).set(CSRF_HEADER, csrf.body.csrfToken as string).send({ email: 'a@alfa.example' });
    expect(other.status).toBe(202);
  });
});

describe('admin view of throttling', () => {
  it('lists blocked addresses and slowed accounts, lifts them on request, and records it in the audit log', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await login('u@gamma.example', `no-${i}`, ip);
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const list = await admin.agent.get('/api/admin/throttle').expect(200);
    const items = list.body.items as Array<{ kind: string; key: string; state: string; delayMs: number }>;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'login_ip', key: ip, state: 'blocked' }),
        expect.objectContaining({ kind: 'login_account', key: 'u@gamma.example', state: 'slowed' }),
      ]),
    );

    await admin.post('/api/admin/throttle/unblock', { kind: 'login_ip', key: ip }).expect(204);
    expect((await login('u@gamma.example', PASSWORD, ip)).res.status).toBe(200);
    await admin.post('/api/admin/throttle/unblock', { kind: 'login_ip', key: ip }).expect(404);

    const audit = await admin.agent.get('/api/admin/audit').query({ entity: 'login_throttle' }).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'delete', recordId: `login_ip:${ip}`, actor: { name: expect.any(String) } });
  });

  it('is for admins only', async () => {
    const operator = await env.signIn('op@cit.example', PASSWORD);
    await operator.agent.get('/api/admin/throttle').expect(403);
    await operator.post('/api/admin/throttle/unblock', { kind: 'login_ip', key: '1.2.3.4' }).expect(403);
    const anonymous = env.agent();
    await anonymous.get('/api/admin/throttle').expect(401);
  });
});
