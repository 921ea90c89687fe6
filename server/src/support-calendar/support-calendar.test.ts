import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { authContextFor } from '../auth/auth.middleware';
import { AuthService } from '../auth/auth.service';
import type { AuthContext } from '../auth/context';
import { createDataSource } from '../platform/db/data-source';
import { Ticket } from '../tickets/ticket.entity';
import { refreshSlaStates } from '../tickets/ticket-jobs';
import { ticketsModule, type TicketsModule } from '../tickets/tickets.module';

/** Instants in Europe/Rome winter time (UTC+1). */
const rome = (local: string) => new Date(`${local}+01:00`);

describe('the support calendar edited by admins', () => {
  let env: TestEnv;
  let clock: Date;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let ente: AuthContext;
  let operator: AuthContext;

  beforeAll(async () => {
    env = await startTestEnv({}, { now: () => clock });
    world = await tenantWorld(env.ds);
    admin = await env.signIn('admin@cit.example', PASSWORD);
    const resolve = authContextFor(env.ds, new AuthService(env.ds));
    ente = (await resolve(world.users.userA))!;
    operator = (await resolve(world.users.operator))!;
  });
  afterAll(() => env.close());

  const load = (id: string) => env.ds.getRepository(Ticket).findOneByOrFail({ id });
  const create = (tickets: TicketsModule = env.tickets) =>
    tickets.service.create(
      ente,
      { type: 'request', category: 'assistance', urgency: 'medium', title: 'Richiesta', description: 'Testo', quantity: 1, unitLabels: [], targetRecordIds: [] },
      [],
    );
  const calendar = () => admin.agent.get('/api/sla/calendar').query({ year: 2027 }).expect(200);
  const addClosure = (body: object) => admin.post('/api/sla/calendar/closures', body);
  const removeAll = async () => {
    for (const c of (await calendar()).body.closures as Array<{ id: string }>) {
      await admin.agent.delete(`/api/sla/calendar/closures/${c.id}`).set('x-csrf-token', admin.csrfToken).expect(200);
    }
  };

  it('shows the Brescia calendar seeded by the migration, with the national holidays of the year', async () => {
    const res = await calendar();
    expect(res.body).toMatchObject({
      timeZone: 'Europe/Rome',
      country: 'IT',
      workingDays: [1, 2, 3, 4, 5],
      hours: [['09:00', '13:00'], ['14:00', '17:00']],
      patronDay: '02-15',
      closures: [],
    });
    expect(res.body.publicHolidays).toEqual(expect.arrayContaining([{ date: '2027-03-29', name: 'Lunedì dell’Angelo' }]));
    const enteUser = await env.signIn('a@alfa.example', PASSWORD);
    await enteUser.agent.get('/api/sla/calendar').expect(403);
    await enteUser.post('/api/sla/calendar/closures', { date: '2027-12-24', reason: 'Ponte' }).expect(403);
  });

  it('an extra closure moves the due time of new tickets and of running clocks over that day, not what is stopped or already counted', async () => {
    clock = rome('2027-12-23T09:00:00'); // Thursday; Friday 24 is an ordinary working day so far
    const running = await create();
    expect((await load(running)).resolveDue).toEqual(rome('2027-12-24T17:00:00')); // 14 h: 7 on the 23rd, 7 on the 24th
    const solved = await create();
    const pending = await create();
    clock = rome('2027-12-23T09:30:00');
    await env.tickets.service.act(operator, running, { action: 'take_charge' });
    await env.tickets.service.act(operator, solved, { action: 'take_charge' });
    await env.tickets.service.act(operator, solved, { action: 'solve', solution: 'Fatto' });
    await env.tickets.service.act(operator, pending, { action: 'suspend', reason: 'In attesa del Comune' });
    const solvedBefore = await load(solved);
    const pendingBefore = await load(pending);

    clock = rome('2027-12-23T15:00:00');
    const saved = await addClosure({ date: '2027-12-24', reason: 'Ponte natalizio' }).expect(201);
    expect(saved.body.closures).toEqual([{ id: expect.any(String), date: '2027-12-24', everyYear: null, reason: 'Ponte natalizio' }]);

    // 9 h were left at 15:00: the 2 h of the 23rd are still there, the 7 h of the 24th go to Monday 27.
    const moved = await load(running);
    expect(moved.resolveDue).toEqual(rome('2027-12-27T17:00:00'));
    expect(moved.takeChargeDue).toEqual(rome('2027-12-23T13:00:00')); // taken at 09:30: that clock stopped, kept for the record
    const history = (await env.ds.query(`SELECT field, from_value, to_value FROM ticket_history WHERE ticket_id = $1 AND field = 'resolve_due'`, [
      running,
    ])) as Array<{ from_value: string; to_value: string }>;
    expect(history).toEqual([{ field: 'resolve_due', from_value: rome('2027-12-24T17:00:00').toISOString(), to_value: rome('2027-12-27T17:00:00').toISOString() }]);

    // Stopped clocks keep their minutes: they meet the new calendar when they run again.
    const [solvedAfter, pendingAfter] = [await load(solved), await load(pending)];
    expect([solvedAfter.resolveDue, solvedAfter.resolveRemaining, solvedAfter.updatedAt]).toEqual([null, solvedBefore.resolveRemaining, solvedBefore.updatedAt]);
    expect([pendingAfter.takeChargeRemaining, pendingAfter.resolveRemaining, pendingAfter.updatedAt]).toEqual([
      pendingBefore.takeChargeRemaining,
      pendingBefore.resolveRemaining,
      pendingBefore.updatedAt,
    ]);

    // A ticket opened now skips the 24th: 2 h today, 2 h on Monday.
    const fresh = await create();
    expect((await load(fresh)).takeChargeDue).toEqual(rome('2027-12-27T11:00:00'));
    // The browser's countdowns get the closure with the other closed days.
    const sla = await admin.agent.get('/api/sla').query({ from: 2027, to: 2027 }).expect(200);
    expect(sla.body.calendar.closedDays['2027']).toContain('12-24');

    // The change is in the audit log with before and after.
    const audit = await admin.agent.get('/api/admin/audit').query({ entity: 'support_calendar' }).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      entity: 'support_calendar',
      action: 'update',
      actor: { id: world.users.admin },
      before: { closures: [] },
      after: { closures: [{ date: '2027-12-24', everyYear: null, reason: 'Ponte natalizio' }] },
    });

    // Removing it gives the running clock its Friday back.
    await removeAll();
    expect((await load(running)).resolveDue).toEqual(rome('2027-12-24T17:00:00'));
  });

  it('refuses bad input naming the field, a day closed twice, and a stale version', async () => {
    const { version } = (await calendar()).body as { version: number };
    const overlapping = await admin.agent
      .put('/api/sla/calendar')
      .set('x-csrf-token', admin.csrfToken)
      .send({ workingDays: [1, 2, 3, 4, 5], hours: [['09:00', '13:00'], ['12:00', '17:00']], patronDay: '02-15', version })
      .expect(400);
    expect(overlapping.body.error.details.fields).toEqual([{ path: 'hours.1.0', message: 'La fascia si sovrappone a quella che chiude alle 13:00.' }]);
    const closed = await admin.agent
      .put('/api/sla/calendar')
      .set('x-csrf-token', admin.csrfToken)
      .send({ workingDays: [], hours: [['09:00', '13:00']], patronDay: '15-02', version })
      .expect(400);
    expect(closed.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['workingDays', 'patronDay']);
    const badDate = await addClosure({ date: '2027-02-30', reason: 'x' }).expect(400);
    expect(badDate.body.error.details.fields).toEqual([{ path: 'date', message: 'Data non valida: usi AAAA-MM-GG, es. 2027-12-24.' }]);
    clock = rome('2027-12-23T15:00:00');
    const past = await addClosure({ date: '2027-12-22', reason: 'Troppo tardi' }).expect(400);
    expect(past.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['date']);
    expect((await calendar()).body.version).toBe(version); // nothing written

    await addClosure({ everyYear: '12-24', reason: 'Vigilia' }).expect(201);
    const twice = await addClosure({ everyYear: '12-24', reason: 'Vigilia' }).expect(409);
    expect(twice.body.error.details.fields).toEqual([{ path: 'everyYear', message: 'Giorno già chiuso.' }]);
    await removeAll();

    const current = (await calendar()).body as { version: number };
    const saturdays = { workingDays: [6, 1, 2, 3, 4, 5], hours: [['09:00', '13:00'], ['14:00', '17:00']], patronDay: '02-15' };
    const ok = await admin.agent.put('/api/sla/calendar').set('x-csrf-token', admin.csrfToken).send({ ...saturdays, version: current.version }).expect(200);
    expect(ok.body).toMatchObject({ workingDays: [1, 2, 3, 4, 5, 6], version: current.version + 1 });
    const stale = await admin.agent
      .put('/api/sla/calendar')
      .set('x-csrf-token', admin.csrfToken)
      .send({ ...saturdays, workingDays: [1, 2, 3, 4, 5], version: current.version })
      .expect(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.message).toContain('admin');
    expect(stale.body.error.details.current).toMatchObject({ workingDays: [1, 2, 3, 4, 5, 6], version: current.version + 1 });
    // Back to the Brescia week for the next test.
    await admin.agent.put('/api/sla/calendar').set('x-csrf-token', admin.csrfToken).send({ ...saturdays, workingDays: [1, 2, 3, 4, 5], version: current.version + 1 }).expect(200);
  });

  it('a worker process with its own connections counts with the calendar saved by the API from its next ticket write', async () => {
    const workerDs = createDataSource({ url: env.config.DATABASE_URL, poolSize: 2, applicationName: 'cit-worker-test' });
    await workerDs.initialize();
    try {
      const worker = ticketsModule(workerDs, env.config, () => clock);
      clock = rome('2028-01-10T09:00:00'); // Monday
      const a = await create(worker);
      const b = await create(worker);
      clock = rome('2028-01-10T10:00:00');
      await worker.service.act(operator, a, { action: 'suspend', reason: 'In attesa' }); // 180 of 240 minutes left
      clock = rome('2028-01-10T11:30:00');
      await worker.service.act(operator, b, { action: 'suspend', reason: 'In attesa' }); // 90 left
      // The worker has read the calendar; now the API closes Wednesday 12.
      await addClosure({ date: '2028-01-12', reason: 'Chiusura straordinaria' }).expect(201);

      clock = rome('2028-01-11T16:00:00');
      await env.tickets.service.act(operator, b, { action: 'resume' }); // 60 min on Tuesday, 30 on Thursday
      expect((await load(b)).takeChargeDue).toEqual(rome('2028-01-13T09:30:00'));
      // At 16:50 only 40 minutes are left with Wednesday closed (at risk), 460 with the old calendar. The SLA job's
      // first pass runs outside any ticket lock and must not skip the ticket with the calendar it had in memory.
      clock = rome('2028-01-11T16:50:00');
      await refreshSlaStates(workerDs, worker.service);
      expect((await load(b)).slaState).toBe('at_risk');
      // A ticket write in the worker: 10 min on Tuesday, Wednesday closed, 170 on Thursday.
      await worker.service.act(operator, a, { action: 'resume' });
      expect((await load(a)).takeChargeDue).toEqual(rome('2028-01-13T11:50:00'));
    } finally {
      await workerDs.destroy();
    }
  });

  it('an edit waits for a ticket write in progress, then moves what that write left', async () => {
    clock = rome('2028-02-07T09:00:00'); // Monday
    const id = await create();
    expect((await load(id)).resolveDue).toEqual(rome('2028-02-08T17:00:00'));
    const qr = env.ds.createQueryRunner();
    await qr.startTransaction();
    let settled = false;
    let edit: Promise<{ status: number }> | undefined;
    try {
      await env.tickets.service.lock(qr.manager, id);
      edit = addClosure({ date: '2028-02-08', reason: 'Chiusura straordinaria' }).then((res) => {
        settled = true;
        return res;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      await qr.commitTransaction();
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      await qr.release();
    }
    expect((await edit)?.status).toBe(201);
    expect((await load(id)).resolveDue).toEqual(rome('2028-02-09T17:00:00')); // Tuesday closed: 7 h Monday, 7 h Wednesday
  });

  it('records the changes of SLA targets with before and after', async () => {
    await admin.agent.put('/api/sla/targets/low').set('x-csrf-token', admin.csrfToken).send({ takeChargeMinutes: 480, resolveMinutes: 2100, version: 0 }).expect(200);
    await admin.agent.put('/api/sla/targets/low').set('x-csrf-token', admin.csrfToken).send({ takeChargeMinutes: 480, resolveMinutes: 2100, version: 1 }).expect(200);
    const audit = await admin.agent.get('/api/admin/audit').query({ entity: 'sla_targets', recordId: 'low' }).expect(200);
    expect(audit.body.total).toBe(1); // the second save changed nothing
    expect(audit.body.items[0]).toMatchObject({
      action: 'update',
      actor: { id: world.users.admin },
      before: { takeChargeMinutes: 420, resolveMinutes: 2100 },
      after: { takeChargeMinutes: 480, resolveMinutes: 2100 },
    });
  });
});
