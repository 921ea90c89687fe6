import { entities } from '../platform/db/entities';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { TicketStatusTotal } from '../tickets/status-total.entity';
import { tenantPolicyOf } from './policy';
import { ScopedDb } from './scoped-db';

let env: TestEnv;
let world: Awaited<ReturnType<typeof tenantWorld>>;

beforeAll(async () => {
  env = await startTestEnv();
  world = await tenantWorld(env.ds);
});
afterAll(() => env.close());

async function visibleIds(email: string): Promise<{ ids: string[]; total: number }> {
  const { agent } = await env.signIn(email, PASSWORD);
  const res = await agent.get('/api/enti?limit=200').expect(200);
  return { ids: (res.body.items as Array<{ id: string }>).map((e) => e.id).sort(), total: res.body.total as number };
}

it('every entity declares how tenants reach it', () => {
  const missing = entities.filter((e) => !tenantPolicyOf(e)).map((e) => e.name);
  expect(missing).toEqual([]);
});

describe('Ente vs Ente', () => {
  it('a user of Ente A gets 404 for Ente B by id, exactly like a missing id', async () => {
    const { agent } = await env.signIn('a@alfa.example', PASSWORD);
    await agent.get(`/api/enti/${world.enteA}`).expect(200);
    const foreign = await agent.get(`/api/enti/${world.enteB}`);
    const missing = await agent.get('/api/enti/00000000-0000-4000-8000-000000000000');
    const garbage = await agent.get('/api/enti/not-a-uuid');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(garbage.status).toBe(404);
  });

  it('lists and counts only its own Ente, whatever the filters', async () => {
    expect(await visibleIds('a@alfa.example')).toEqual({ ids: [world.enteA], total: 1 });
    const { agent } = await env.signIn('a@alfa.example', PASSWORD);
    const search = await agent.get('/api/enti?q=Beta').expect(200);
    expect(search.body).toEqual({ items: [], nextCursor: null, total: 0 });
  });
});

describe('capofila vs non-member', () => {
  it('the capofila sees itself and its members, not others', async () => {
    expect(await visibleIds('u@gamma.example')).toEqual({
      ids: [world.unione, world.member1, world.member2].sort(),
      total: 3,
    });
    const { agent } = await env.signIn('u@gamma.example', PASSWORD);
    const detail = await agent.get(`/api/enti/${world.unione}`).expect(200);
    expect((detail.body.members as Array<{ id: string }>).map((m) => m.id).sort()).toEqual([world.member1, world.member2].sort());
    await agent.get(`/api/enti/${world.member2}`).expect(200);
    await agent.get(`/api/enti/${world.enteA}`).expect(404);
  });

  it('a member Ente sees neither its capofila nor its sibling', async () => {
    expect(await visibleIds('m@gamma-alta.example')).toEqual({ ids: [world.member1], total: 1 });
    const { agent } = await env.signIn('m@gamma-alta.example', PASSWORD);
    await agent.get(`/api/enti/${world.unione}`).expect(404);
    await agent.get(`/api/enti/${world.member2}`).expect(404);
    const own = await agent.get(`/api/enti/${world.member1}`).expect(200);
    expect(own.body.capofila).toBeNull();
  });
});

describe('other roles', () => {
  it('a supplier sees no Ente data; staff see all', async () => {
    expect(await visibleIds('pec@fornitore.example')).toEqual({ ids: [], total: 0 });
    const staff = await visibleIds('op@cit.example');
    expect(staff.total).toBe(5);
  });

  it('totals over every Ente are read by staff only', async () => {
    await env.ds.query(`INSERT INTO ticket_status_totals (shard, status, n) VALUES (63, 'new', 5)`);
    try {
      const read = (db: ScopedDb) => db.select(TicketStatusTotal, 't').andWhere('t.shard = 63').orWhere('true').getCount();
      expect(await read(new ScopedDb(env.ds, { kind: 'all' }))).toBeGreaterThan(0);
      expect(await read(new ScopedDb(env.ds, { kind: 'enti', enteIds: [world.enteA, world.unione] }))).toBe(0);
      expect(await read(new ScopedDb(env.ds, { kind: 'supplier', supplierId: world.enteA }))).toBe(0);
    } finally {
      await env.ds.query(`DELETE FROM ticket_status_totals WHERE shard = 63 AND status = 'new' AND n = 5`);
    }
  });

  it('supplier list is for staff only', async () => {
    const { agent } = await env.signIn('a@alfa.example', PASSWORD);
    const res = await agent.get('/api/suppliers');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const op = await env.signIn('op@cit.example', PASSWORD);
    const list = await op.agent.get('/api/suppliers').expect(200);
    expect(list.body.items).toHaveLength(1);
  });

  it('anonymous callers get 401', async () => {
    const res = await env.agent().get('/api/enti');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

it('pages with a keyset cursor without gaps or repeats', async () => {
  const { agent } = await env.signIn('op@cit.example', PASSWORD);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/enti?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await agent.get(url).expect(200);
    expect(res.body.total).toBe(5);
    seen.push(...(res.body.items as Array<{ id: string }>).map((e) => e.id));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  expect(seen).toHaveLength(5);
  expect(new Set(seen).size).toBe(5);
  const bad = await agent.get('/api/enti?cursor=rotto');
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('invalid_cursor');
});
