import { CSRF_HEADER } from '@cit/shared';
import { createUser, tenantWorld } from '../../../test/fixtures';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { freePort, startOidcProvider, type TestOidcProvider } from '../../../test/oidc-provider';
import { nextTotpCode } from '../../../test/totp';

const CF_REFERENTE = 'RSSMRA85T10A562S';
const CF_ADMIN = 'BNCLRA70A41B157E';
const CF_OPERATOR = 'VRDGPP80A01B157X';
let env: TestEnv;
let provider: TestOidcProvider;
let world: Awaited<ReturnType<typeof tenantWorld>>;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ id: 'helpdesk-cit', secret: 'segreto-del-client-di-prova', redirectUri: `${publicUrl}/api/auth/oidc/spid/callback` });
  env = await startTestEnv({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: 'spid',
        label: 'Entra con SPID o CIE',
        issuer: provider.issuer,
        clientId: 'helpdesk-cit',
        clientSecret: 'segreto-del-client-di-prova',
        roles: ['ente_user', 'capofila_user', 'admin'],
        acrValues: ['https://www.spid.gov.it/SpidL2', 'https://www.spid.gov.it/SpidL1'],
      },
    ]),
  });
  world = await tenantWorld(env.ds);
  await createUser(env.ds, 'sconosciuto@cit.example', 'operator');
  await env.ds.query(`UPDATE users SET fiscal_code = $2 WHERE email = $1`, ['a@alfa.example', CF_REFERENTE]);
  await env.ds.query(`UPDATE users SET fiscal_code = $2 WHERE email = $1`, ['admin@cit.example', CF_ADMIN]);
  await env.ds.query(`UPDATE users SET fiscal_code = $2 WHERE email = $1`, ['op@cit.example', CF_OPERATOR]);
}, 60_000);
afterAll(async () => {
  await env?.close();
  await provider?.stop();
});

type Agent = ReturnType<TestEnv['agent']>;

/** Starts a login, lets the provider sign `account` in, and returns the callback address it sent the browser to. */
async function throughProvider(agent: Agent, account: Parameters<TestOidcProvider['next']>[0]): Promise<URL> {
  await provider.next(account);
  const start = await agent.get('/api/auth/oidc/spid/start').expect(302);
  const location = start.headers.location as string;
  const authorize = new URL(location);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  return new URL(await provider.authorize(location));
}

async function callback(agent: Agent, url: URL): Promise<string> {
  const res = await agent.get(url.pathname + url.search).expect(302);
  return res.headers.location as string;
}

const spid = (fiscalCode: string, acr = 'https://www.spid.gov.it/SpidL1') => ({ sub: `spid-${fiscalCode}`, claims: { fiscalNumber: `TINIT-${fiscalCode}` }, acr });

const lastLogin = async () =>
  ((await env.ds.query(`SELECT actor_id, record_id, after FROM audit_log WHERE entity = 'logins' ORDER BY id DESC LIMIT 1`)) as Array<{
    actor_id: string | null;
    record_id: string;
    after: Record<string, unknown>;
  }>)[0];

it('lists the configured providers for the login page', async () => {
  const res = await env.agent().get('/api/auth/providers').expect(200);
  expect(res.body).toEqual({ providers: [{ id: 'spid', label: 'Entra con SPID o CIE' }] });
});

it('happy path: the codice fiscale of the provider (TINIT-…) signs the matching user in, with a session', async () => {
  const agent = env.agent();
  const url = await throughProvider(agent, spid(CF_REFERENTE));
  expect(await callback(agent, url)).toBe('/');
  const me = await agent.get('/api/auth/me').expect(200);
  expect(me.body.user).toMatchObject({ email: 'a@alfa.example', role: 'ente_user' });
  expect(await lastLogin()).toMatchObject({ actor_id: world.users.userA, after: { method: 'oidc:spid', outcome: 'success' } });
});

it('SPID level 2 spares the admin the TOTP; level 1 asks for it', async () => {
  const strong = env.agent();
  expect(await callback(strong, await throughProvider(strong, spid(CF_ADMIN, 'https://www.spid.gov.it/SpidL2')))).toBe('/');
  await strong.get('/api/auth/me').expect(200);
  expect((await lastLogin())?.after).toMatchObject({ outcome: 'success', secondFactor: 'provider' });

  const weak = env.agent();
  expect(await callback(weak, await throughProvider(weak, spid(CF_ADMIN)))).toBe('/accesso/secondo-fattore?passo=verify');
  await weak.get('/api/auth/me').expect(401);
  const csrf = (await weak.get('/api/auth/csrf').expect(200)).body.csrfToken as string;
  const done = await weak.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code: await nextTotpCode('admin@cit.example') });
  expect(done.status).toBe(200);
  await weak.get('/api/auth/me').expect(200);
});

it('a wrong state signs nobody in', async () => {
  const agent = env.agent();
  const url = await throughProvider(agent, spid(CF_REFERENTE));
  url.searchParams.set('state', 'uno-stato-contraffatto');
  expect(await callback(agent, url)).toBe('/accesso/non-riuscito?motivo=failed');
  await agent.get('/api/auth/me').expect(401);
});

it('a replayed code is refused by the provider, even with a freshly started login', async () => {
  const first = env.agent();
  const url = await throughProvider(first, spid(CF_REFERENTE));
  expect(await callback(first, url)).toBe('/');
  const attacker = env.agent();
  const start = await attacker.get('/api/auth/oidc/spid/start').expect(302);
  const state = new URL(start.headers.location as string).searchParams.get('state') ?? '';
  url.searchParams.set('state', state);
  expect(await callback(attacker, url)).toBe('/accesso/non-riuscito?motivo=failed');
  await attacker.get('/api/auth/me').expect(401);
});

it('an expired ID token is refused', async () => {
  const agent = env.agent();
  const url = await throughProvider(agent, { ...spid(CF_REFERENTE), expired: true });
  expect(await callback(agent, url)).toBe('/accesso/non-riuscito?motivo=failed');
  await agent.get('/api/auth/me').expect(401);
});

it('an unknown codice fiscale creates nobody and is explained; the failure is audited', async () => {
  const users = (await env.ds.query(`SELECT count(*)::int AS n FROM users`)) as Array<{ n: number }>;
  const agent = env.agent();
  expect(await callback(agent, await throughProvider(agent, spid('LVSLSN62R13F205Z')))).toBe('/accesso/non-riuscito?motivo=unknown');
  await agent.get('/api/auth/me').expect(401);
  expect((await env.ds.query(`SELECT count(*)::int AS n FROM users`)) as Array<{ n: number }>).toEqual(users);
  expect(await lastLogin()).toMatchObject({ actor_id: null, record_id: 'LVSLSN62R13F205Z', after: { method: 'oidc:spid', outcome: 'failure', reason: 'unknown' } });
});

it('a user of a role the provider does not serve, or a claim that is no codice fiscale, is refused', async () => {
  const operator = env.agent();
  expect(await callback(operator, await throughProvider(operator, spid(CF_OPERATOR)))).toBe('/accesso/non-riuscito?motivo=role');
  const garbage = env.agent();
  expect(await callback(garbage, await throughProvider(garbage, { sub: 'x', claims: { fiscalNumber: 'TINIT-NONVALIDO' } }))).toBe('/accesso/non-riuscito?motivo=no-fiscal-code');
});

it('an unknown provider is 404; a callback without a started login is refused', async () => {
  await env.agent().get('/api/auth/oidc/altro/start').expect(404);
  expect((await env.agent().get('/api/auth/oidc/spid/callback?code=abc&state=def').expect(302)).headers.location).toBe('/accesso/non-riuscito?motivo=failed');
});
