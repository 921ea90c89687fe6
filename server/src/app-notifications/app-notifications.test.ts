import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { until } from '../../test/until';
import { refreshSlaStates } from '../tickets/ticket-jobs';
import { planInApp } from './plan';

describe('in-app notifications (the bell) and the requester card', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let beta: SignedIn;
  let operator: SignedIn;
  let approver: SignedIn;
  let follower: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    await createUser(env.ds, 'a2@alfa.example', 'ente_user', { enti: [world.enteA] });
    [alfa, beta, operator, approver, follower] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('approvatore@cit.example', PASSWORD),
      env.signIn('a2@alfa.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const open = async (who: SignedIn, title: string) =>
    (await who.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title, description: 'Descrizione.' }).expect(201)).body.id as string;
  const bell = async (who: SignedIn) => (await who.agent.get('/api/me/notifications').expect(200)).body as {
    unread: number;
    items: Array<{ id: string; kind: string; ticketId: string; read: boolean; protocol: string }>;
    unreadTickets: string[];
  };
  const waitBell = (who: SignedIn, kind: string, ticketId: string) =>
    until(`${kind} notification`, async () => (await bell(who)).items.find((n) => n.kind === kind && n.ticketId === ticketId));

  it('plans who hears what (pure rule)', () => {
    const created = [{ field: 'status', from: null, to: 'new' }];
    expect(planInApp({ changes: created, assigneeId: null, publicFollowUp: false, approvalRequested: true }).map((p) => p.kind)).toEqual(['new_ticket', 'approval']);
    const reply = [{ field: 'followup', from: null, to: 'f1' }];
    expect(planInApp({ changes: reply, assigneeId: 'u', publicFollowUp: false, approvalRequested: false })).toEqual([]);
    expect(planInApp({ changes: [{ field: 'sla_state', from: 'ok', to: 'at_risk' }], assigneeId: null, publicFollowUp: false, approvalRequested: false })).toEqual([
      { kind: 'sla', to: ['operators'] },
    ]);
  });

  it('tells the staff of a new ticket, the requester and followers of a public reply, never another Ente or the author', async () => {
    const id = await open(alfa, 'Rete lenta in biblioteca');
    await waitBell(operator, 'new_ticket', id);
    expect((await bell(alfa)).items.some((n) => n.ticketId === id)).toBe(false);

    await follower.post(`/api/tickets/${id}/follow`).expect(200);
    await operator.post(`/api/tickets/${id}/actions`, { action: 'take_charge' }).expect(200);
    await operator.post(`/api/tickets/${id}/followups`, { body: 'Nota interna', private: true }).expect(201);
    await operator.post(`/api/tickets/${id}/followups`, { body: 'Stiamo controllando il router.' }).expect(201);
    const reply = await waitBell(alfa, 'reply', id);
    await waitBell(follower, 'reply', id);
    await env.outbox.idle();
    const mine = await bell(alfa);
    // Only the public reply: the private note told nobody on the Ente side.
    expect(mine.items.filter((n) => n.ticketId === id).map((n) => n.kind)).toEqual(['reply']);
    expect(mine.unread).toBeGreaterThanOrEqual(1);
    expect(mine.unreadTickets).toContain(id);
    expect((await bell(beta)).items.some((n) => n.ticketId === id)).toBe(false);

    // Opening the ticket marks its notifications read; someone else's ids change nothing.
    await beta.post('/api/me/notifications/read', { ids: [reply.id] }).expect(200);
    expect((await bell(alfa)).items.find((n) => n.id === reply.id)?.read).toBe(false);
    const after = await alfa.post('/api/me/notifications/read', { ticketId: id }).expect(200);
    expect(after.body.unread).toBe((await bell(alfa)).unread);
    expect((await bell(alfa)).unreadTickets).not.toContain(id);

    // The requester's answer reaches the assignee.
    await alfa.post(`/api/tickets/${id}/followups`, { body: 'Grazie, attendo.' }).expect(201);
    await waitBell(operator, 'reply', id);
  });

  it('tells approvers of a request waiting for them, and the assignee of an SLA at risk', async () => {
    const request = await alfa.postRequest('/api/tickets', { type: 'request', category: 'activation', serviceCode: 'pec', urgency: 'low', title: 'Nuova PEC', description: 'Per il protocollo.', quantity: 1 });
    expect(request.status).toBe(201);
    await waitBell(approver, 'approval', request.body.id as string);

    const id = await open(alfa, 'Scadenza vicina');
    await operator.post(`/api/tickets/${id}/actions`, { action: 'take_charge' }).expect(200);
    // Time runs out: the SLA job writes the state through the ticket service, which queues the notification.
    await env.ds.query(`UPDATE tickets SET resolve_due = now() - interval '1 minute' WHERE id = $1`, [id]);
    await refreshSlaStates(env.ds, env.tickets.service);
    await waitBell(operator, 'sla', id);
  });

  it('marks all read; refuses a malformed request with a field message', async () => {
    await operator.post('/api/me/notifications/read', { all: true }).expect(200);
    expect((await bell(operator)).unread).toBe(0);
    const bad = await operator.post('/api/me/notifications/read', { ids: ['abc'] });
    expect(bad.status).toBe(400);
    expect((await operator.post('/api/me/notifications/read', {})).status).toBe(400);
  });

  it('keeps the desktop-notification preference with the others', async () => {
    const res = await alfa.agent.patch('/api/me/preferences').set('x-csrf-token', alfa.csrfToken).send({ desktopNotifications: true }).expect(200);
    expect(res.body).toEqual({ mailOptOut: false, language: 'it', desktopNotifications: true, phone: null });
    const phone = await alfa.agent.patch('/api/me/preferences').set('x-csrf-token', alfa.csrfToken).send({ phone: '030 1234567' }).expect(200);
    expect(phone.body).toMatchObject({ desktopNotifications: true, phone: '030 1234567' });
    const bad = await alfa.agent.patch('/api/me/preferences').set('x-csrf-token', alfa.csrfToken).send({ phone: 'chiamami' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Telefono');
  });

  it('shows the staff a requester card: contacts, the Ente’s other tickets, active services; nobody else', async () => {
    const first = await open(alfa, 'Primo problema');
    const second = await open(alfa, 'Secondo problema');
    await open(beta, 'Problema di un altro Ente');
    const card = await operator.agent.get(`/api/tickets/${second}/requester-card`).expect(200);
    expect(card.body.requester).toMatchObject({ email: 'a@alfa.example', phone: '030 1234567' });
    expect(card.body.ente.id).toBe(world.enteA);
    const others = card.body.openTickets.map((t: { id: string }) => t.id);
    expect(others).toContain(first);
    expect(others).not.toContain(second);
    expect(card.body.openCount).toBe(others.length);
    expect(Array.isArray(card.body.services)).toBe(true);
    await alfa.agent.get(`/api/tickets/${second}/requester-card`).expect(403);
    await operator.agent.get(`/api/tickets/00000000-0000-4000-8000-000000000000/requester-card`).expect(404);
  });
});
