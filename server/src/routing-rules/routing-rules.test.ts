import nodemailer from 'nodemailer';
import { CSRF_HEADER } from '@cit/shared';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';

/** Monday 2 March 2026, 10:00 in Rome: inside support hours. */
let clock = new Date('2026-03-02T09:00:00Z');

describe('support groups, routing rules and re-triage', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let op: SignedIn;
  let alfa: SignedIn;
  let op2Id: string;

  beforeAll(async () => {
    await sink.start();
    env = await startTestEnv(
      {
        SMTP_URL: sink.url,
        INBOUND_SMTP_PORT: '0',
        INBOUND_SMTP_HOST: '127.0.0.1',
        INBOUND_DOMAIN: 'risposte.test',
        PUBLIC_URL: 'https://helpdesk.example.it',
        RUN_JOBS: 'true',
      },
      { now: () => clock },
    );
    world = await tenantWorld(env.ds);
    op2Id = await createUser(env.ds, 'op2@cit.example', 'operator');
    [admin, op, alfa] = await Promise.all([
      env.signIn('admin@cit.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
    ]);
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  const patch = (who: SignedIn, path: string, body: object) => who.agent.patch(path).set(CSRF_HEADER, who.csrfToken).send(body);
  const put = (who: SignedIn, path: string, body: object) => who.agent.put(path).set(CSRF_HEADER, who.csrfToken).send(body);
  const detail = async (id: string) => (await op.agent.get(`/api/tickets/${id}`).expect(200)).body;
  const openWeb = async (over: object = {}) => {
    const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'low', title: 'PEC non riceve', description: 'Casella piena', ...over });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('admins manage groups and members; the assign action takes a known, active group key only', async () => {
    const created = await admin.post('/api/support-groups', { key: 'pec_team', name: 'Squadra PEC', memberIds: [world.users.operator] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'pec_team', name: 'Squadra PEC', active: true, members: [{ id: world.users.operator, role: 'operator' }], version: 0 });
    // Seeded groups are there with their old keys.
    const list = await op.agent.get('/api/support-groups').expect(200);
    expect(list.body.items.map((g: { key: string }) => g.key)).toEqual(expect.arrayContaining(['primo_livello', 'sistemisti', 'applicativi', 'amministrazione', 'pec_team']));
    expect(list.body.mine).toEqual(['pec_team']);
    // Only staff can be members; the same name twice is refused on its field; operators cannot manage.
    expect((await admin.post('/api/support-groups', { key: 'enti', name: 'Enti', memberIds: [world.users.userA] })).body.error.details.fields[0].path).toBe('memberIds');
    expect((await admin.post('/api/support-groups', { key: 'pec_bis', name: 'squadra pec' })).body.error.details.fields[0].path).toBe('name');
    expect((await op.post('/api/support-groups', { key: 'mia', name: 'Mia' })).status).toBe(403);

    const id = await openWeb();
    const unknown = await op.post(`/api/tickets/${id}/actions`, { action: 'assign', group: 'inesistente' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].path).toBe('group');
    expect((await op.post(`/api/tickets/${id}/actions`, { action: 'assign', group: 'sistemisti' })).status).toBe(200);
    expect((await detail(id)).groupName).toBe('Sistemisti');

    // Deactivated: keeps its tickets, receives no new ones. Stale version: 409. Every change audited.
    expect((await patch(admin, '/api/support-groups/sistemisti', { version: 0, active: false })).status).toBe(200);
    expect((await patch(admin, '/api/support-groups/sistemisti', { version: 0, name: 'Altro' })).status).toBe(409);
    const other = await openWeb();
    expect((await op.post(`/api/tickets/${other}/actions`, { action: 'assign', group: 'sistemisti' })).status).toBe(400);
    const audit = (await env.ds.query(`SELECT action, record_id FROM audit_log WHERE entity = 'support_groups' ORDER BY id`)) as Array<{ action: string; record_id: string }>;
    expect(audit).toEqual([{ action: 'create', record_id: 'pec_team' }, { action: 'update', record_id: 'sistemisti' }]);
    await patch(admin, '/api/support-groups/sistemisti', { version: 1, active: true });

    // "My group": the tickets of any group I belong to.
    await op.post(`/api/tickets/${other}/actions`, { action: 'assign', group: 'pec_team' });
    const mine = await op.agent.get('/api/tickets?group=mine').expect(200);
    expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([other]);
    const notMine = await admin.agent.get('/api/tickets?group=mine').expect(200);
    expect(notMine.body.items).toEqual([]);

    // A view shared with a group is read by its members only.
    const op2 = await env.signIn('op2@cit.example', PASSWORD);
    const view = await admin.post('/api/views', { name: 'Coda PEC', shared: true, groupKey: 'pec_team', definition: { filters: { status: 'open', group: 'mine' } } });
    expect(view.status).toBe(201);
    expect(view.body.group).toEqual({ key: 'pec_team', name: 'Squadra PEC' });
    const seen = async (who: SignedIn) => ((await who.agent.get('/api/views').expect(200)).body.items as Array<{ id: string }>).some((v) => v.id === view.body.id);
    expect(await seen(op)).toBe(true);
    expect(await seen(op2)).toBe(false);
    expect((await op2.agent.patch(`/api/views/${view.body.id as string}`).set(CSRF_HEADER, op2.csrfToken).send({ version: 0, name: 'x' })).status).toBe(404);
    const unknownGroup = await admin.post('/api/views', { name: 'Altra', shared: true, groupKey: 'nessuno', definition: { filters: { status: 'open' } } });
    expect(unknownGroup.body.error.details.fields[0].path).toBe('groupKey');
  });

  it('a rule fires on a web ticket and on an e-mail ticket through the real inbound path', async () => {
    const pecRule = await admin.post('/api/routing-rules', {
      name: 'PEC al team',
      conditions: { types: ['incident'], enteIds: [world.enteA] },
      actions: { groupKey: 'pec_team', urgency: 'high', label: 'pec' },
    });
    expect(pecRule.status).toBe(201);
    // The rules page reads the Enti a rule names with their names, to show and edit them.
    const listed = (await admin.agent.get('/api/routing-rules').expect(200)).body.items as Array<{ id: string; enti: Array<{ id: string; name: string }> }>;
    expect(listed.find((r) => r.id === pecRule.body.id)?.enti).toEqual([{ id: world.enteA, name: expect.any(String) }]);
    const mailRule = await admin.post('/api/routing-rules', {
      name: 'E-mail a op2',
      conditions: { channels: ['email'] },
      actions: { assigneeId: op2Id, label: 'via e-mail' },
    });
    expect(mailRule.status).toBe(201);
    // A rule naming an unknown group is refused on that action's field.
    const bad = await admin.post('/api/routing-rules', { name: 'x', conditions: {}, actions: { groupKey: 'nessuno' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('actions.groupKey');

    const web = await detail(await openWeb());
    expect(web).toMatchObject({ group: 'pec_team', groupName: 'Squadra PEC', urgency: 'high', labels: ['pec'], channel: 'web', status: 'new' });
    expect(web.timeline.find((e: { field?: string }) => e.field === 'routing_rule')?.to).toBe('PEC al team');
    // The SLA follows the rule's urgency: high resolves within 7 support hours (Monday 10:00 → Tuesday 10:00 Rome).
    expect(web.resolveDue).toBe('2026-03-03T09:00:00.000Z');
    // Labels and the rule are the CIT's triage: the Ente does not see them.
    const asEnte = (await alfa.agent.get(`/api/tickets/${web.id as string}`).expect(200)).body;
    expect(asEnte.labels).toEqual([]);
    expect(asEnte.timeline.some((e: { field?: string }) => e.field === 'routing_rule' || e.field === 'labels')).toBe(false);
    expect((await alfa.agent.get('/api/tickets?label=pec').expect(200)).body.items).toEqual([]);
    const labelled = await op.agent.get('/api/tickets?label=pec').expect(200);
    expect(labelled.body.items.map((t: { id: string }) => t.id)).toContain(web.id);

    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: env.notifications.inboundPort()!, secure: false, ignoreTLS: true });
    await smtp.sendMail({ from: 'a@alfa.example', to: 'assistenza@risposte.test', subject: 'Scanner fermo', text: 'Lo scanner non si accende.' });
    const [row] = (await env.ds.query(`SELECT id FROM tickets WHERE title = 'Scanner fermo'`)) as Array<{ id: string }>;
    const mail = await detail(row!.id);
    // Type "request" from e-mail: the first rule (incidents) does not match, the e-mail rule does.
    expect(mail).toMatchObject({ channel: 'email', assignee: { id: op2Id }, status: 'assigned', labels: ['via e-mail'], description: 'Lo scanner non si accende.' });
    // Someone who is not an Ente referent cannot open tickets by e-mail.
    await expect(smtp.sendMail({ from: 'ignoto@example.org', to: 'assistenza@risposte.test', subject: 'Spam', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });

    // Dry run: which rule would fire now, without changing anything.
    const dry = await op.agent.get(`/api/tickets/${web.id}/routing`).expect(200);
    expect(dry.body).toMatchObject({ rule: { name: 'PEC al team', position: 1 }, evaluated: 2 });
    expect((await alfa.agent.get(`/api/tickets/${web.id}/routing`)).status).toBe(403);

    // Reordered, the e-mail rule comes first; disabled, it is skipped.
    const order = await put(admin, '/api/routing-rules/order', { ids: [mailRule.body.id, pecRule.body.id] });
    expect(order.status).toBe(200);
    expect(order.body.items.map((r: { name: string }) => r.name)).toEqual(['E-mail a op2', 'PEC al team']);
    expect((await put(admin, '/api/routing-rules/order', { ids: [mailRule.body.id] })).status).toBe(409);
    // Moving a rule changes its version: an edit from before the move is refused.
    expect((await patch(admin, `/api/routing-rules/${pecRule.body.id}`, { version: 0, enabled: false })).status).toBe(409);
    const disabled = await patch(admin, `/api/routing-rules/${pecRule.body.id}`, { version: 1, enabled: false });
    expect(disabled.status).toBe(200);
    expect((await op.agent.get(`/api/tickets/${web.id}/routing`).expect(200)).body.rule).toBeNull();
    await patch(admin, `/api/routing-rules/${pecRule.body.id}`, { version: disabled.body.version, enabled: true });
  });

  it('re-triage recomputes the SLA from the new urgency keeping the time counted, re-routes, and mails the requester', async () => {
    const id = await openWeb({ type: 'request', urgency: 'medium' });
    const before = await detail(id);
    // Medium: resolve within 14 support hours from Monday 10:00 → Wednesday 10:00 Rome.
    expect(before.resolveDue).toBe('2026-03-04T09:00:00.000Z');
    clock = new Date('2026-03-02T11:00:00Z'); // two support hours later
    const res = await op.post(`/api/tickets/${id}/retriage`, { urgency: 'blocking', type: 'incident', reason: 'Ufficio fermo' });
    expect(res.status).toBe(200);
    // Blocking: 4 support hours from creation (10:00) → 15:00 Rome (lunch break 13–14).
    expect(res.body.resolveDue).toBe('2026-03-02T14:00:00.000Z');
    expect(res.body.urgency).toBe('blocking');
    // Now an incident of Alfa: the PEC rule fires again (its urgency yields to the one chosen by the operator).
    expect(res.body).toMatchObject({ type: 'incident', group: 'pec_team', labels: ['pec'] });
    const fields = res.body.timeline.filter((e: { kind: string }) => e.kind === 'history').map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['urgency', 'type', 'resolve_due', 'take_charge_due', 'retriage_reason', 'routing_rule']));
    const mail = await until('re-triage mail', () => sink.to('a@alfa.example').find((m) => /riclassificata/.test(m.subject ?? '') && m.text?.includes('Bloccante')));
    expect(mail.text).toContain('da «Media» a «Bloccante»');
    expect(mail.text).toContain('Ufficio fermo');

    // Bad input names the field; the Ente cannot re-triage; a closed ticket cannot be.
    const bad = await op.post(`/api/tickets/${id}/retriage`, { urgency: 'subito' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('urgency');
    expect((await op.post(`/api/tickets/${id}/retriage`, { category: 'activation' })).body.error.details.fields[0].path).toBe('category');
    expect((await op.post(`/api/tickets/${id}/retriage`, { enteId: '00000000-0000-4000-8000-000000000009' })).body.error.details.fields[0].path).toBe('enteId');
    expect((await alfa.post(`/api/tickets/${id}/retriage`, { urgency: 'low' })).status).toBe(403);
    const moved = await op.post(`/api/tickets/${id}/retriage`, { enteId: world.enteB });
    expect(moved.status).toBe(200);
    expect(moved.body.ente.id).toBe(world.enteB);
  });
});
