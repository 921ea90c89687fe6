import { CSRF_HEADER } from '@cit/shared';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type TestEnv } from '../../test/harness';

let env: TestEnv;
let world: Awaited<ReturnType<typeof tenantWorld>>;

beforeAll(async () => {
  env = await startTestEnv();
  world = await tenantWorld(env.ds);
});
afterAll(() => env.close());

function sessionCookie(setCookie: string[] | string | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = cookies.find((c) => c.startsWith('cit.sid='));
  if (!cookie) throw new Error('no session cookie set');
  return cookie;
}

async function csrfFor(agent: ReturnType<TestEnv['agent']>) {
  const res = await agent.get('/api/auth/csrf').expect(200);
  return { token: res.body.csrfToken as string, cookie: sessionCookie(res.headers['set-cookie']) };
}

describe('login', () => {
  it('signs in with the right password, regenerates the session and answers who I am', async () => {
    const agent = env.agent();
    const before = await csrfFor(agent);
    const res = await agent.post('/api/auth/login').set(CSRF_HEADER, before.token).send({ email: 'A@Alfa.example ', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'a@alfa.example', role: 'ente_user', visibleEnteCount: 1 });
    expect(res.body.user.enti).toEqual([{ id: world.enteA, name: 'Comune di Alfa', kind: 'comune' }]);
    expect(res.body.user).not.toHaveProperty('passwordHash');

    const after = sessionCookie(res.headers['set-cookie']);
    expect(after.split(';')[0]).not.toBe(before.cookie.split(';')[0]);
    expect(res.body.csrfToken).not.toBe(before.token);

    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user.id).toBe(world.users.userA);
  });

  it('sets an httpOnly, SameSite=Lax cookie, Secure only when the request came over TLS', async () => {
    const plain = await csrfFor(env.agent());
    expect(plain.cookie).toMatch(/HttpOnly/i);
    expect(plain.cookie).toMatch(/SameSite=Lax/i);
    expect(plain.cookie).not.toMatch(/;\s*Secure/i);

    const behindProxy = await startTestEnv({ TRUST_PROXY: 'loopback' });
    try {
      const res = await behindProxy.agent().get('/api/auth/csrf').set('X-Forwarded-Proto', 'https').expect(200);
      expect(sessionCookie(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    } finally {
      await behindProxy.close();
    }
  });

  it('refuses a wrong password with a clear message and no session', async () => {
    const agent = env.agent();
    const { token } = await csrfFor(agent);
    const res = await agent.post('/api/auth/login').set(CSRF_HEADER, token).send({ email: 'b@beta.example', password: 'sbagliata' });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'invalid_credentials', message: 'E-mail o password non corretti.' });
    await agent.get('/api/auth/me').expect(401);
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const agent = env.agent();
    const { token } = await csrfFor(agent);
    const res = await agent.post('/api/auth/login').set(CSRF_HEADER, token).send({ email: 'nessuno@x.example', password: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });

  it('validates the body with field messages', async () => {
    const agent = env.agent();
    const { token } = await csrfFor(agent);
    const res = await agent.post('/api/auth/login').set(CSRF_HEADER, token).send({ email: 'non-una-mail', password: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_error');
    const paths = (res.body.error.details.fields as Array<{ path: string }>).map((f) => f.path).sort();
    expect(paths).toEqual(['email', 'password']);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token', async () => {
    const agent = env.agent();
    await csrfFor(agent);
    const res = await agent.post('/api/auth/login').send({ email: 'a@alfa.example', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_invalid');
  });

  it('refuses a token from another session', async () => {
    const mine = env.agent();
    await csrfFor(mine);
    const { token: theirs } = await csrfFor(env.agent());
    const res = await mine.post('/api/auth/login').set(CSRF_HEADER, theirs).send({ email: 'a@alfa.example', password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('the pre-login token dies with the old session', async () => {
    const agent = env.agent();
    const { token: old } = await csrfFor(agent);
    await agent.post('/api/auth/login').set(CSRF_HEADER, old).send({ email: 'op@cit.example', password: PASSWORD }).expect(200);
    const res = await agent.post('/api/auth/logout').set(CSRF_HEADER, old);
    expect(res.status).toBe(403);
  });
});

describe('GET /api/auth/session (what the page asks on load)', () => {
  it('answers a visitor without a session with 200 and user null (no 401 in the console of the login page)', async () => {
    const res = await env.agent().get('/api/auth/session').expect(200);
    expect(res.body.user).toBeNull();
    expect(typeof res.body.csrfToken).toBe('string');
  });

  it('answers a signed-in user like /me, and null again after logout or when the account is disabled', async () => {
    const user = await env.signIn('a@alfa.example', PASSWORD);
    const res = await user.agent.get('/api/auth/session').expect(200);
    expect(res.body.user).toMatchObject({ id: world.users.userA, email: 'a@alfa.example', role: 'ente_user' });
    expect(res.body.user.enti).toEqual([{ id: world.enteA, name: 'Comune di Alfa', kind: 'comune' }]);
    await user.post('/api/auth/logout').expect(204);
    expect((await user.agent.get('/api/auth/session').expect(200)).body.user).toBeNull();

    const other = await env.signIn('b@beta.example', PASSWORD);
    await env.ds.query(`UPDATE users SET disabled_at = now() WHERE email = 'b@beta.example'`);
    try {
      expect((await other.agent.get('/api/auth/session').expect(200)).body.user).toBeNull();
    } finally {
      await env.ds.query(`UPDATE users SET disabled_at = NULL WHERE email = 'b@beta.example'`);
    }
  });
});

describe('session end', () => {
  it('logout ends the session', async () => {
    const user = await env.signIn('admin@cit.example', PASSWORD);
    await user.agent.get('/api/auth/me').expect(200);
    await user.post('/api/auth/logout').expect(204);
    const res = await user.agent.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('a disabled account loses its open session at once and cannot sign in', async () => {
    const user = await env.signIn('b@beta.example', PASSWORD);
    await env.ds.query(`UPDATE users SET disabled_at = now() WHERE email = 'b@beta.example'`);
    await user.agent.get('/api/auth/me').expect(401);
    const agent = env.agent();
    const { token } = await csrfFor(agent);
    const res = await agent.post('/api/auth/login').set(CSRF_HEADER, token).send({ email: 'b@beta.example', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('account_disabled');
  });
});
