import { Queue } from 'bullmq';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { authContextFor } from '../auth/auth.middleware';
import { AuthService } from '../auth/auth.service';
import { QUEUE_NAME } from '../platform/jobs/jobs';
import { Ticket } from '../tickets/ticket.entity';
import { ticketsModule } from '../tickets/tickets.module';
import { autoCloseSolved, refreshSlaStates } from '../tickets/ticket-jobs';
import type { AuthContext } from '../auth/context';

/** Instants in Europe/Rome winter time (UTC+1) unless they say otherwise. */
const rome = (local: string) => new Date(`${local}+01:00`);

describe('SLA clocks on tickets', () => {
  let env: TestEnv;
  let clock: Date;
  let tickets: ReturnType<typeof ticketsModule>;
  let ente: AuthContext;
  let operator: AuthContext;

  beforeAll(async () => {
    env = await startTestEnv();
    const world = await tenantWorld(env.ds);
    tickets = ticketsModule(env.ds, env.config, () => clock);
    const resolve = authContextFor(env.ds, new AuthService(env.ds));
    ente = (await resolve(world.users.userA))!;
    operator = (await resolve(world.users.operator))!;
  });
  afterAll(() => env.close());

  const load = (id: string) => env.ds.getRepository(Ticket).findOneByOrFail({ id });
  const create = (urgency: 'medium' | 'high' = 'medium') =>
    tickets.service.create(
      ente,
      { type: 'request', category: 'assistance', urgency, title: 'Richiesta', description: 'Testo', quantity: 1, unitLabels: [], targetRecordIds: [] },
      [],
    );

  it('counts support hours only, and pending stops both clocks until resumed', async () => {
    clock = rome('2026-01-12T09:00:00'); // Monday
    const id = await create();
    let t = await load(id);
    expect(t.takeChargeDue).toEqual(rome('2026-01-12T13:00:00')); // 4 h: 9-13
    expect(t.resolveDue).toEqual(rome('2026-01-13T17:00:00')); // 14 h = two support days, lunch excluded

    clock = rome('2026-01-12T10:00:00');
    await tickets.service.act(operator, id, { action: 'suspend', reason: 'In attesa di risposta dal Comune' });
    t = await load(id);
    expect([t.status, t.slaState, t.takeChargeDue, t.resolveDue]).toEqual(['pending', 'paused', null, null]);
    expect([t.takeChargeRemaining, t.resolveRemaining]).toEqual([180, 780]);

    clock = rome('2026-01-14T09:00:00'); // two days later: nothing ran out while pending
    expect(await refreshSlaStates(env.ds, tickets.service)).toBe(0);
    await tickets.service.act(operator, id, { action: 'resume' });
    t = await load(id);
    expect(t.status).toBe('new');
    expect(t.takeChargeDue).toEqual(rome('2026-01-14T12:00:00')); // the 180 minutes left
    expect(t.resolveDue).toEqual(rome('2026-01-15T16:00:00'));
    expect(t.slaState).toBe('ok');

    clock = rome('2026-01-14T11:30:00'); // 210 of 240 minutes used: at risk
    expect(await refreshSlaStates(env.ds, tickets.service)).toBe(1);
    expect((await load(id)).slaState).toBe('at_risk');

    clock = rome('2026-01-14T12:01:00');
    await refreshSlaStates(env.ds, tickets.service);
    expect((await load(id)).slaState).toBe('breached');

    // A late take charge stays a breach, with the due dates kept for the record.
    clock = rome('2026-01-14T12:30:00');
    await tickets.service.act(operator, id, { action: 'take_charge' });
    t = await load(id);
    expect([t.status, t.slaState]).toEqual(['assigned', 'breached']);
    const list = await tickets.queries.list(operator, { limit: 50, slaState: ['breached'] });
    expect(list.items.map((i) => i.id)).toContain(id);
  });

  it('uses the urgency targets and skips Brescia holidays (15 February)', async () => {
    clock = rome('2026-02-13T16:00:00'); // Friday; Monday the 16th is a working day, Sunday 15th is the patron day anyway
    const id = await create('high');
    expect((await load(id)).takeChargeDue).toEqual(rome('2026-02-16T10:00:00'));
    clock = rome('2027-02-12T16:30:00'); // Friday; Monday 15 February 2027 is the patron day
    const id2 = await create('high');
    expect((await load(id2)).takeChargeDue).toEqual(rome('2027-02-16T10:30:00'));
  });

  it('closes solved tickets after the configured days, not before, and not if reopened', async () => {
    clock = rome('2026-03-02T10:00:00');
    const a = await create();
    const b = await create();
    for (const id of [a, b]) {
      await tickets.service.act(operator, id, { action: 'take_charge' });
      await tickets.service.act(operator, id, { action: 'solve', solution: 'Fatto' });
    }
    clock = rome('2026-03-05T10:00:00');
    await tickets.service.addFollowUp(ente, b, { body: 'Il problema si ripresenta', private: false }, []);
    expect((await load(b)).status).toBe('assigned');

    clock = rome('2026-03-08T10:00:00');
    expect(await autoCloseSolved(env.ds, tickets.service, 7)).toBe(0);
    clock = rome('2026-03-09T10:00:01');
    expect(await autoCloseSolved(env.ds, tickets.service, 7)).toBe(1);
    expect((await load(a)).status).toBe('closed');
    expect((await load(b)).status).toBe('assigned');
    expect(await autoCloseSolved(env.ds, tickets.service, 7)).toBe(0);
  });
});

it('registers the repeatable jobs in BullMQ and runs them', async () => {
  const env = await startTestEnv({ RUN_JOBS: 'true' });
  const queue = new Queue(QUEUE_NAME, { connection: { url: env.config.REDIS_URL }, prefix: `${env.config.REDIS_PREFIX}:bull` });
  try {
    const deadlineSchedules = Date.now() + 10_000;
    while ((await queue.getJobSchedulersCount()) < 6 && Date.now() < deadlineSchedules) await new Promise((r) => setTimeout(r, 100));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['personal-data.retention', 'platform.purge', 'services.reconcile', 'services.renew', 'sla.refresh', 'tickets.auto-close']);
    const deadline = Date.now() + 15_000;
    while ((await queue.getCompletedCount()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await queue.getCompletedCount()).toBeGreaterThanOrEqual(2);
    expect(await queue.getFailedCount()).toBe(0);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await env.close();
  }
});

it('publishes targets and closed days, and lets admins change a target', async () => {
  const env = await startTestEnv();
  try {
    await tenantWorld(env.ds);
    const alfa = await env.signIn('a@alfa.example', PASSWORD);
    const sla = await alfa.agent.get('/api/sla').query({ from: 2026, to: 2027 }).expect(200);
    expect(sla.body.targets[0]).toEqual({ urgency: 'blocking', takeChargeMinutes: 60, resolveMinutes: 240, version: 0 });
    expect(sla.body.calendar.closedDays['2026']).toEqual(expect.arrayContaining(['01-01', '02-15', '04-06', '12-26']));
    expect(sla.body.calendar.closedDays['2027']).toContain('03-29'); // Easter Monday 2027
    await alfa.agent.put('/api/sla/targets/high').set('x-csrf-token', alfa.csrfToken).send({ takeChargeMinutes: 60, resolveMinutes: 300, version: 0 }).expect(403);
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const bad = await admin.agent.put('/api/sla/targets/high').set('x-csrf-token', admin.csrfToken).send({ takeChargeMinutes: 600, resolveMinutes: 300, version: 0 });
    expect(bad.status).toBe(400);
    await admin.agent.put('/api/sla/targets/high').set('x-csrf-token', admin.csrfToken).send({ takeChargeMinutes: 90, resolveMinutes: 300, version: 0 }).expect(200);
    const after = await alfa.agent.get('/api/sla').expect(200);
    expect(after.body.targets[1]).toEqual({ urgency: 'high', takeChargeMinutes: 90, resolveMinutes: 300, version: 1 });
    // Saved over by someone who read version 0: refused, naming who changed it.
    const stale = await admin.agent.put('/api/sla/targets/high').set('x-csrf-token', admin.csrfToken).send({ takeChargeMinutes: 60, resolveMinutes: 300, version: 0 });
    expect([stale.status, stale.body.error.code, stale.body.error.details.current]).toEqual([409, 'stale_version', { urgency: 'high', takeChargeMinutes: 90, resolveMinutes: 300, version: 1 }]);
  } finally {
    await env.close();
  }
});
