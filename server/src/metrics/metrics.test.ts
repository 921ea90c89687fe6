import { randomBytes } from 'node:crypto';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { clients, connect, open, refusal } from '../../test/live-client';

const TOKEN = randomBytes(24).toString('hex');

describe('metrics, readiness and draining', () => {
  let env: TestEnv;
  let admin: SignedIn;
  let op: SignedIn;
  let alfa: SignedIn;
  beforeAll(async () => {
    env = await startTestEnv({ METRICS_TOKEN: TOKEN });
    await tenantWorld(env.ds);
    [admin, op, alfa] = await Promise.all([env.signIn('admin@cit.example', PASSWORD), env.signIn('op@cit.example', PASSWORD), env.signIn('a@alfa.example', PASSWORD)]);
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.close();
    await env.close();
  });

  const scrape = () => env.agent().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('refuses without the token or with a wrong one, and exposes the figures with it', async () => {
    expect((await env.agent().get('/api/metrics')).status).toBe(401);
    expect((await env.agent().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    // A session is no substitute for the token, not even an admin's.
    expect((await admin.agent.get('/api/metrics')).status).toBe(401);

    // Something to count: a ticket (HTTP latency by route, an outbox row), one breached ticket, one failed mail,
    // one failed import run, one live socket.
    const created = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'high', title: 'Stampante ferma', description: 'Non stampa.' });
    expect(created.status).toBe(201);
    await env.ds.query(`UPDATE tickets SET sla_state = 'breached' WHERE id = $1`, [created.body.id]);
    await env.ds.query(`INSERT INTO import_runs (source, options, status) VALUES ('moone', '{}', 'failed')`);
    await env.ds.query(`UPDATE outbox SET done_at = NULL, available_at = now() + interval '1 hour', created_at = now() - interval '2 minutes' WHERE id = (SELECT max(id) FROM outbox)`);
    const [mail] = (await env.ds.query(`SELECT count(*)::int AS n FROM outgoing_mails`)) as Array<{ n: number }>;
    await connect(env.url, op.cookie);

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(/cit_http_request_duration_seconds_count\{method="POST",route="\/api\/tickets",status="2xx"\} 1/);
    expect(value(text, 'cit_live_sockets')).toBe(1);
    expect(value(text, 'cit_outbox_waiting')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'cit_outbox_oldest_seconds')).toBeGreaterThanOrEqual(119);
    expect(value(text, 'cit_tickets_sla{state="breached"}')).toBe(1);
    expect(value(text, 'cit_tickets_sla{state="at_risk"}')).toBe(0);
    expect(value(text, 'cit_runs{source="moone",status="failed"}')).toBe(1);
    expect(value(text, 'cit_mails{status="failed"}')).toBe(0);
    expect(value(text, 'cit_mails{status="queued"}')).toBeLessThanOrEqual(mail!.n);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(value(text, `cit_queue_jobs{queue="cit-jobs",state="${state}"}`)).toBeGreaterThanOrEqual(0);
    expect(value(text, 'cit_redis_up')).toBe(1);
    // No raw ids in route labels: the ticket's id never becomes a series.
    await alfa.agent.get(`/api/tickets/${created.body.id}`).expect(200);
    expect((await scrape()).text).toMatch(/route="\/api\/tickets\/:id"/);
    expect((await scrape()).text).not.toContain(created.body.id as string);

    // The admin home's card: the same figures, for admins only.
    const ops = await admin.agent.get('/api/admin/ops').expect(200);
    expect(ops.body).toMatchObject({ tickets: { breached: 1, atRisk: 0 }, liveSockets: 1, runs: [{ source: 'moone', status: 'failed', count: 1 }] });
    expect(ops.body.outbox.oldestSeconds).toBeGreaterThanOrEqual(119);
    await op.agent.get('/api/admin/ops').expect(403);
    await alfa.agent.get('/api/admin/ops').expect(403);
  });

  it('tells alive from ready, and a draining server takes no new sockets but keeps the ones it has', async () => {
    expect((await env.agent().get('/api/ready')).body).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', migrations: 'ok', seed: 'ok', draining: false },
    });
    env.readiness.seeding = true;
    expect((await env.agent().get('/api/ready')).status).toBe(503);
    env.readiness.seeding = false;

    const held = await connect(env.url, op.cookie);
    await env.drain();
    const ready = await env.agent().get('/api/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.draining).toBe(true);
    await env.agent().get('/api/health').expect(200); // still alive: no restart wanted
    const refused = await refusal(open(env.url, op.cookie));
    expect(refused.message).toMatch(/503|xhr poll error|websocket error/i);
    expect(held.socket.connected).toBe(true);
    // In-flight API work goes on while draining.
    await op.agent.get('/api/tickets').expect(200);
  });
});

describe('metrics without a token configured', () => {
  it('has no endpoint', async () => {
    const env = await startTestEnv();
    try {
      expect((await env.agent().get('/api/metrics')).status).toBe(404);
    } finally {
      await env.close();
    }
  });
});
