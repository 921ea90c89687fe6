import { generateSync } from 'otplib';
import { CSRF_HEADER } from '@cit/shared';
import { createUser, PASSWORD, tenantWorld } from '../../../test/fixtures';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { nextTotpCode } from '../../../test/totp';
import { DEMO_TOTP_SECRET } from '../../enti/seed/demo-users';
import { SecretBox } from '../../platform/secret-box';
import { sealClearTotpSecrets } from './second-factor.service';

let env: TestEnv;
/** The key of this server's secrets at rest, so the test can seal and open as it does. */
const SECRETS_KEY = 'chiave-di-prova-dei-segreti-'.padEnd(48, 'x');

beforeAll(async () => {
  env = await startTestEnv({ SECRETS_KEY });
  await tenantWorld(env.ds);
});
afterAll(() => env.close());

/** A login up to the password: the agent and what the login answered. */
async function password(email: string) {
  const agent = env.agent();
  const csrf = (await agent.get('/api/auth/csrf').expect(200)).body.csrfToken as string;
  const res = await agent.post('/api/auth/login').set(CSRF_HEADER, csrf).send({ email, password: PASSWORD });
  return { agent, res, csrf: res.body.csrfToken as string };
}

const loginEvents = async (userId: string) =>
  (await env.ds.query(`SELECT after FROM audit_log WHERE entity = 'logins' AND record_id = $1 ORDER BY id`, [userId])) as Array<{ after: Record<string, unknown> }>;

describe('second factor at login', () => {
  it('an enrolled admin is not signed in by the password alone; the right code completes the login, once', async () => {
    const { agent, res, csrf } = await password('admin@cit.example');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secondFactor: 'verify', csrfToken: expect.any(String) });
    // Not signed in yet: the API sees an anonymous caller.
    await agent.get('/api/auth/me').expect(401);

    const wrong = await agent.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code: '000000' });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('Codice non valido');

    const code = await nextTotpCode('admin@cit.example');
    const ok = await agent.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'admin@cit.example', role: 'admin' });
    await agent.get('/api/auth/me').expect(200);

    // The same code in another login is refused (RFC 6238 §5.2).
    const again = await password('admin@cit.example');
    const replay = await again.agent.post('/api/auth/second-factor').set(CSRF_HEADER, again.csrf).send({ code });
    expect(replay.status).toBe(400);

    const events = (await loginEvents(ok.body.user.id as string)).map((e) => e.after);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'password', outcome: 'second_factor_due' }),
        expect.objectContaining({ method: 'password', outcome: 'failure', secondFactor: 'wrong_code' }),
        expect.objectContaining({ method: 'password', outcome: 'success', secondFactor: 'totp' }),
      ]),
    );
  });

  it('five wrong codes end the pending login: the password is needed again', async () => {
    const { agent, csrf } = await password('admin@cit.example');
    for (let i = 0; i < 4; i++) await agent.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code: '123456' }).expect(400);
    await agent.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code: '123456' }).expect(401);
    const code = await nextTotpCode('admin@cit.example');
    await agent.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code }).expect(401);
  });

  it('a user whose role does not require it signs in with the password alone', async () => {
    const { res } = await password('op@cit.example');
    expect(res.body.user).toMatchObject({ role: 'operator' });
  });
});

describe('TOTP secrets at rest', () => {
  it('seals a secret stored in clear by an older version, once, and the app’s codes still sign in', async () => {
    const id = await createUser(env.ds, 'vecchio.admin@cit.example', 'admin');
    const stored = async () => ((await env.ds.query(`SELECT secret FROM user_totp WHERE user_id = $1`, [id])) as Array<{ secret: string }>)[0]?.secret ?? '';
    expect(await stored()).toBe(DEMO_TOTP_SECRET);
    // Read as it is until sealed: a start that could not seal does not lock anybody out.
    const before = await password('vecchio.admin@cit.example');
    await before.agent.post('/api/auth/second-factor').set(CSRF_HEADER, before.csrf).send({ code: await nextTotpCode('vecchio.admin@cit.example') }).expect(200);

    // What every API start runs: the clear secrets of this database (the fixtures' accounts too) get sealed.
    const box = new SecretBox(SECRETS_KEY, 'totp');
    expect(await sealClearTotpSecrets(env.ds, box)).toBeGreaterThanOrEqual(1);
    const sealed = await stored();
    expect([SecretBox.isSealed(sealed), sealed.includes(DEMO_TOTP_SECRET), box.open(sealed)]).toEqual([true, false, DEMO_TOTP_SECRET]);
    const [left] = (await env.ds.query(`SELECT count(*)::int AS n FROM user_totp WHERE secret NOT LIKE 'v1:%'`)) as Array<{ n: number }>;
    expect(left?.n).toBe(0);
    // Idempotent: a second start changes nothing.
    expect(await sealClearTotpSecrets(env.ds, box)).toBe(0);
    expect(await stored()).toBe(sealed);

    const after = await password('vecchio.admin@cit.example');
    const ok = await after.agent.post('/api/auth/second-factor').set(CSRF_HEADER, after.csrf).send({ code: await nextTotpCode('vecchio.admin@cit.example') });
    expect([ok.status, ok.body.user?.email]).toEqual([200, 'vecchio.admin@cit.example']);
  });
});

describe('enrolment, recovery codes and reset', () => {
  it('an approver without an app enrols at login: QR code, first code, ten single-use recovery codes', async () => {
    const id = await createUser(env.ds, 'nuovo.approvatore@cit.example', 'approver');
    await env.ds.query(`DELETE FROM user_totp WHERE user_id = $1`, [id]);
    const { agent, res, csrf } = await password('nuovo.approvatore@cit.example');
    expect(res.body.secondFactor).toBe('enrol');
    // The pending login may not use the code step: there is no app yet.
    await agent.post('/api/auth/second-factor').set(CSRF_HEADER, csrf).send({ code: '123456' }).expect(401);

    const enrolment = await agent.post('/api/auth/second-factor/enrolment').set(CSRF_HEADER, csrf).send({});
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.qrSvg).toMatch(/^<svg/);
    expect(enrolment.body.otpauthUri).toContain(`secret=${enrolment.body.secret as string}`);
    const secret = enrolment.body.secret as string;
    // The column holds the secret sealed, never in clear, before and after the confirmation.
    const storedSecret = async () => ((await env.ds.query(`SELECT secret FROM user_totp WHERE user_id = $1`, [id])) as Array<{ secret: string }>)[0]?.secret ?? '';
    const sealed = await storedSecret();
    expect([SecretBox.isSealed(sealed), sealed.includes(secret)]).toEqual([true, false]);
    expect(new SecretBox(SECRETS_KEY, 'totp').open(sealed)).toBe(secret);

    await agent.post('/api/auth/second-factor/enrolment/confirm').set(CSRF_HEADER, csrf).send({ code: '000000' }).expect(400);
    const confirmed = await agent.post('/api/auth/second-factor/enrolment/confirm').set(CSRF_HEADER, csrf).send({ code: generateSync({ secret }) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user).toMatchObject({ role: 'approver' });
    expect(await storedSecret()).toBe(sealed);
    // A code of the app signs in with the sealed secret (the next step: the confirmation used the current one).
    const withApp = await password('nuovo.approvatore@cit.example');
    const nextStep = (Math.floor(Date.now() / 30_000) + 1) * 30;
    const byCode = await withApp.agent.post('/api/auth/second-factor').set(CSRF_HEADER, withApp.csrf).send({ code: generateSync({ secret, epoch: nextStep }) });
    expect(byCode.status).toBe(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Stored hashed only.
    const stored = (await env.ds.query(`SELECT code_hash FROM user_recovery_codes WHERE user_id = $1`, [id])) as Array<{ code_hash: string }>;
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.code_hash)).not.toContain(codes[0]);

    // A recovery code signs in once.
    const next = await password('nuovo.approvatore@cit.example');
    const recovered = await next.agent.post('/api/auth/second-factor').set(CSRF_HEADER, next.csrf).send({ code: codes[0] });
    expect(recovered.status).toBe(200);
    const status = await next.agent.get('/api/auth/second-factor').expect(200);
    expect(status.body).toEqual({ enrolled: true, required: true, recoveryCodesLeft: 9 });
    const third = await password('nuovo.approvatore@cit.example');
    const reused = await third.agent.post('/api/auth/second-factor').set(CSRF_HEADER, third.csrf).send({ code: codes[0] });
    expect(reused.status).toBe(400);

    // The admin resets it (lost phone): audited, and the next login asks for a new enrolment.
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    await admin.post(`/api/auth/second-factor/reset/${id}`).expect(204);
    await admin.post(`/api/auth/second-factor/reset/${id}`).expect(409);
    const [audit] = (await env.ds.query(`SELECT actor_email, action FROM audit_log WHERE entity = 'second_factors' AND record_id = $1 AND action = 'delete'`, [id])) as Array<{
      actor_email: string;
      action: string;
    }>;
    expect(audit).toEqual({ actor_email: 'admin@cit.example', action: 'delete' });
    expect((await password('nuovo.approvatore@cit.example')).res.body.secondFactor).toBe('enrol');

    // Only an admin may reset.
    const operator = await env.signIn('op@cit.example', PASSWORD);
    await operator.post(`/api/auth/second-factor/reset/${id}`).expect(403);
  });

  it('an operator may enrol from the profile and switch it off again with a code; an approver may not switch it off', async () => {
    const operator = await env.signIn('op@cit.example', PASSWORD);
    const enrolment = await operator.post('/api/auth/second-factor/enrolment');
    const secret = enrolment.body.secret as string;
    const confirmed = await operator.post('/api/auth/second-factor/enrolment/confirm', { code: generateSync({ secret }) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user).toBeNull();
    expect((await password('op@cit.example')).res.body.secondFactor).toBe('verify');
    const now = Math.floor(Date.now() / 30_000);
    await operator.post('/api/auth/second-factor/disable', { code: generateSync({ secret, epoch: (now + 1) * 30 }) }).expect(204);
    expect((await password('op@cit.example')).res.body.user).toMatchObject({ role: 'operator' });

    const approver = await env.signIn('nuovo.approvatore@cit.example', PASSWORD);
    await approver.post('/api/auth/second-factor/disable', { code: '123456' }).expect(409);
  });
});
