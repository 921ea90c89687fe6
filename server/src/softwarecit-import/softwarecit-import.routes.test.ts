import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { runSoftwareCitJob } from './softwarecit-job';

/**
 * The admin page's upload: authorised before the body is read, queued with its job, run by the job with its
 * progress on the live channel (through the outbox) and its report kept with the run.
 */
const SAMPLES = path.join(__dirname, 'samples');
const file = (name: string) => readFileSync(path.join(SAMPLES, name));

describe('SoftwareCit import from the admin page', () => {
  let env: TestEnv;
  let admin: SignedIn;
  let operator: SignedIn;

  const send = (who: SignedIn, dryRun: boolean, payments = file('pagamenti.csv')) =>
    who.agent
      .post('/api/admin/import-runs/softwarecit')
      .set('x-csrf-token', who.csrfToken)
      .field('dryRun', String(dryRun))
      .attach('conventions', file('convenzioni.csv'), 'convenzioni.csv')
      .attach('records', file('servizi.csv'), 'servizi.csv')
      .attach('payments', payments, 'pagamenti.csv');

  beforeAll(async () => {
    env = await startTestEnv();
    const unione = await createEnte(env.ds, 'Unione Comuni degli Antichi Borghi Valle Camonica', 'unione_comuni');
    await createEnte(env.ds, 'Unione Comuni Bassa Bresciana Occidentale', 'unione_comuni');
    for (const name of ['Torbole Casaglia', 'Coccaglio', 'Acquafredda', 'Toscolano-Maderno', 'Bagnolo Mella', 'Azzano Mella', 'Gardone Riviera']) {
      await createEnte(env.ds, `Comune di ${name}`);
    }
    await createEnte(env.ds, 'Comune di Breno', 'comune', unione);
    await createUser(env.ds, 'admin-softwarecit@cit.example', 'admin');
    await createUser(env.ds, 'operatore-softwarecit@cit.example', 'operator');
    [admin, operator] = await Promise.all([env.signIn('admin-softwarecit@cit.example', PASSWORD), env.signIn('operatore-softwarecit@cit.example', PASSWORD)]);
  });
  afterAll(() => env.close());

  it('refuses other roles before reading the upload (403, not 413 for an oversized file)', async () => {
    const huge = Buffer.alloc(6 * 1024 * 1024, 'a');
    const res = await send(operator, false, huge).catch((e: { response?: { status: number } }) => e.response);
    expect(res?.status).toBe(403);
    await env.agent().post('/api/admin/import-runs/softwarecit').expect(403); // no CSRF token, no session
  });

  it('names the missing files', async () => {
    const res = await admin.agent
      .post('/api/admin/import-runs/softwarecit')
      .set('x-csrf-token', admin.csrfToken)
      .attach('conventions', file('convenzioni.csv'), 'convenzioni.csv')
      .expect(400);
    expect(res.body.error.message).toMatch(/servizi.*pagamenti/);
  });

  it('queues the run with its job; the job reports progress live and keeps the report', async () => {
    const started = await send(admin, false).expect(202);
    expect(started.body).toMatchObject({ source: 'softwarecit', status: 'queued', dryRun: false });
    const runId = started.body.id as string;
    const jobs = (await env.ds.query(`SELECT payload FROM outbox WHERE topic = 'jobs.enqueue' AND payload->'data'->>'runId' = $1`, [runId])) as unknown[];
    expect(jobs).toHaveLength(1);

    await runSoftwareCitJob(env.ds, runId, 0);
    const events = (await env.ds.query(`SELECT payload FROM outbox WHERE topic = 'live.staff' AND payload->>'runId' = $1 ORDER BY id`, [runId])) as Array<{
      payload: { event: string; done: number; total: number; status: string };
    }>;
    expect(events.every((e) => e.payload.event === 'imports.progress')).toBe(true);
    expect(events.at(-1)?.payload).toMatchObject({ status: 'done', done: 19, total: 19 });

    const run = await admin.agent.get(`/api/admin/import-runs/${runId}`).expect(200);
    expect(run.body).toMatchObject({ status: 'done', done: 19, total: 19 });
    expect(run.body.report).toMatchObject({ source: 'softwarecit', reconciled: true, kinds: { payments: { read: 9, imported: 9 } } });
    const list = await admin.agent.get('/api/admin/import-runs').expect(200);
    expect(list.body.items[0]).toMatchObject({ id: runId, source: 'softwarecit' });
    // The uploaded files are not kept once the run has ended.
    const [input] = (await env.ds.query(`SELECT input FROM import_runs WHERE id = $1`, [runId])) as Array<{ input: unknown }>;
    expect(input?.input).toBeNull();
  });

  it('a run refused line by line fails with every line in its report, nothing written', async () => {
    const before = (await env.ds.query(`SELECT count(*)::int AS n FROM billing_entries`)) as Array<{ n: number }>;
    const bad = Buffer.from('aderente;pagante;anno;importo;note\nComune di Coccaglio;;2030;molti;\nComune Inesistente;;2021;10,00;\n');
    const started = await send(admin, false, bad).expect(202);
    await runSoftwareCitJob(env.ds, started.body.id as string, 0);
    const run = await admin.agent.get(`/api/admin/import-runs/${started.body.id as string}`).expect(200);
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toMatch(/nulla è stato scritto/);
    expect(run.body.report.rejected).toEqual([
      { file: 'pagamenti.csv', line: 2, message: expect.stringMatching(/^importo: importo in euro atteso/) },
      { file: 'pagamenti.csv', line: 3, message: expect.stringMatching(/^aderente: nessun Ente di nome «Comune Inesistente»/) },
    ]);
    expect(await env.ds.query(`SELECT count(*)::int AS n FROM billing_entries`)).toEqual(before);
  });
});
