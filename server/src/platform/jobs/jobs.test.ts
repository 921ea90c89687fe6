import { randomUUID } from 'node:crypto';
import { startTestEnv, type TestEnv } from '../../../test/harness';
import { PASSWORD, tenantWorld } from '../../../test/fixtures';

describe('failed jobs for admins', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv({ RUN_JOBS: 'true' });
    await tenantWorld(env.ds);
  });
  afterAll(async () => {
    await env.queue.obliterate({ force: true }).catch(() => undefined);
    await env.close();
  });

  it('lists a job that failed with its reason, retries it, and keeps the inspector admin-only', async () => {
    const missing = randomUUID();
    await env.queue.add('services.apply', { ticketId: missing }, { jobId: `services.apply-${missing}`, attempts: 1 });
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const operator = await env.signIn('op@cit.example', PASSWORD);

    let failed: Array<{ id: string; name: string; failedReason: string | null }> = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      failed = (await admin.agent.get('/api/admin/jobs/failed').expect(200)).body.items;
    }
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: `services.apply-${missing}`, name: 'services.apply' });
    expect(failed[0]!.failedReason).toMatch(/ticket/i);

    await operator.agent.get('/api/admin/jobs/failed').expect(403);
    await admin.post(`/api/admin/jobs/${failed[0]!.id}/retry`).expect(204);
    await admin.post(`/api/admin/jobs/nope/retry`).expect(404);

    await operator.agent.get('/api/admin/queues').expect(403);
    await env.agent().get('/api/admin/queues').expect(401);
    const board = await admin.agent.get('/api/admin/queues').expect(200);
    expect(board.text).toContain('<html');
  });

  it('answers a queue-inspector action the job state does not allow with a 4xx, not a 500', async () => {
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const job = await env.queue.add('drill.nothing', {}, { jobId: `drill.nothing-${randomUUID()}`, attempts: 1 });
    // Not delayed (waiting, active or failed by now): BullMQ refuses to promote it.
    const res = await admin.agent.put(`/api/admin/queues/api/queues/${env.queue.name}/${job.id!}/promote`).set('x-csrf-token', admin.csrfToken);
    expect([res.status, res.body.error]).toEqual([409, { key: 'ERRORS.JOB_NOT_DELAYED', options: { status: 'not delayed' } }]);
    expect(res.body.message).toMatch(/not in the delayed state/);
  });

  it("checks the options of a job added from the queue inspector (a wrong type was a 500 from BullMQ's Redis script)", async () => {
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const add = (options: unknown) =>
      admin.agent.post(`/api/admin/queues/api/queues/${env.queue.name}/add`).set('x-csrf-token', admin.csrfToken).send({ name: 'drill.nothing', data: {}, options });
    for (const options of [{ delay: { x: 1 } }, { priority: 'alta' }, { priority: 1.5 }, { jobId: 7 }, { jobId: 'a:b' }, { repeat: { every: 1000 } }]) {
      const res = await add(options);
      expect([JSON.stringify(options), res.status, res.body.error?.code]).toEqual([JSON.stringify(options), 400, 'validation_error']);
    }
    const ok = await add({ delay: 3_600_000, priority: 5, attempts: 1, jobId: `drill.nothing-${randomUUID()}`, backoff: { type: 'fixed', delay: 1000 } });
    expect(ok.status).toBe(200);
    await env.queue.remove(ok.body.job.id as string);
  });
});
