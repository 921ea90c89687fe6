import { BACKGROUND_HEADER, SESSION_EXPIRES_HEADER } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';

/** The session's remaining time on every answer, and polls that do not keep an unattended session alive. */
describe('session expiry', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv({ SESSION_TTL_HOURS: '1' });
    await tenantWorld(env.ds);
  });
  afterAll(() => env.close());

  it('tells a signed-in page how long its session has left, and nothing to an anonymous one', async () => {
    const anonymous = await env.agent().get('/api/auth/csrf').expect(200);
    expect(anonymous.headers[SESSION_EXPIRES_HEADER]).toBeUndefined();
    const user = await env.signIn('a@alfa.example', PASSWORD);
    const me = await user.agent.get('/api/auth/me').expect(200);
    // An hour less the store's one-minute refresh step.
    expect(me.headers[SESSION_EXPIRES_HEADER]).toBe(String(3600 - 60));
  });

  it('does not extend the session on a background request, and does on any other', async () => {
    const user = await env.signIn('a@alfa.example', PASSWORD);
    // Age the stored session by ten minutes, as if the user had been away.
    await env.ds.query(
      `UPDATE http_sessions SET expire = expire - interval '10 minutes',
              sess = jsonb_set(sess::jsonb, '{cookie,expires}', to_jsonb(to_char((expire - interval '10 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::json
        WHERE sess::jsonb->>'userId' IS NOT NULL`,
    );
    const cookieExpiry = (res: { headers: Record<string, unknown> }) => {
      const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
      const expires = /Expires=([^;]+)/.exec(cookies.find((c) => c.startsWith('cit.sid=')) ?? '')?.[1];
      return expires ? Date.parse(expires) : NaN;
    };
    const poll = await user.agent.get('/api/me/notifications').set(BACKGROUND_HEADER, '1').expect(200);
    const left = Number(poll.headers[SESSION_EXPIRES_HEADER]);
    expect(left).toBeGreaterThan(49 * 60);
    expect(left).toBeLessThanOrEqual(50 * 60);
    // The browser's cookie keeps the aged expiry: about 50 minutes from now, not an hour.
    expect(cookieExpiry(poll) - Date.now()).toBeLessThan(51 * 60_000);

    const click = await user.agent.get('/api/me/notifications').expect(200);
    expect(click.headers[SESSION_EXPIRES_HEADER]).toBe(String(3600 - 60));
    expect(cookieExpiry(click) - Date.now()).toBeGreaterThan(59 * 60_000);
  });
});
