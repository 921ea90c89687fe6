import { CSRF_HEADER, DEFAULT_TICKET_COLUMNS } from '@cit/shared';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';

describe('saved views of the ticket queue (/api/views)', () => {
  let env: TestEnv;
  let op: SignedIn;
  let op2: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    await tenantWorld(env.ds);
    await createUser(env.ds, 'op2@cit.example', 'operator');
    op = await env.signIn('op@cit.example', PASSWORD);
    op2 = await env.signIn('op2@cit.example', PASSWORD);
    admin = await env.signIn('admin@cit.example', PASSWORD);
  });
  afterAll(() => env.close());

  const patch = (who: SignedIn, id: string, body: object) => who.agent.patch(`/api/views/${id}`).set(CSRF_HEADER, who.csrfToken).send(body);
  const remove = (who: SignedIn, id: string) => who.agent.delete(`/api/views/${id}`).set(CSRF_HEADER, who.csrfToken);
  const names = async (who: SignedIn) => ((await who.agent.get('/api/views').expect(200)).body.items as Array<{ name: string }>).map((v) => v.name);
  const urgent = { filters: { status: 'open', urgency: 'blocking' }, sort: 'updated', columns: ['ente', 'sla'] };

  it('saves a view and gives it back with its definition, version 0 and the owner', async () => {
    const res = await op.post('/api/views', { name: '  Bloccanti ', definition: urgent });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Bloccanti', mine: true, shared: false, version: 0, definition: urgent, owner: { name: 'op' } });
    const list = await op.agent.get('/api/views').expect(200);
    expect(list.body.items).toEqual([res.body]);
  });

  it.each([
    [{ name: '', definition: urgent }, 'name'],
    [{ name: 'X', definition: { filters: { status: 'chiuso' } } }, 'definition.filters.status'],
    [{ name: 'X', definition: { filters: { status: 'open', colour: 'red' } } }, 'definition.filters'],
    [{ name: 'X', definition: { filters: { status: 'open' }, columns: ['ente', 'ente'] } }, 'definition.columns'],
    [{ name: 'X', definition: { filters: { status: 'open' }, sort: 'price' } }, 'definition.sort'],
    [{ name: 'X', shared: 'sì', definition: urgent }, 'shared'],
    [{ name: 'X' }, 'definition'],
  ])('refuses %j with a 400 naming %s', async (body, path) => {
    const res = await op.post('/api/views', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    expect(await names(op)).toEqual(['Bloccanti']);
  });

  it('refuses a second view with the same name (case aside) on the name field', async () => {
    const res = await op.post('/api/views', { name: 'BLOCCANTI', definition: { filters: { status: 'all' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([{ path: 'name', message: 'Ha già una vista con questo nome.' }]);
  });

  it("hides another person's private view: 404 to read it through a change, 404 to delete it", async () => {
    const mine = await op2.post('/api/views', { name: 'Privata di op2', definition: urgent });
    expect(mine.status).toBe(201);
    expect(await names(op)).toEqual(['Bloccanti']);
    expect((await patch(op, mine.body.id as string, { version: 0, name: 'Presa' })).status).toBe(404);
    expect((await remove(op, mine.body.id as string)).status).toBe(404);
    expect((await patch(op, 'non-un-id', { version: 0 })).status).toBe(404);
    expect(await names(op2)).toEqual(['Privata di op2']);
  });

  it('shows a shared view to all the staff, after their own; only the owner changes or deletes it', async () => {
    const shared = await op2.post('/api/views', { name: 'Alfa condivisa', shared: true, definition: { filters: { status: 'all' } } });
    expect(shared.status).toBe(201);
    expect(shared.body.definition.columns).toEqual([...DEFAULT_TICKET_COLUMNS]);
    const seen = (await op.agent.get('/api/views').expect(200)).body.items as Array<{ name: string; mine: boolean; owner: { name: string } }>;
    expect(seen.map((v) => [v.name, v.mine, v.owner.name])).toEqual([
      ['Bloccanti', true, 'op'],
      ['Alfa condivisa', false, 'op2'],
    ]);
    expect(await names(admin)).toEqual(['Alfa condivisa']);
    const refused = await patch(op, shared.body.id as string, { version: 0, name: 'Mia' });
    expect(refused.status).toBe(403);
    expect((await remove(op, shared.body.id as string)).status).toBe(403);
  });

  it('changes own views with the version read: a stale version is a 409 with the view as it is now', async () => {
    const id = ((await op.agent.get('/api/views').expect(200)).body.items as Array<{ id: string; name: string }>).find((v) => v.name === 'Bloccanti')!.id;
    const renamed = await patch(op, id, { version: 0, name: 'Bloccanti e alte', shared: true });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Bloccanti e alte', shared: true, version: 1, definition: urgent });
    const stale = await patch(op, id, { version: 0, name: 'Di nuovo' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current).toMatchObject({ name: 'Bloccanti e alte', version: 1 });
    expect((await patch(op, id, { version: 1, definition: { filters: { status: 'bogus' } } })).status).toBe(400);
    // Now shared: op2 sees it after their own views.
    expect(await names(op2)).toEqual(['Alfa condivisa', 'Privata di op2', 'Bloccanti e alte']);
  });

  it('deletes own views', async () => {
    const id = ((await op.agent.get('/api/views').expect(200)).body.items as Array<{ id: string; mine: boolean }>).find((v) => v.mine)!.id;
    expect((await remove(op, id)).status).toBe(204);
    expect((await remove(op, id)).status).toBe(404);
    expect(await names(op)).toEqual(['Alfa condivisa']);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await env.agent().get('/api/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/views', '/api/views/{id}']));
    expect(Object.keys(doc.body.paths['/api/views/{id}'])).toEqual(expect.arrayContaining(['patch', 'delete']));
    expect(doc.body.components.schemas.ViewDefinition).toBeDefined();
  });

  it('is for the CIT staff only', async () => {
    const ente = await env.signIn('a@alfa.example', PASSWORD);
    expect((await ente.agent.get('/api/views')).status).toBe(403);
    expect((await ente.post('/api/views', { name: 'X', definition: urgent })).status).toBe(403);
    expect((await env.agent().get('/api/views')).status).toBe(401);
  });
});
