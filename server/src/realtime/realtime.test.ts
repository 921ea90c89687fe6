import { randomUUID } from 'node:crypto';
import { CSRF_HEADER, LIVE_TICKET_STATUSES, TICKET_STATUSES, type TicketChangedEvent } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { tenantWorld } from '../../test/fixtures';
import { clients, connect, disconnected, login, open, quiet, received, refusal, until, watch, type Client, type Recorder } from '../../test/live-client';
import { startServer, type Runtime } from '../runtime';
import { WATCH_ERRORS } from './realtime';

function ticketEvent(enteId: string, change: TicketChangedEvent['change'] = 'status'): TicketChangedEvent {
  return { ticketId: randomUUID(), enteId, change, status: 'assigned', at: new Date().toISOString() };
}


describe('live events', () => {
  let env: TestEnv;
  /** A second server process on the same database and Redis, which lets chosen tickets be followed. */
  let other: Runtime;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  const followable = randomUUID();
  let userA: Recorder;
  let userB: Recorder;
  let operator: Recorder;
  let supplier: Recorder;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    other = await startServer(env.config, {
      logger: env.logger,
      canViewTicket: (_auth, ticketId) => Promise.resolve(ticketId === followable),
    });
    const signedIn = async (email: string) => connect(env.url, (await login(env.url, email)).cookie);
    [userA, userB, operator, supplier] = await Promise.all([
      signedIn('a@alfa.example'),
      signedIn('b@beta.example'),
      signedIn('op@cit.example'),
      signedIn('pec@fornitore.example'),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await other?.stop();
    await env?.close();
  });

  it('keeps the wire statuses in step with the tickets module', () => {
    expect([...LIVE_TICKET_STATUSES]).toEqual([...TICKET_STATUSES]);
  });

  it('refuses a connection without a session, in Italian', async () => {
    const err = await refusal(open(env.url));
    expect(err.message).toBe('Sessione non valida: acceda di nuovo.');
    expect(err.data).toEqual({ code: 'unauthorized' });
  });

  it('refuses a forged or ended session cookie', async () => {
    const forged = await refusal(open(env.url, 'cit.sid=s%3Anope.bm90LXNpZ25lZA'));
    expect(forged.data).toEqual({ code: 'unauthorized' });

    const session = await login(env.url, 'u@gamma.example');
    const out = await fetch(`${env.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: session.cookie, [CSRF_HEADER]: session.csrfToken },
    });
    expect(out.status).toBe(204);
    const ended = await refusal(open(env.url, session.cookie, { websocketOnly: true }));
    expect(ended.data).toEqual({ code: 'unauthorized' });
  });

  it('refuses pages of a foreign origin even with a valid cookie', async () => {
    const { cookie } = await login(env.url, 'a@alfa.example');
    await refusal(open(env.url, cookie, { websocketOnly: true, origin: 'https://attacker.example' }));
    // The same cookie from the product's own origin is fine.
    const host = new URL(env.url).host;
    const ok = open(env.url, cookie, { websocketOnly: true, origin: `http://${host}` });
    await until('same-origin connect', () => ok.connected);
  });

  it('accepts the session cookie over WebSocket-only transport too', async () => {
    const { cookie } = await login(env.url, 'm@gamma-alta.example');
    const r = await connect(env.url, cookie, true);
    expect(r.socket.connected).toBe(true);
  });

  it("sends an Ente's ticket event to that Ente and to staff only, with ids only", async () => {
    const e = ticketEvent(world.enteA);
    env.realtime.publishTicket({ ...e, supplierId: null });
    await until('userA and operator', () => received(userA, e).length > 0 && received(operator, e).length > 0);
    await quiet();
    expect(received(userA, e)).toEqual([e]);
    expect(received(operator, e)).toEqual([e]);
    expect(received(userB, e)).toEqual([]);
    expect(received(supplier, e)).toEqual([]);
  });

  it('sends a supplier-assigned ticket to the supplier, without naming the supplier', async () => {
    const e = ticketEvent(world.enteB, 'followup');
    env.realtime.publishTicket({ ...e, supplierId: await supplierId(env) });
    await until('supplier, userB and operator', () => [supplier, userB, operator].every((r) => received(r, e).length > 0));
    await quiet();
    expect(received(supplier, e)).toEqual([e]);
    expect(Object.keys(received(supplier, e)[0]!)).not.toContain('supplierId');
    expect(received(userA, e)).toEqual([]);
  });

  it('tells queue screens of the Ente, the supplier and staff to refetch counts', async () => {
    const before = { a: userA.counts, b: userB.counts, op: operator.counts, sup: supplier.counts };
    env.realtime.publishCounts({ enteId: world.enteA, supplierId: await supplierId(env) });
    await until('counts', () => userA.counts > before.a && operator.counts > before.op && supplier.counts > before.sup);
    await quiet();
    expect(userB.counts).toBe(before.b);
    expect(operator.counts).toBe(before.op + 1);
  });

  it('refuses to follow a ticket the user cannot see, or a malformed id', async () => {
    expect(await watch(userA.socket, randomUUID())).toEqual({ ok: false, error: WATCH_ERRORS.notFound });
    expect(await watch(userA.socket, 'not-a-uuid')).toEqual({ ok: false, error: WATCH_ERRORS.invalidId });
  });

  it('follows a visible ticket, delivers each event once, and stops after unwatch', async () => {
    const b = await connect(other.url, (await login(other.url, 'b@beta.example')).cookie);
    const op = await connect(other.url, (await login(other.url, 'op@cit.example')).cookie);
    expect(await watch(b.socket, randomUUID())).toEqual({ ok: false, error: WATCH_ERRORS.notFound });
    expect(await watch(b.socket, followable)).toEqual({ ok: true });
    expect(await watch(op.socket, followable)).toEqual({ ok: true });

    // Ente A's ticket reaches B's user only through the ticket room; the operator is in two rooms.
    const e: TicketChangedEvent = { ticketId: followable, enteId: world.enteA, change: 'updated', at: new Date().toISOString() };
    other.realtime.publishTicket(e);
    await until('watchers', () => b.tickets.length > 0 && op.tickets.length > 0);
    await quiet();
    expect(b.tickets).toEqual([e]);
    expect(op.tickets).toEqual([e]);

    b.socket.emit('ticket.unwatch', followable);
    // The ack of a later watch proves the unwatch was processed (events of one socket are handled in order).
    await watch(b.socket, 'not-a-uuid');
    const again = { ...e, at: new Date().toISOString() };
    other.realtime.publishTicket(again);
    await until('operator', () => op.tickets.length > 1);
    await quiet();
    expect(b.tickets).toEqual([e]);
  });

  it('delivers events published by another server process (Redis streams adapter)', async () => {
    const fromOther = { ...ticketEvent(world.enteA), ticketId: randomUUID() };
    // The other process's stream reader starts on its own schedule: repeat until it is listening.
    await until('cross-process delivery', () => {
      if (received(userA, fromOther).length === 0) other.realtime.publishTicket(fromOther);
      return received(userA, fromOther).length > 0;
    });
    const onOther = await connect(other.url, (await login(other.url, 'a@alfa.example')).cookie);
    const fromEnv = ticketEvent(world.enteA);
    await until('reverse delivery', () => {
      if (received(onOther, fromEnv).length === 0) env.realtime.publishTicket(fromEnv);
      return received(onOther, fromEnv).length > 0;
    });
  });

  it('drops the sockets of a user everywhere on request, and of disabled users on re-check', async () => {
    const { cookie } = await login(env.url, 'admin@cit.example');
    const here = await connect(env.url, cookie);
    const there = await connect(other.url, cookie);
    const gone = Promise.all([disconnected(here.socket), disconnected(there.socket)]);
    await until('both processes dropping the user', () => {
      if (here.socket.connected || there.socket.connected) other.realtime.disconnectUser(world.users.admin);
      return !here.socket.connected && !there.socket.connected;
    });
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);

    const member = await connect(env.url, (await login(env.url, 'm@gamma-alta.example')).cookie);
    await env.realtime.revalidate();
    expect(member.socket.connected).toBe(true);
    await env.ds.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [world.users.member]);
    const dropped = disconnected(member.socket);
    await env.realtime.revalidate();
    expect(await dropped).toBe('io server disconnect');
    expect(userA.socket.connected).toBe(true);
  });
});

async function supplierId(env: TestEnv): Promise<string> {
  const [row] = (await env.ds.query(`SELECT id FROM suppliers LIMIT 1`)) as Array<{ id: string }>;
  return row!.id;
}

it('keeps serving live events inside one process while Redis is down', async () => {
  const env = await startTestEnv({ REDIS_URL: 'redis://127.0.0.1:1' });
  const local: Client[] = [];
  try {
    const world = await tenantWorld(env.ds);
    const a = await connect(env.url, (await login(env.url, 'a@alfa.example')).cookie);
    local.push(a.socket);
    const e = ticketEvent(world.enteA);
    env.realtime.publishTicket(e);
    await until('local delivery', () => received(a, e).length > 0);
    expect(received(a, e)).toEqual([e]);
  } finally {
    for (const c of local) c.disconnect();
    await env.close();
  }
});
