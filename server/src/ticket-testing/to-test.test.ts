import type { ParsedMail } from 'mailparser';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';

const header = (m: ParsedMail, name: string) => String(m.headers.get(name) ?? '');

describe('«Da testare»: deliver a fix, the Ente confirms or reopens from the page and from the e-mail link', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let alfa: SignedIn;
  let beta: SignedIn;
  let operator: SignedIn;

  beforeAll(async () => {
    await sink.start();
    env = await startTestEnv({ SMTP_URL: sink.url, PUBLIC_URL: 'https://helpdesk.example.it', RUN_JOBS: 'true' });
    await tenantWorld(env.ds);
    [alfa, beta, operator] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
    ]);
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  const openDelivered = async (title: string) => {
    const created = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title, description: 'Non funziona.' }).expect(201);
    const id = created.body.id as string;
    await operator.post(`/api/tickets/${id}/actions`, { action: 'take_charge' }).expect(200);
    const res = await operator.post(`/api/tickets/${id}/actions`, { action: 'deliver', solution: 'Aggiornato il driver: provate a stampare.' }).expect(200);
    expect(res.body.status).toBe('to_test');
    return id;
  };
  const row = async (id: string) =>
    ((await env.ds.query(`SELECT status, resolve_due, resolve_remaining, sla_state, solved_at, closed_at FROM tickets WHERE id = $1`, [id])) as Array<Record<string, unknown>>)[0]!;
  /** The confirm/reopen link of the newest «Correzione da testare» mail of the ticket to the requester. */
  const testLink = async (id: string, nth: number) => {
    const mails = await until(`mail ${nth} «da testare»`, () => {
      const found = sink.to('a@alfa.example').filter((m) => header(m, 'x-cit-ticket') === id && /Correzione da testare/.test(m.subject ?? ''));
      return found.length >= nth ? found : undefined;
    });
    const m = /https:\/\/helpdesk\.example\.it(\/api\/ticket-tests\/\S+)/.exec(mails[nth - 1]!.text ?? '');
    expect(m).not.toBeNull();
    return m![1]!;
  };

  it('stops the resolution clock, counts the state, and lets the requester confirm from the ticket page', async () => {
    const id = await openDelivered('Stampante da provare');
    const t = await row(id);
    expect(t).toMatchObject({ status: 'to_test', resolve_due: null, sla_state: 'met' });
    expect(t.resolve_remaining).toEqual(expect.any(Number));
    expect(t.solved_at).not.toBeNull();

    // Counted in the tabs (list counts) and in the dashboard.
    const list = await operator.agent.get('/api/tickets').expect(200);
    expect(list.body.counts.to_test).toBe(1);
    const dashboard = await operator.agent.get('/api/tickets/dashboard').expect(200);
    expect(dashboard.body.counts.to_test).toBe(1);

    // The Ente sees exactly confirm and reopen; another Ente cannot even see the ticket.
    const detail = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    expect(detail.body.allowedActions).toEqual(['confirm_fix', 'reopen']);
    await beta.post(`/api/tickets/${id}/actions`, { action: 'confirm_fix' }).expect(404);

    const confirmed = await alfa.post(`/api/tickets/${id}/actions`, { action: 'confirm_fix', message: 'Ora stampa, grazie.' }).expect(200);
    expect(confirmed.body.status).toBe('closed');
    expect(confirmed.body.timeline.some((e: { kind: string; body?: string }) => e.kind === 'followup' && e.body === 'Ora stampa, grazie.')).toBe(true);
    expect((await row(id)).closed_at).not.toBeNull();
    // Closing by confirmation sends the survey, as any closing does.
    await until('survey mail', () => sink.to('a@alfa.example').find((m) => header(m, 'x-cit-ticket') === id && /Come è andata/.test(m.subject ?? '')));
  });

  it('reopens from the page with a message, restarting the clock', async () => {
    const id = await openDelivered('Posta da provare');
    await alfa.post(`/api/tickets/${id}/actions`, { action: 'reopen', message: 'x' }).expect(400);
    const reopened = await alfa.post(`/api/tickets/${id}/actions`, { action: 'reopen', message: 'Ancora non funziona.' }).expect(200);
    expect(reopened.body.status).toBe('assigned');
    const t = await row(id);
    expect(t.resolve_due).not.toBeNull();
    expect(t.resolve_remaining).toBeNull();
    expect(t.solved_at).toBeNull();
  });

  it('confirms or reopens from the signed e-mail link; opening the link alone changes nothing; tampering is refused', async () => {
    const id = await openDelivered('Protocollo da provare');
    const anon = env.agent();
    const link = await testLink(id, 1);

    // A mail scanner opening the link: the page shows the ticket and two forms, the state stays.
    const page = await anon.get(link).expect(200);
    expect(page.text).toContain('Non funziona: riapri');
    expect((await row(id)).status).toBe('to_test');

    // Reopening needs words; then it goes back to the help-desk as the requester's follow-up.
    expect((await anon.get(link).query({ answer: 'reopen' })).status).toBe(400);
    const reopened = await anon.get(link).query({ answer: 'reopen', message: 'Il protocollo dà errore 500.' }).expect(200);
    expect(reopened.text).toContain('riaperto');
    expect((await row(id)).status).toBe('assigned');
    const [f] = (await env.ds.query(
      `SELECT u.email FROM ticket_followups f JOIN users u ON u.id = f.author_id WHERE f.ticket_id = $1 AND f.body = 'Il protocollo dà errore 500.'`,
      [id],
    )) as Array<{ email: string }>;
    expect(f?.email).toBe('a@alfa.example');

    // The old link no longer acts once the ticket left the state (409 page).
    const stale = await anon.get(link).query({ answer: 'confirm' });
    expect([stale.status, stale.text]).toEqual([409, expect.stringContaining('non è più in attesa')]);

    // Delivered again: a new link confirms and closes.
    await operator.post(`/api/tickets/${id}/actions`, { action: 'deliver', solution: 'Corretto il certificato.' }).expect(200);
    const second = await testLink(id, 2);
    const [base, sig] = [second.slice(0, -4), second.slice(-4)];
    const tampered = `${base}${sig === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect((await anon.get(tampered).query({ answer: 'confirm' })).status).toBe(404);
    expect((await row(id)).status).toBe('to_test');
    const done = await anon.get(second).query({ answer: 'confirm' }).expect(200);
    expect(done.text).toContain('il ticket è chiuso');
    expect((await row(id)).status).toBe('closed');

    // The history says it was the requester, through the same lifecycle.
    const [h] = (await env.ds.query(
      `SELECT u.email FROM ticket_history h JOIN users u ON u.id = h.actor_id WHERE h.ticket_id = $1 AND h.field = 'status' AND h.to_value = 'closed'`,
      [id],
    )) as Array<{ email: string }>;
    expect(h?.email).toBe('a@alfa.example');
  });
});
