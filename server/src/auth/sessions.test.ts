import request from 'supertest';
import { CSRF_HEADER } from '@cit/shared';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';

let env: TestEnv;
let world: Awaited<ReturnType<typeof tenantWorld>>;

beforeAll(async () => {
  env = await startTestEnv();
  world = await tenantWorld(env.ds);
});
afterAll(() => env.close());

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** Signs in with a given browser, so the list of sessions has something to show. */
async function signInWith(email: string, userAgent: string): Promise<SignedIn> {
  const agent = env.agent();
  const csrf = await agent.get('/api/auth/csrf').set('User-Agent', userAgent).expect(200);
  const res = await agent.post('/api/auth/login').set('User-Agent', userAgent).set(CSRF_HEADER, csrf.body.csrfToken as string).send({ email, password: PASSWORD }).expect(200);
  const csrfToken = res.body.csrfToken as string;
  return {
    agent,
    csrfToken,
    cookie: '',
    post: (path, body = {}) => agent.post(path).set(CSRF_HEADER, csrfToken).send(body),
    postRequest: () => {
      throw new Error('not used here');
    },
  };
}

interface Listed {
  id: string;
  device: string;
  ip: string | null;
  current: boolean;
  lastSeenAt: string;
  signedInAt: string | null;
}

const listOwn = async (who: SignedIn) => (await who.agent.get('/api/auth/sessions').expect(200)).body.items as Listed[];

describe('my sessions', () => {
  it('lists each open session with device, address, sign-in and last activity, and marks the current one', async () => {
    const pc = await signInWith('a@alfa.example', FIREFOX);
    await signInWith('a@alfa.example', SAFARI);
    const items = await listOwn(pc);
    expect(items).toHaveLength(2);
    expect(items.map((s) => s.device).sort()).toEqual(['Firefox · Windows', 'Safari · iOS']);
    const current = items.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]!.device).toBe('Firefox · Windows');
    for (const s of items) {
      expect(s.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(Math.abs(Date.parse(s.lastSeenAt) - Date.now())).toBeLessThan(120_000);
      expect(Date.parse(s.signedInAt ?? '')).toBeLessThanOrEqual(Date.now());
      // The listed id is not the session id (which is the secret in the cookie).
      expect(s.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });

  it('ends another of my sessions, which is signed out at once', async () => {
    const pc = await signInWith('b@beta.example', FIREFOX);
    const phone = await signInWith('b@beta.example', SAFARI);
    const other = (await listOwn(pc)).find((s) => !s.current)!;
    await pc.agent.delete(`/api/auth/sessions/${other.id}`).set(CSRF_HEADER, pc.csrfToken).expect(204);
    await phone.agent.get('/api/auth/me').expect(401);
    await pc.agent.get('/api/auth/me').expect(200);
    expect(await listOwn(pc)).toHaveLength(1);
    // Gone now: a second attempt finds nothing.
    await pc.agent.delete(`/api/auth/sessions/${other.id}`).set(CSRF_HEADER, pc.csrfToken).expect(404);
  });

  it('ends all my other sessions and keeps this one', async () => {
    const a = await signInWith('m@gamma-alta.example', FIREFOX);
    const b = await signInWith('m@gamma-alta.example', SAFARI);
    const c = await signInWith('m@gamma-alta.example', SAFARI);
    const res = await a.agent.delete('/api/auth/sessions').set(CSRF_HEADER, a.csrfToken).expect(200);
    expect(res.body).toEqual({ ended: 2 });
    await b.agent.get('/api/auth/me').expect(401);
    await c.agent.get('/api/auth/me').expect(401);
    await a.agent.get('/api/auth/me').expect(200);
  });

  it('ending the current session signs me out', async () => {
    const me = await signInWith('u@gamma.example', FIREFOX);
    const current = (await listOwn(me)).find((s) => s.current)!;
    await me.agent.delete(`/api/auth/sessions/${current.id}`).set(CSRF_HEADER, me.csrfToken).expect(204);
    await me.agent.get('/api/auth/me').expect(401);
  });

  it('cannot end someone else’s session', async () => {
    const victim = await signInWith('pec@fornitore.example', FIREFOX);
    const victimSession = (await listOwn(victim))[0]!;
    const intruder = await signInWith('op@cit.example', FIREFOX);
    const res = await intruder.agent.delete(`/api/auth/sessions/${victimSession.id}`).set(CSRF_HEADER, intruder.csrfToken);
    expect(res.status).toBe(404);
    await victim.agent.get('/api/auth/me').expect(200);
  });

  it('needs a signed-in caller', async () => {
    await env.agent().get('/api/auth/sessions').expect(401);
  });
});

describe('an admin and a user’s sessions', () => {
  it('lists and ends all of a user’s sessions, recorded in the audit log; only admins may', async () => {
    const user = await signInWith('a@alfa.example', SAFARI);
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const listed = await admin.agent.get(`/api/admin/users/${world.users.userA}/sessions`).expect(200);
    expect((listed.body.items as Listed[]).length).toBeGreaterThanOrEqual(1);
    expect((listed.body.items as Listed[]).every((s) => !s.current)).toBe(true);

    const operator = await env.signIn('op@cit.example', PASSWORD);
    await operator.agent.get(`/api/admin/users/${world.users.userA}/sessions`).expect(403);
    await operator.agent.delete(`/api/admin/users/${world.users.userA}/sessions`).set(CSRF_HEADER, operator.csrfToken).expect(403);

    const ended = await admin.agent.delete(`/api/admin/users/${world.users.userA}/sessions`).set(CSRF_HEADER, admin.csrfToken).expect(200);
    expect(ended.body.ended).toBeGreaterThanOrEqual(1);
    await user.agent.get('/api/auth/me').expect(401);
    expect((await admin.agent.get(`/api/admin/users/${world.users.userA}/sessions`).expect(200)).body.items).toEqual([]);

    const audit = await admin.agent.get('/api/admin/audit').query({ entity: 'sessions', recordId: world.users.userA }).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'delete', actor: { id: world.users.admin } });
    await admin.agent.delete('/api/admin/users/00000000-0000-4000-8000-000000000000/sessions').set(CSRF_HEADER, admin.csrfToken).expect(404);
  });
});

describe('session id rotation', () => {
  const sid = (res: request.Response) =>
    ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.startsWith('cit.sid='));

  it('gives a session a new id when the account’s role changes; the old id stops working, the CSRF token keeps working', async () => {
    const user = await signInWith('op@cit.example', FIREFOX);
    const oldCookie = sid(await user.agent.get('/api/auth/csrf'));
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    await admin.agent.patch(`/api/admin/users/${world.users.operator}`).set(CSRF_HEADER, admin.csrfToken).send({ role: 'approver' }).expect(200);

    // The raw cookie of before, replayed from elsewhere: the session it named is gone after the rotation.
    const rotated = await user.agent.get('/api/auth/me').expect(200);
    expect(rotated.body.user.role).toBe('approver');
    const newCookie = sid(rotated);
    expect(newCookie).toBeDefined();
    expect(newCookie).not.toBe(oldCookie);
    await request(env.server).get('/api/auth/me').set('Cookie', oldCookie ?? '').expect(401);
    // The same CSRF token still works on the rotated session.
    await user.agent.delete('/api/auth/sessions').set(CSRF_HEADER, user.csrfToken).expect(200);
    await admin.agent.patch(`/api/admin/users/${world.users.operator}`).set(CSRF_HEADER, admin.csrfToken).send({ role: 'operator' }).expect(200);
  });
});
