import { CSRF_HEADER } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { clients, connect, disconnected, login, quiet, until, watch, type Recorder } from '../../test/live-client';
import { rooms } from './realtime';

/**
 * Live access ends with the change that ends it: no socket keeps a room (scope or followed ticket) its user may no
 * longer have, and no socket outlives its session or its account. The periodic re-check is set to its 5-minute
 * default here, so nothing below can pass thanks to it.
 */
describe('live connections lose access at once', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let op: SignedIn;
  let admin: SignedIn;
  let opLive: Recorder;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    [op, admin] = await Promise.all([env.signIn('op@cit.example', PASSWORD), env.signIn('admin@cit.example', PASSWORD)]);
    opLive = await connect(env.url, (await login(env.url, 'op@cit.example')).cookie);
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await env.close();
  });

  async function openTicket(enteId: string): Promise<string> {
    const res = await op.post('/api/tickets', {
      type: 'incident',
      category: 'assistance',
      urgency: 'high',
      title: 'Casella PEC piena',
      description: 'La casella PEC del protocollo non riceve più messaggi.',
      enteId,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const act = async (ticketId: string, body: object) => expect((await op.post(`/api/tickets/${ticketId}/actions`, body)).status).toBe(200);
  const note = async (ticketId: string, text: string) =>
    expect((await op.post(`/api/tickets/${ticketId}/followups`, { body: text })).status).toBe(201);
  const eventsOf = (r: Recorder, ticketId: string) => r.tickets.filter((t) => t.ticketId === ticketId);

  async function roomsOf(socketId: string): Promise<Set<string>> {
    const [socket] = (await env.realtime.io.fetchSockets()).filter((s) => s.id === socketId);
    return socket ? socket.rooms : new Set();
  }

  it('stops a supplier receiving a ticket the moment it is reassigned to another supplier', async () => {
    const [{ id: otherSupplier }] = (await env.ds.query(`INSERT INTO suppliers (name) VALUES ('Altro fornitore') RETURNING id`)) as [{ id: string }];
    const [{ id: ourSupplier }] = (await env.ds.query(`SELECT supplier_id AS id FROM users WHERE id = $1`, [world.users.supplier])) as [{ id: string }];
    const ticketId = await openTicket(world.enteA);
    await act(ticketId, { action: 'assign', supplierId: ourSupplier });

    const supplier = await connect(env.url, (await login(env.url, 'pec@fornitore.example')).cookie);
    expect(await watch(supplier.socket, ticketId)).toEqual({ ok: true });
    await note(ticketId, 'Verificate le quote della casella.');
    await until('the supplier sees the follow-up', () => eventsOf(supplier, ticketId).length > 0);
    const seen = eventsOf(supplier, ticketId).length;

    await act(ticketId, { action: 'assign', supplierId: otherSupplier });
    await note(ticketId, 'Passato all’altro fornitore.');
    // The operator (staff room) gets both events: the positive control that they were published.
    await until('the operator sees the reassignment and the note', () => eventsOf(opLive, ticketId).length >= 3);
    await quiet();
    expect(eventsOf(supplier, ticketId)).toHaveLength(seen);
    expect((await roomsOf(supplier.socket.id!)).has(rooms.ticket(ticketId))).toBe(false);
    // The API agrees: the ticket is no longer the supplier's.
    const supplierApi = await env.signIn('pec@fornitore.example', PASSWORD);
    expect((await supplierApi.agent.get(`/api/tickets/${ticketId}`)).status).toBe(404);
  });

  it('drops an Ente user from the Ente and ticket rooms as soon as an admin changes their Enti', async () => {
    const ticketId = await openTicket(world.enteA);
    const alfa = await connect(env.url, (await login(env.url, 'a@alfa.example')).cookie);
    expect(await watch(alfa.socket, ticketId)).toEqual({ ok: true });
    const before = await roomsOf(alfa.socket.id!);
    expect(before.has(rooms.ente(world.enteA))).toBe(true);

    const res = await admin.agent.patch(`/api/admin/users/${world.users.userA}`).set(CSRF_HEADER, admin.csrfToken).send({ enteIds: [world.enteB] });
    expect(res.status).toBe(200);
    // The rooms are recomputed right after the commit, alongside the answer: a moment, not the 5-minute re-check.
    let after = await roomsOf(alfa.socket.id!);
    for (let i = 0; i < 50 && after.has(rooms.ente(world.enteA)); i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await roomsOf(alfa.socket.id!);
    }
    expect(after.has(rooms.ente(world.enteA))).toBe(false);
    expect(after.has(rooms.ticket(ticketId))).toBe(false);
    expect(after.has(rooms.ente(world.enteB))).toBe(true);

    await note(ticketId, 'Nota dopo il cambio di Ente.');
    await until('the operator sees the note', () => eventsOf(opLive, ticketId).length >= 2);
    await quiet();
    expect(eventsOf(alfa, ticketId)).toEqual([]);
  });

  it('closes the live connection of a session at logout, and only that one', async () => {
    const first = await login(env.url, 'b@beta.example');
    const second = await login(env.url, 'b@beta.example');
    const ending = await connect(env.url, first.cookie);
    const staying = await connect(env.url, second.cookie);
    const dropped = disconnected(ending.socket);
    const out = await fetch(`${env.url}/api/auth/logout`, { method: 'POST', headers: { cookie: first.cookie, [CSRF_HEADER]: first.csrfToken } });
    expect(out.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    await quiet();
    expect(staying.socket.connected).toBe(true);
  });

  it("drops a user's sockets as soon as an admin disables the account", async () => {
    const member = await connect(env.url, (await login(env.url, 'm@gamma-alta.example')).cookie);
    const dropped = disconnected(member.socket);
    const res = await admin.agent.patch(`/api/admin/users/${world.users.member}`).set(CSRF_HEADER, admin.csrfToken).send({ disabled: true });
    expect(res.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
  });
});
