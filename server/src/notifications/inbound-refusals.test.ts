import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { SignedIn, TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { SmtpSink } from '../../test/smtp-sink';
import { header, mailHelpers, replyToOf, startMailTestEnv } from '../../test/mail-helpers';

/**
 * Mails about closed and deleted tickets, and the answer to a refused reply: through the real SMTP sink (outgoing)
 * and the real inbound SMTP listener (incoming), as a mail client and a mail gateway would use them.
 */
describe('e-mails that hold: closed and deleted tickets, refused replies answered', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let alfa: SignedIn;
  let operator: SignedIn;

  beforeAll(async () => {
    await sink.start();
    env = await startMailTestEnv(sink, { INBOUND_MAX_MB: '0.2' });
    await tenantWorld(env.ds);
    [alfa, operator] = await Promise.all([env.signIn('a@alfa.example', PASSWORD), env.signIn('op@cit.example', PASSWORD)]);
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
  });

  const open = async (title: string) => {
    const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title, description: 'Descrizione del problema.' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const act = async (id: string, body: object) => expect((await operator.post(`/api/tickets/${id}/actions`, body)).status).toBe(200);
  const { waitMail: waitFor, settle } = mailHelpers(() => env, sink);
  const waitMail = (address: string, subject: RegExp, id?: string) => waitFor(address, id, subject);
  const smtp = () => nodemailer.createTransport({ host: '127.0.0.1', port: env.notifications.inboundPort()!, secure: false, ignoreTLS: true });
  const refusals = (address: string) => sink.to(address).filter((m) => /^(Messaggio non accettato|Message not accepted)/.test(m.subject ?? ''));

  it('a closed ticket: the mail says a reply stays on the closed ticket; the reply lands without reopening and the CIT is told', async () => {
    const id = await open('Monitor sfarfalla');
    await act(id, { action: 'take_charge' });
    await act(id, { action: 'solve', solution: 'Sostituito il cavo' });
    await act(id, { action: 'close' });
    const closed = await waitMail('a@alfa.example', /Richiesta chiusa/, id);
    expect(replyToOf(closed)).toMatch(/^reply\+[0-9a-f]{32}@risposte\.test$/);
    expect(closed.text).toContain('la risposta viene aggiunta al ticket, che resta chiuso, e segnalata al CIT');

    await smtp().sendMail({ from: 'a@alfa.example', to: replyToOf(closed), subject: `Re: ${closed.subject ?? ''}`, text: 'Sfarfalla di nuovo da stamattina.' });
    const toOperator = await waitMail('op@cit.example', /Risposta su una richiesta chiusa/, id);
    expect(toOperator.text).toContain('Sfarfalla di nuovo da stamattina.');
    expect(toOperator.text).toContain('resta chiuso');
    const detail = (await alfa.agent.get(`/api/tickets/${id}`).expect(200)).body as { status: string };
    expect(detail.status).toBe('closed');
    const [followUp] = (await env.ds.query(`SELECT body, is_private FROM ticket_followups WHERE ticket_id = $1 ORDER BY created_at DESC LIMIT 1`, [id])) as Array<{
      body: string;
      is_private: boolean;
    }>;
    expect(followUp).toEqual({ body: 'Sfarfalla di nuovo da stamattina.', is_private: false });
    await settle();
    expect(refusals('a@alfa.example')).toHaveLength(0);
    // The web form still refuses a follow-up on a closed ticket: only a reply to a mail (which said so) lands there.
    expect((await alfa.post(`/api/tickets/${id}/followups`, { body: 'Dal portale', private: false })).status).toBe(409);
  });

  it('a deleted ticket: its mail has no reply address and says how to reach the CIT; a reply to an older mail is refused and answered in Italian', async () => {
    const id = await open('Richiesta aperta per errore');
    const received = await waitMail('a@alfa.example', /Richiesta ricevuta/, id);
    await act(id, { action: 'delete', reason: 'Duplicato di un altro ticket' });
    const deleted = await waitMail('a@alfa.example', /Richiesta eliminata/, id);
    expect(replyToOf(deleted)).toBe('');
    expect(deleted.text).toContain('Per contattare il CIT può aprire una nuova richiesta dal portale (https://helpdesk.example.it)');
    expect(deleted.text).toContain('assistenza@risposte.test');
    expect(deleted.text).not.toContain('Può rispondere a questa e-mail');

    await expect(
      smtp().sendMail({ from: 'a@alfa.example', to: replyToOf(received), subject: 'Re: richiesta', text: 'Ma perché è stata eliminata?', messageId: '<domanda-1@alfa.example>' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const answer = await waitMail('a@alfa.example', /^Messaggio non accettato: Re: richiesta/);
    expect(answer.text).toContain('Gentile a,');
    expect(answer.text).toContain('Motivo: la richiesta a cui ha risposto è stata eliminata.');
    expect(answer.text).toContain('Cosa fare: Se il problema è ancora presente apra una nuova richiesta dal portale o scriva all’indirizzo assistenza@risposte.test.');
    // An automatic reply that no well-behaved robot answers, and nothing to reply to.
    expect(header(answer, 'auto-submitted')).toBe('auto-replied');
    expect(replyToOf(answer)).toBe('');
    const [{ n }] = (await env.ds.query(`SELECT count(*)::int AS n FROM ticket_followups WHERE ticket_id = $1`, [id])) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('an unknown reply address is answered once an hour per sender, to the envelope sender, in Italian for a stranger', async () => {
    const send = (text: string) =>
      smtp().sendMail({ envelope: { from: 'segreteria@comune-x.example', to: `reply+${randomBytes(16).toString('hex')}@risposte.test` }, from: 'segreteria@comune-x.example', to: 'x@risposte.test', subject: 'Informazioni', text });
    await expect(send('Prima domanda')).rejects.toMatchObject({ responseCode: 550 });
    await expect(send('Seconda domanda')).rejects.toMatchObject({ responseCode: 550 });
    const answer = await waitMail('segreteria@comune-x.example', /Messaggio non accettato: Informazioni/);
    expect(answer.text).toMatch(/^Buongiorno,/);
    expect(answer.text).toContain('non corrisponde ad alcuna richiesta');
    await settle();
    expect(refusals('segreteria@comune-x.example')).toHaveLength(1);
    const log = (await env.ds.query(`SELECT count(*)::int AS n FROM inbound_mail_log WHERE mail_from = 'segreteria@comune-x.example' AND outcome = 'rejected'`)) as [{ n: number }];
    expect(log[0].n).toBe(2);
  });

  it('never answers a program: out-of-office replies, bounces, lists, no-reply robots, our own mail coming back', async () => {
    const to = () => `reply+${randomBytes(16).toString('hex')}@risposte.test`;
    const cases: Array<{ from: string; headers?: Record<string, string> }> = [
      { from: 'ferie@comune-y.example', headers: { 'Auto-Submitted': 'auto-replied' } },
      { from: 'notizie@comune-y.example', headers: { Precedence: 'bulk' } },
      { from: 'lista@comune-y.example', headers: { 'List-Id': '<ced.comune-y.example>' } },
      { from: 'MAILER-DAEMON@comune-y.example' },
      { from: 'helpdesk@cit.provincia.brescia.it', headers: { 'Auto-Submitted': 'auto-replied' } },
    ];
    for (const c of cases) {
      await expect(smtp().sendMail({ from: c.from, to: to(), subject: 'Risposta automatica', text: 'Sono fuori ufficio.', headers: c.headers ?? {} })).rejects.toMatchObject({
        responseCode: 550,
      });
    }
    // A bounce: the null sender.
    await expect(smtp().sendMail({ envelope: { from: '', to: to() }, from: 'postmaster@comune-y.example', subject: 'Undelivered', text: 'Delivery failed' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await settle();
    for (const c of [...cases.map((x) => x.from), 'postmaster@comune-y.example']) expect(refusals(c.toLowerCase())).toHaveLength(0);
    // Refused and logged all the same.
    const [{ n }] = (await env.ds.query(`SELECT count(*)::int AS n FROM inbound_mail_log WHERE outcome = 'rejected' AND (coalesce(mail_from, '') = '' OR mail_from LIKE '%comune-y.example' OR mail_from LIKE 'helpdesk@%')`)) as [
      { n: number },
    ];
    expect(n).toBe(6);
  });

  it("the requester's out-of-office reply (Precedence: auto_reply, no Auto-Submitted) neither reopens a solved ticket nor gets an answer", async () => {
    const id = await open('Scanner lento');
    await act(id, { action: 'take_charge' });
    await act(id, { action: 'solve', solution: 'Aggiornato il driver' });
    const solved = await waitMail('a@alfa.example', /Richiesta risolta/, id);
    const before = refusals('a@alfa.example').length;
    await expect(
      smtp().sendMail({ from: 'a@alfa.example', to: replyToOf(solved), subject: 'Fuori ufficio', text: 'Sarò in ufficio dal 7 gennaio.', headers: { Precedence: 'auto_reply' } }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await settle();
    expect((await alfa.agent.get(`/api/tickets/${id}`).expect(200)).body.status).toBe('solved');
    const [{ n }] = (await env.ds.query(`SELECT count(*)::int AS n FROM ticket_followups WHERE ticket_id = $1`, [id])) as [{ n: number }];
    expect(n).toBe(0);
    expect(refusals('a@alfa.example')).toHaveLength(before);
  });

  it('a message too large, or from someone who may not open tickets by e-mail, is refused and the sender told why and what to do', async () => {
    await expect(
      smtp().sendMail({
        from: 'b@beta.example',
        to: 'assistenza@risposte.test',
        subject: 'Scansioni del protocollo',
        text: 'In allegato le scansioni.',
        attachments: [{ filename: 'scansioni.pdf', content: Buffer.alloc(400 * 1024, 0x25) }],
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    const tooLarge = await waitMail('b@beta.example', /Messaggio non accettato: Scansioni del protocollo/);
    expect(tooLarge.text).toContain('il messaggio supera la dimensione massima di 0,2 MB');
    expect(tooLarge.text).toContain('carichi i file dal ticket sul portale');

    await expect(smtp().sendMail({ from: 'op@cit.example', to: 'assistenza@risposte.test', subject: 'Prova apertura', text: 'Prova' })).rejects.toMatchObject({
      responseCode: 550,
    });
    const notReferent = await waitMail('op@cit.example', /Messaggio non accettato: Prova apertura/);
    expect(notReferent.text).toContain('solo i referenti registrati degli Enti possono aprire richieste per e-mail');
    const [{ n }] = (await env.ds.query(`SELECT count(*)::int AS n FROM tickets WHERE title IN ('Scansioni del protocollo', 'Prova apertura')`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});
