import { CSRF_HEADER } from '@cit/shared';
import { PASSWORD, createUser, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';

describe('canned replies (/api/canned-replies)', () => {
  let env: TestEnv;
  let op: SignedIn;
  let op2: SignedIn;
  let admin: SignedIn;
  let alfa: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    await tenantWorld(env.ds);
    await createUser(env.ds, 'op2@cit.example', 'operator');
    [op, op2, admin, alfa] = await Promise.all([
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('op2@cit.example', PASSWORD),
      env.signIn('admin@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const put = (who: SignedIn, id: string, body: object) => who.agent.put(`/api/canned-replies/${id}`).set(CSRF_HEADER, who.csrfToken).send(body);
  const remove = (who: SignedIn, id: string) => who.agent.delete(`/api/canned-replies/${id}`).set(CSRF_HEADER, who.csrfToken);
  const names = async (who: SignedIn) => ((await who.agent.get('/api/canned-replies').expect(200)).body.items as Array<{ name: string }>).map((r) => r.name);

  it('keeps personal replies private and shared ones (admins only) for everybody', async () => {
    const mine = await op.post('/api/canned-replies', { name: 'Saluto', body: 'Gentile {{richiedente}}, …' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ name: 'Saluto', shared: false, mine: true, owner: { name: 'op' }, setStatus: null, setGroup: null });
    expect((await op.post('/api/canned-replies', { name: 'Per tutti', body: 'x', shared: true })).status).toBe(403);
    const shared = await admin.post('/api/canned-replies', { name: 'Risolto', body: 'Il ticket {{protocollo}} è risolto.', shared: true, setStatus: 'solved', setGroup: 'sistemisti' });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ shared: true, owner: null, setStatus: 'solved', setGroup: 'sistemisti' });
    expect(await names(op)).toEqual(['Saluto', 'Risolto']);
    expect(await names(op2)).toEqual(['Risolto']);
    // Another operator's personal reply does not exist for op2; a shared one is the admins' to change.
    expect((await put(op2, mine.body.id as string, { name: 'Presa', body: 'x' })).status).toBe(404);
    expect((await remove(op2, mine.body.id as string)).status).toBe(404);
    expect((await put(op, shared.body.id as string, { name: 'Mia', body: 'x', shared: true })).status).toBe(403);
    expect((await remove(op, shared.body.id as string)).status).toBe(403);
  });

  it('refuses duplicates by name, bad fields (400 naming the field) and a change of kind', async () => {
    const dup = await op.post('/api/canned-replies', { name: 'SALUTO', body: 'altro' });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details.fields).toEqual([{ path: 'name', message: 'Ha già una risposta predefinita con questo nome.' }]);
    // The same name as someone else's reply is fine.
    expect((await op2.post('/api/canned-replies', { name: 'Saluto', body: 'Buongiorno' })).status).toBe(201);
    const bad = await op.post('/api/canned-replies', { name: 'X', body: '', setStatus: 'closed' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['body', 'setStatus']);
    const id = ((await op.agent.get('/api/canned-replies')).body.items as Array<{ id: string; mine: boolean }>).find((r) => r.mine)!.id;
    expect((await put(op, id, { name: 'Saluto', body: 'x', shared: true })).status).toBe(400);
    const changed = await put(op, id, { name: 'Saluto cordiale', body: 'Gentile {{richiedente}} di {{ente}}', setStatus: 'pending' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Saluto cordiale', setStatus: 'pending' });
  });

  it('sends a canned reply to many tickets, each filled with its own values, then applies its actions', async () => {
    const ids: string[] = [];
    for (const title of ['Primo guasto', 'Secondo guasto']) {
      const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'high', title, description: 'x' });
      ids.push(res.body.id as string);
      await op.post(`/api/tickets/${res.body.id}/actions`, { action: 'take_charge' }).expect(200);
    }
    const reply = await admin.post('/api/canned-replies', {
      name: 'Chiusura standard',
      body: 'Gentile {{richiedente}} ({{ente}}), il ticket {{protocollo}} è risolto. {{operatore}}',
      shared: true,
      setStatus: 'solved',
      setGroup: 'applicativi',
    });
    const res = await op.post('/api/tickets/bulk', { ticketIds: ids, operation: { kind: 'canned_reply', cannedReplyId: reply.body.id } });
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    for (const [i, id] of ids.entries()) {
      const d = (await op.agent.get(`/api/tickets/${id}`).expect(200)).body;
      expect(d).toMatchObject({ status: 'solved', group: 'applicativi', solution: `Gentile a (Comune di Alfa), il ticket ${res.body.results[i].protocol} è risolto. op` });
      const followUps = d.timeline.filter((e: { kind: string }) => e.kind === 'followup').map((e: { body: string }) => e.body);
      expect(followUps).toEqual([d.solution]);
    }
    // A personal reply of someone else cannot be used.
    const others = ((await op2.agent.get('/api/canned-replies')).body.items as Array<{ id: string; mine: boolean }>).find((r) => r.mine)!.id;
    expect((await op.post('/api/tickets/bulk', { ticketIds: ids, operation: { kind: 'canned_reply', cannedReplyId: others } })).status).toBe(404);
  });

  it('is for the CIT staff only', async () => {
    expect((await alfa.agent.get('/api/canned-replies')).status).toBe(403);
    expect((await alfa.post('/api/canned-replies', { name: 'X', body: 'y' })).status).toBe(403);
    expect((await env.agent().get('/api/canned-replies')).status).toBe(401);
  });
});
