import { AUDIT_ACTIONS, AUDITED_ENTITIES } from '@cit/shared';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { staleVersion } from '../platform/http/optimistic';
import { recordChange, SYSTEM_ACTOR } from './audit-log.repository';

describe('audit log: every change recorded, searchable by admins, never rewritten', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let operator: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    admin = await env.signIn('admin@cit.example', PASSWORD);
    operator = await env.signIn('op@cit.example', PASSWORD);
  });
  afterAll(() => env.close());

  const search = (query: Record<string, string | number>) => admin.agent.get('/api/admin/audit').query(query);

  it('records a user change with author, address, before and after, shown on the record and in the search', async () => {
    await admin.agent
      .patch(`/api/admin/users/${world.users.userA}`)
      .set('x-csrf-token', admin.csrfToken)
      .send({ name: 'Anna Alfa', language: 'en' })
      .expect(200);
    const res = await search({ entity: 'users', recordId: world.users.userA }).expect(200);
    expect(res.body.total).toBe(1);
    const [entry] = res.body.items;
    expect(entry).toMatchObject({
      entity: 'users',
      recordId: world.users.userA,
      action: 'update',
      actor: { id: world.users.admin, email: 'admin@cit.example' },
      before: { language: 'it' },
      after: { name: 'Anna Alfa', language: 'en' },
    });
    expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);

    // A save that changes nothing is not a change.
    await admin.agent.patch(`/api/admin/users/${world.users.userA}`).set('x-csrf-token', admin.csrfToken).send({ name: 'Anna Alfa' }).expect(200);
    expect((await search({ entity: 'users', recordId: world.users.userA }).expect(200)).body.total).toBe(1);

    // Searchable by author and day (Italian time); a day range with nothing in it is empty.
    const byActor = await search({ actorId: world.users.admin, from: new Date().toISOString().slice(0, 10) }).expect(200);
    expect(byActor.body.items.map((e: { recordId: string }) => e.recordId)).toContain(world.users.userA);
    expect((await search({ entity: 'users', to: '2001-01-01' }).expect(200)).body.total).toBe(0);
  });

  it('records the creation of an account', async () => {
    const created = await admin.post('/api/admin/users', { email: 'nuovo@cit.example', name: 'Nuovo Operatore', role: 'operator' }).expect(201);
    const res = await search({ entity: 'users', recordId: created.body.id }).expect(200);
    expect(res.body.items[0]).toMatchObject({ action: 'create', before: null, after: { email: 'nuovo@cit.example', role: 'operator' } });
  });

  it('pages newest first with a cursor and refuses crafted cursors and dates with 400', async () => {
    for (let i = 0; i < 3; i++) {
      await recordChange(env.ds, SYSTEM_ACTOR, { entity: 'sla_targets', recordId: 'high', action: 'update', before: { n: i }, after: { n: i + 1 } });
    }
    const first = await search({ entity: 'sla_targets', limit: 2 }).expect(200);
    expect(first.body.items.map((e: { after: { n: number } }) => e.after.n)).toEqual([3, 2]);
    const second = await search({ entity: 'sla_targets', limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items.map((e: { after: { n: number } }) => e.after.n)).toEqual([1]);
    expect(second.body.nextCursor).toBeNull();

    const crafted = Buffer.from(JSON.stringify(['not-a-number'])).toString('base64url');
    expect((await search({ cursor: crafted }).expect(400)).body.error.code).toBe('invalid_cursor');
    const badDate = await search({ from: '0000-01-01' }).expect(400);
    expect(JSON.stringify(badDate.body)).toContain('from');
    await search({ entity: 'tickets' }).expect(400);
    await search({ from: '2026-02-01', to: '2026-01-01' }).expect(400);
  });

  it('is for admins only', async () => {
    await operator.agent.get('/api/admin/audit').expect(403);
    await env.agent().get('/api/admin/audit').expect(401);
  });

  it('accepts every audited entity and action of the shared lists (migrations written side by side must leave the whole union)', async () => {
    for (const entity of AUDITED_ENTITIES) {
      await recordChange(env.ds, SYSTEM_ACTOR, { entity, recordId: `check-${entity}`, action: 'create', before: null, after: { entity } });
    }
    const [row] = (await env.ds.query(`SELECT count(DISTINCT entity)::int AS n FROM audit_log WHERE record_id LIKE 'check-%'`)) as Array<{ n: number }>;
    expect(row?.n).toBe(AUDITED_ENTITIES.length);
    for (const action of AUDIT_ACTIONS) {
      await recordChange(env.ds, SYSTEM_ACTOR, { entity: 'users', recordId: `check-action-${action}`, action, before: null, after: null });
    }
  });

  it('cannot be rewritten or deleted, not even by the product', async () => {
    await expect(env.ds.query(`UPDATE audit_log SET actor_name = 'altro'`)).rejects.toThrow(/append-only/);
    await expect(env.ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/5 years/);
    await expect(env.ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/truncated/);
  });

  it('answers a stale edit with who changed the record and when', async () => {
    const err = await staleVersion(env.ds, 'users', world.users.userA, { id: world.users.userA });
    expect(err.status).toBe(409);
    expect(err.code).toBe('stale_version');
    expect(err.message).toMatch(/modificato da .+ il \d{2}\/\d{2}\/\d{4}/);
    expect(err.details).toMatchObject({ current: { id: world.users.userA }, changedBy: { email: 'admin@cit.example' } });
  });
});
