import { CSRF_HEADER } from '@cit/shared';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { clients, connect, login, quiet, until } from '../../test/live-client';
import { currentAnnouncements } from './announcements.repository';

const hour = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('announcements (/api/announcements, /api/admin/announcements)', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let op: SignedIn;
  let alfa: SignedIn;
  let beta: SignedIn;
  let capofila: SignedIn;
  let supplier: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    const as = (email: string) => env.signIn(email, PASSWORD);
    [admin, op, alfa, beta, capofila, supplier] = await Promise.all([
      as('admin@cit.example'),
      as('op@cit.example'),
      as('a@alfa.example'),
      as('b@beta.example'),
      as('u@gamma.example'),
      as('pec@fornitore.example'),
    ]);
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await env.close();
  });

  const publish = (body: object) => admin.post('/api/admin/announcements', body);
  const titles = async (who: SignedIn) => ((await who.agent.get('/api/announcements/current').expect(200)).body.items as Array<{ title: string }>).map((a) => a.title);
  const base = { body: 'Il servizio PEC non sarà raggiungibile.', severity: 'warning', startsAt: at(-hour), endsAt: at(hour), includeStaff: false };

  it('shows a banner only to the Enti it is for, never to another Ente, a supplier or (unless asked) the staff', async () => {
    const forAlfa = await publish({ ...base, title: 'Manutenzione PEC Alfa', allEnti: false, enteIds: [world.enteA] });
    expect(forAlfa.status).toBe(201);
    expect(forAlfa.body).toMatchObject({ status: 'active', allEnti: false, enti: [{ id: world.enteA, name: 'Comune di Alfa' }], version: 0 });
    // A member of the Unione: its capofila referent sees it, the member's own user does not belong to Alfa.
    const forMember = await publish({ ...base, title: 'Avviso Gamma Alta', severity: 'info', allEnti: false, enteIds: [world.member1] });
    expect(forMember.status).toBe(201);
    const forAll = await publish({ ...base, title: 'Scadenza quota 31 marzo', severity: 'critical', allEnti: true, includeStaff: true });
    expect(forAll.status).toBe(201);

    expect(await titles(alfa)).toEqual(['Scadenza quota 31 marzo', 'Manutenzione PEC Alfa']);
    expect(await titles(beta)).toEqual(['Scadenza quota 31 marzo']);
    expect(await titles(capofila)).toEqual(['Scadenza quota 31 marzo', 'Avviso Gamma Alta']);
    expect(await titles(op)).toEqual(['Scadenza quota 31 marzo']);
    expect(await titles(supplier)).toEqual([]);
    // The response says nothing about who else receives it.
    const [first] = (await alfa.agent.get('/api/announcements/current')).body.items as Array<Record<string, unknown>>;
    expect(Object.keys(first!).sort()).toEqual(['body', 'endsAt', 'id', 'severity', 'startsAt', 'title']);

    // Beta cannot dismiss (nor learn of) Alfa's banner.
    const dismissForeign = await beta.post(`/api/announcements/${forAlfa.body.id as string}/dismiss`);
    expect(dismissForeign.status).toBe(404);

    // The exported function answers the same for another page (the Ente's home).
    const fromRepository = await currentAnnouncements(env.ds, { id: world.users.userB }, { kind: 'enti', enteIds: [world.enteB] }, new Date());
    expect(fromRepository.items.map((a) => a.title)).toEqual(['Scadenza quota 31 marzo']);
    expect(fromRepository.nextChangeAt).toBe(new Date(base.endsAt).toISOString());
  });

  it('remembers a dismissal for that user only', async () => {
    const created = await publish({ ...base, title: 'Da chiudere', allEnti: true });
    const id = created.body.id as string;
    expect(await titles(beta)).toContain('Da chiudere');
    await beta.post(`/api/announcements/${id}/dismiss`).expect(204);
    await beta.post(`/api/announcements/${id}/dismiss`).expect(204);
    expect(await titles(beta)).not.toContain('Da chiudere');
    expect(await titles(alfa)).toContain('Da chiudere');
    // A new session of the same user still does not see it.
    const again = await env.signIn('b@beta.example', PASSWORD);
    expect(await titles(again)).not.toContain('Da chiudere');
  });

  it('waits for the start of a scheduled banner and tells the page when to look again', async () => {
    const startsAt = at(2 * hour);
    await publish({ ...base, title: 'Programmato', allEnti: false, enteIds: [world.enteB], startsAt, endsAt: at(3 * hour) });
    const res = await beta.agent.get('/api/announcements/current').expect(200);
    expect((res.body.items as Array<{ title: string }>).map((a) => a.title)).not.toContain('Programmato');
    expect(res.body.nextChangeAt).toBe(new Date(base.endsAt).toISOString() < new Date(startsAt).toISOString() ? new Date(base.endsAt).toISOString() : startsAt);
  });

  it('ends a banner early, edits it with its version, and records each change in the audit log', async () => {
    const created = await publish({ ...base, title: 'Guasto rete', allEnti: false, enteIds: [world.enteA] });
    const id = created.body.id as string;
    const moved = await admin.agent
      .put(`/api/admin/announcements/${id}`)
      .set(CSRF_HEADER, admin.csrfToken)
      .send({ ...base, title: 'Guasto rete (Beta)', allEnti: false, enteIds: [world.enteB], version: 0 });
    expect(moved.status).toBe(200);
    expect(await titles(alfa)).not.toContain('Guasto rete (Beta)');
    expect(await titles(beta)).toContain('Guasto rete (Beta)');
    // An edit on the old version is refused.
    const stale = await admin.agent.put(`/api/admin/announcements/${id}`).set(CSRF_HEADER, admin.csrfToken).send({ ...base, title: 'X', allEnti: true, version: 0 });
    expect(stale.status).toBe(409);
    const ended = await admin.post(`/api/admin/announcements/${id}/end`, { version: 1 });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    expect(await titles(beta)).not.toContain('Guasto rete (Beta)');
    const list = await admin.agent.get('/api/admin/announcements').expect(200);
    expect((list.body.items as Array<{ id: string; status: string }>).find((a) => a.id === id)?.status).toBe('ended');
    const audit = await admin.agent.get(`/api/admin/audit?entity=announcements&recordId=${id}`).expect(200);
    expect((audit.body.items as Array<{ action: string }>).map((e) => e.action).sort()).toEqual(['publish', 'update', 'update']);
  });

  it('refuses bad input naming the field, and anyone but an admin', async () => {
    const reversed = await publish({ ...base, title: 'X', allEnti: true, startsAt: at(hour), endsAt: at(-hour) });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.fields).toEqual([{ path: 'endsAt', message: 'La fine deve seguire l’inizio.' }]);
    const nobody = await publish({ ...base, title: 'X', allEnti: false });
    expect(nobody.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['enteIds']);
    const unknown = await publish({ ...base, title: 'X', allEnti: false, enteIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toEqual([{ path: 'enteIds.0', message: 'Ente non trovato.' }]);
    const garbage = await publish({ title: '', severity: 'panic', startsAt: 'ieri', endsAt: '2026-13-01T00:00:00Z', allEnti: 'sì' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['allEnti', 'endsAt', 'severity', 'startsAt', 'title']);
    expect((await op.post('/api/admin/announcements', { ...base, title: 'X', allEnti: true })).status).toBe(403);
    expect((await alfa.post('/api/admin/announcements', { ...base, title: 'X', allEnti: true })).status).toBe(403);
    expect((await alfa.agent.get('/api/admin/announcements')).status).toBe(403);
    expect((await alfa.post('/api/announcements/nope/dismiss')).status).toBe(400);
  });

  it('tells the live pages of the Enti concerned, and only them', async () => {
    const recorder = async (email: string) => {
      const r = await connect(env.url, (await login(env.url, email)).cookie);
      const seen = { count: 0 };
      r.socket.on('announcements.changed', () => seen.count++);
      return seen;
    };
    const [a, b] = await Promise.all([recorder('a@alfa.example'), recorder('b@beta.example')]);
    await publish({ ...base, title: 'Solo Alfa, dal vivo', allEnti: false, enteIds: [world.enteA] }).expect(201);
    await until('the event at Alfa', () => a.count === 1);
    await quiet();
    expect(b.count).toBe(0);
    await publish({ ...base, title: 'Tutti, dal vivo', allEnti: true }).expect(201);
    await until('the event at both', () => a.count === 2 && b.count === 1);
  });
});
