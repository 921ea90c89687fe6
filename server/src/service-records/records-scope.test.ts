import { startTestEnv, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';

// Found by the IDOR drill (drills/idor.mjs): `?enteId=` of another Ente computed that Ente's allowance use from its
// facts (200 with `usage`) while an unknown id failed with 500, so the answer told B's Enti from missing ones.
describe('GET /api/services/records?enteId= of an Ente out of scope', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
  });
  afterAll(() => env.close());

  it('answers exactly like an Ente that does not exist: 404, no allowance of the other Ente', async () => {
    const { agent } = await env.signIn('a@alfa.example', PASSWORD);
    const foreign = await agent.get('/api/services/records').query({ enteId: world.enteB });
    const missing = await agent.get('/api/services/records').query({ enteId: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body).not.toHaveProperty('usage');
  });

  it('the capofila gets the same for an Ente outside its members, and still its own members’ usage', async () => {
    const { agent } = await env.signIn('u@gamma.example', PASSWORD);
    await agent.get('/api/services/records').query({ enteId: world.enteB }).expect(404);
    const member = await agent.get('/api/services/records').query({ enteId: world.member1 }).expect(200);
    expect(member.body.usage.length).toBeGreaterThan(0);
  });

  it('staff asking for an Ente that does not exist get 404, not 500', async () => {
    const { agent } = await env.signIn('op@cit.example', PASSWORD);
    await agent.get('/api/services/records').query({ enteId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    const any = await agent.get('/api/services/records').query({ enteId: world.enteB }).expect(200);
    expect(any.body.usage.length).toBeGreaterThan(0);
  });
});
