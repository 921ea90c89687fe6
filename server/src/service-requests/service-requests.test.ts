import { Queue } from 'bullmq';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { activationRequest, createEnte, createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { until } from '../../test/until';
import { enqueueJob, QUEUE_NAME } from '../platform/jobs/jobs';
import { OutboxDispatcher } from '../platform/outbox/dispatcher';
import { reconcileApprovals } from './reconcile';
import { startServer } from '../runtime';
import { loadConfig } from '../config';
import { applyApprovedTicket } from './apply';
import { renewAnnualServices } from '../service-records/renewals';

const activation = activationRequest;

describe('service requests: approval, worker, records and billing', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let approver: SignedIn;
  let capofila: SignedIn;
  let outsider: SignedIn;
  let nonMember: string;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    nonMember = await createEnte(env.ds, 'Comune di Fuori');
    await env.ds.query(`DELETE FROM memberships WHERE ente_id = $1`, [nonMember]);
    await createUser(env.ds, 'f@fuori.example', 'ente_user', { enti: [nonMember] });
    await env.ds.query(`UPDATE enti SET capofila_pays = true WHERE id = $1`, [world.member1]);
    [alfa, approver, capofila, outsider] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('approvatore@cit.example', PASSWORD),
      env.signIn('u@gamma.example', PASSWORD),
      env.signIn('f@fuori.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const open = async (who: SignedIn, over: Record<string, unknown> = {}) => {
    const res = await who.postRequest('/api/tickets', activation(over));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const approve = (id: string) => approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' });
  const records = async (enteId: string) =>
    (await env.ds.query(`SELECT * FROM service_records WHERE ente_id = $1 ORDER BY unit_index`, [enteId])) as Array<Record<string, unknown>>;
  const entries = async (enteId: string) =>
    (await env.ds.query(`SELECT * FROM billing_entries WHERE ente_id = $1 ORDER BY created_at, source_key`, [enteId])) as Array<Record<string, unknown>>;

  it('previews the cost with the engine: 4 PEC boxes free in 2026-2030, the 5th € 20 a year', async () => {
    const quote = await alfa.agent.get('/api/services/quote').query({ serviceCode: 'pec', quantity: 5 }).expect(200);
    expect(quote.body.units.map((u: { free: boolean }) => u.free)).toEqual([true, true, true, true, false]);
    expect(quote.body.totalCents).toBe(2000);
    expect(quote.body.summary).toMatch(/20,00/);
  });

  it('approves once, and the job run twice gives one record per unit and one set of billing entries', async () => {
    const id = await open(alfa, { quantity: 5, unitLabels: 'anagrafe@pec.alfa.it, tributi@pec.alfa.it' });
    const detail = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    expect(detail.body.approvalState).toBe('requested');
    expect((await alfa.post(`/api/tickets/${id}/approval`, { decision: 'approve' })).status).toBe(403);

    const res = await approve(id);
    expect([res.status, res.body.approvalState]).toEqual([200, 'approved']);
    const again = await approve(id);
    expect([again.status, again.body.error.code]).toEqual([409, 'approval_already_decided']);

    expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('applied');
    expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('already_applied');
    const recs = await records(world.enteA);
    expect(recs).toHaveLength(5);
    expect(recs.map((r) => [r.unit_index, r.free, r.unit_label])).toEqual([
      [1, true, 'anagrafe@pec.alfa.it'],
      [2, true, 'tributi@pec.alfa.it'],
      [3, true, null],
      [4, true, null],
      [5, false, null],
    ]);
    const bills = await entries(world.enteA);
    expect(bills.map((b) => [b.kind, b.amount_cents, b.payer_ente_id])).toEqual([['annual', 2000, world.enteA]]);

    // The outbox asked for the job exactly once, with a deterministic id.
    const rows = (await env.ds.query(`SELECT payload FROM outbox WHERE topic = 'jobs.enqueue'`)) as Array<{ payload: { jobId: string } }>;
    expect(rows.map((r) => r.payload.jobId)).toEqual([`services.apply-${id}`]);

    // The Ente sees its records and the allowance use.
    const list = await alfa.agent.get('/api/services/records').expect(200);
    expect(list.body.items).toHaveLength(5);
    expect(list.body.usage.find((u: { serviceCode: string }) => u.serviceCode === 'pec')).toEqual({ serviceCode: 'pec', used: 5, allowance: 4, active: 5 });
    const billing = await alfa.agent.get('/api/billing/entries').expect(200);
    expect(billing.body.totals).toEqual({ assessedCents: 2000, collectedCents: 0, outstandingCents: 2000 });
    await outsider.agent.get('/api/billing/entries').expect(200).expect((r) => expect(r.body.items).toEqual([]));
    const ticket = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    expect(ticket.body.timeline.some((e: { field?: string }) => e.field === 'applied')).toBe(true);
  });

  it('refuses approval to an Ente without a convention in force, and rejects with a reason', async () => {
    // Submission is refused already; a request filed while the Ente was still a member is refused at approval.
    const refused = await outsider.post('/api/tickets', activation());
    expect([refused.status, refused.body.error.code]).toEqual([409, 'not_a_member']);
    const [membership] = (await env.ds.query(
      `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
       VALUES ($1, '2026-2030', '2025-12-10', 'Delibera C.C. n. 9', '2025-12-01', 'Sindaco') RETURNING ente_id`,
      [nonMember],
    )) as unknown[];
    expect(membership).toBeDefined();
    const id = await open(outsider);
    await env.ds.query(`DELETE FROM memberships WHERE ente_id = $1`, [nonMember]);
    const res = await approve(id);
    expect([res.status, res.body.error.code]).toEqual([409, 'not_a_member']);
    const rejected = await approver.post(`/api/tickets/${id}/approval`, { decision: 'reject', reason: 'Ente non aderente' });
    expect([rejected.status, rejected.body.approvalState, rejected.body.approvalReason]).toEqual([200, 'rejected', 'Ente non aderente']);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('not_approved');
  });

  it('bills the capofila when it pays for its member', async () => {
    const id = await open(capofila, { enteId: world.member1, serviceCode: 'firma_digitale', quantity: 4 });
    await approve(id).expect(200);
    await applyApprovedTicket(env.ds, env.tickets.service, id);
    const bills = await entries(world.member1);
    expect(bills.map((b) => [b.kind, b.amount_cents, b.payer_ente_id])).toEqual([['one_off', 7000, world.unione]]);
    // The capofila sees the entries of the member it pays for.
    const seen = await capofila.agent.get('/api/billing/entries').query({ enteId: world.unione }).expect(200);
    expect(seen.body.items).toHaveLength(1);
  });

  it('ends a cancelled annual service on 31 December of the request year, keeping that year’s fee; renewals skip it', async () => {
    const [box] = (await env.ds.query(`SELECT id FROM service_records WHERE ente_id = $1 AND unit_index = 5`, [world.enteA])) as Array<{ id: string }>;
    const id = await open(alfa, { category: 'cancellation', targetRecordIds: [box!.id], title: 'Disdetta casella PEC' });
    // Requested in January of the next year: the service runs to the end of that year (fee due in full).
    // The request date is the upload of the signed form (DOMAIN: billing starts from it), so the form moves too.
    await env.ds.query(`UPDATE tickets SET created_at = $2 WHERE id = $1`, [id, new Date('2027-01-15T10:00:00+01:00')]);
    await env.ds.query(`UPDATE ticket_attachments SET created_at = $2 WHERE ticket_id = $1`, [id, new Date('2027-01-15T10:00:00+01:00')]);
    await approve(id).expect(200);
    await applyApprovedTicket(env.ds, env.tickets.service, id);
    const [rec] = (await env.ds.query(`SELECT ends_on, cancellation_protocol FROM service_records WHERE id = $1`, [box!.id])) as Array<{
      ends_on: string;
      cancellation_protocol: string;
    }>;
    expect(rec!.ends_on).toBe('2027-12-31');
    expect(rec!.cancellation_protocol).toMatch(/^\d{4}\/\d{6}$/);
    // 2027, same convention: the 4 free boxes stay free, the 5th is billed at the 2026-2030 price.
    expect(await renewAnnualServices(env.ds, 2027)).toEqual({ year: 2027, renewed: 5, free: 4, billed: 1, billedCents: 2000, ended: 0 });
    expect((await renewAnnualServices(env.ds, 2027)).billed).toBe(0);
    expect((await renewAnnualServices(env.ds, 2028)).billed).toBe(0);
    const years = (await entries(world.enteA)).filter((b) => b.service_record_id === box!.id).map((b) => b.year);
    expect(years).toEqual([2026, 2027]);
  });

  it('ends a service cancelled in November on 31 December of the same year, with no fee for the next', async () => {
    const id = await open(alfa, { quantity: 1 });
    await approve(id).expect(200);
    await applyApprovedTicket(env.ds, env.tickets.service, id);
    const [box] = (await env.ds.query(`SELECT id, free FROM service_records WHERE request_ticket_id = $1`, [id])) as Array<{ id: string; free: boolean }>;
    expect(box!.free).toBe(false); // the 6th box
    const cancel = await open(alfa, { category: 'cancellation', targetRecordIds: [box!.id], title: 'Disdetta' });
    await env.ds.query(`UPDATE tickets SET created_at = $2 WHERE id = $1`, [cancel, new Date('2026-11-20T10:00:00+01:00')]);
    await approve(cancel).expect(200);
    await applyApprovedTicket(env.ds, env.tickets.service, cancel);
    const [rec] = (await env.ds.query(`SELECT ends_on FROM service_records WHERE id = $1`, [box!.id])) as Array<{ ends_on: string }>;
    expect(rec!.ends_on).toBe('2026-12-31');
    await renewAnnualServices(env.ds, 2027);
    const years = (await entries(world.enteA)).filter((b) => b.service_record_id === box!.id).map((b) => b.year);
    expect(years).toEqual([2026]);
  });

  it('validates cancellations: a record of another Ente cannot be targeted', async () => {
    const [other] = (await env.ds.query(`SELECT id FROM service_records WHERE ente_id = $1 LIMIT 1`, [world.member1])) as Array<{ id: string }>;
    const res = await alfa.postRequest('/api/tickets', activation({ category: 'cancellation', targetRecordIds: [other!.id] }));
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_target_records']);
  });
});

it('approves while Redis is down; the job runs once Redis answers again (outbox → BullMQ → worker)', async () => {
  // (bounded waits inside; the whole scenario needs two server starts)
  // Process "down": its Redis address refuses connections, so the outbox cannot relay the job.
  const down = await startTestEnv({ REDIS_URL: 'redis://127.0.0.1:1' });
  let up: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const world = await tenantWorld(down.ds);
    await createUser(down.ds, 'appr@cit.example', 'approver');
    const alfa = await down.signIn('a@alfa.example', PASSWORD);
    const approver = await down.signIn('appr@cit.example', PASSWORD);
    const created = await alfa.postRequest('/api/tickets', activation({ quantity: 1 })).expect(201);
    await approver.post(`/api/tickets/${created.body.id}/approval`, { decision: 'approve' }).expect(200);
    // The relay gives up on BullMQ after its 5 s timeout, behind the creation's and approval's other outbox rows, on
    // a machine that runs the browser suites at the same time: allow it 30 s.
    const pending = await until(
      'a failed relay attempt',
      async () => {
        const [row] = (await down.ds.query(`SELECT attempts, done_at FROM outbox WHERE topic = 'jobs.enqueue'`)) as Array<{ attempts: number; done_at: Date | null }>;
        return row && row.attempts > 0 ? row : undefined;
      },
      30_000,
    );
    expect(pending.done_at).toBeNull();
    expect(await down.ds.query(`SELECT 1 FROM service_records`)).toEqual([]);

    // Redis is back (a process that reaches it): the same outbox row is relayed and the worker applies it.
    const config = loadConfig({ ...process.env, ...Object.fromEntries(Object.entries(down.config).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])), REDIS_URL: 'redis://127.0.0.1:6379', RUN_JOBS: 'true', PORT: '0' });
    await down.outbox.stop();
    await down.ds.query(`UPDATE outbox SET available_at = now() WHERE done_at IS NULL`);
    up = await startServer(config, {});
    const recs = await until('the service record', async () => {
      const rows = (await down.ds.query(`SELECT id FROM service_records WHERE ente_id = $1`, [world.enteA])) as unknown[];
      return rows.length ? rows : undefined;
    });
    expect(recs).toHaveLength(1);
    const queue = new Queue(QUEUE_NAME, { connection: { url: config.REDIS_URL }, prefix: `${config.REDIS_PREFIX}:bull` });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  } finally {
    await up?.stop();
    await down.close();
  }
}, 60_000);

it('asks again for an approval whose job was lost, and the job then applies it once', async () => {
  const env = await startTestEnv({ RUN_JOBS: 'true' });
  try {
    const world = await tenantWorld(env.ds);
    await createUser(env.ds, 'appr@cit.example', 'approver');
    const alfa = await env.signIn('a@alfa.example', PASSWORD);
    const approver = await env.signIn('appr@cit.example', PASSWORD);
    const created = await alfa.postRequest('/api/tickets', activation({ quantity: 2 })).expect(201);
    // The approval is recorded but its job request is lost (as if BullMQ had failed it for good).
    await env.outbox.stop();
    await approver.post(`/api/tickets/${created.body.id}/approval`, { decision: 'approve' }).expect(200);
    await env.ds.query(`DELETE FROM outbox WHERE topic = 'jobs.enqueue'`);
    await env.ds.query(`UPDATE tickets SET approved_at = now() - interval '1 hour' WHERE id = $1`, [created.body.id]);
    expect(await reconcileApprovals(env.ds)).toBe(1);
    const relay = new OutboxDispatcher(
      env.ds,
      {
        'live.ticket': () => undefined,
        'notify.ticket': () => undefined,
        'live.staff': () => undefined,
        'live.announcements': () => undefined,
        'jobs.enqueue': (request) => enqueueJob(env.queue, request),
      },
      env.logger,
    );
    await relay.start();
    try {
      const recs = await until('the records', async () => {
        const rows = (await env.ds.query(`SELECT id FROM service_records WHERE ente_id = $1`, [world.enteA])) as unknown[];
        return rows.length ? rows : undefined;
      });
      expect(recs).toHaveLength(2);
      expect(await reconcileApprovals(env.ds)).toBe(0);
    } finally {
      await relay.stop();
    }
  } finally {
    await env.queue.obliterate({ force: true }).catch(() => undefined);
    await env.close();
  }
}, 60_000);
