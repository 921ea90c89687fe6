import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { SignedIn, TestEnv } from '../../test/harness';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';
import { header, mailHelpers, replyToOf, startMailTestEnv } from '../../test/mail-helpers';
import { PecProvider } from '../../test/pec-mail';
import { MessageProcessor } from '../mailboxes/message-processor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e-mail notifications, replies by e-mail and surveys', () => {
  const sink = new SmtpSink();
  /** The CIT's PEC account (PEC_SMTP_URL): official notices to the Enti's PEC addresses. */
  const pecSink = new SmtpSink();
  const PEC_FROM = 'cit@pec.provincia.brescia.example';
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let operator: SignedIn;
  let beta: SignedIn;
  let follower: SignedIn;
  let optedOut: SignedIn;

  beforeAll(async () => {
    await sink.start();
    await pecSink.start();
    env = await startMailTestEnv(sink, { MAIL_ATTEMPTS: '6', PEC_SMTP_URL: pecSink.url, PEC_FROM: `"CIT Provincia di Brescia" <${PEC_FROM}>` });
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    await createUser(env.ds, 'a2@alfa.example', 'ente_user', { enti: [world.enteA] });
    await createUser(env.ds, 'a3@alfa.example', 'ente_user', { enti: [world.enteA] });
    [alfa, operator, beta, follower, optedOut] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('a2@alfa.example', PASSWORD),
      env.signIn('a3@alfa.example', PASSWORD),
    ]);
  });
  afterAll(async () => {
    await env.close();
    await sink.stop();
    await pecSink.stop();
  });

  const open = async (over: Record<string, unknown> = {}) => {
    const body = {
      type: 'incident',
      category: 'assistance',
      urgency: 'medium',
      title: 'Stampante non raggiungibile',
      description: "La stampante dell'anagrafe non stampa.",
      ...over,
    };
    // Service requests carry the signed request form.
    const res = await (body.category === 'assistance' ? alfa.post('/api/tickets', body) : alfa.postRequest('/api/tickets', body));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const act = async (id: string, body: object) => {
    const res = await operator.post(`/api/tickets/${id}/actions`, body);
    expect(res.status).toBe(200);
  };
  const mail = mailHelpers(() => env, sink);
  const { ticketMails, settle } = mail;
  const waitMail = (address: string, id: string, subject: RegExp) => mail.waitMail(address, id, subject);

  let threaded: string;

  it('a new ticket mails the requester (Italian, protocol, link) and the operators, threaded on the ticket', async () => {
    const id = await open();
    threaded = id;
    const received = await waitMail('a@alfa.example', id, /Richiesta ricevuta/);
    const detail = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    const protocol = detail.body.protocol as string;
    expect(protocol).toMatch(/^\d{4}\/\d{6}$/);
    expect(received.subject).toContain(`[CIT ${protocol}]`);
    expect(received.text).toContain('Gentile a,');
    expect(received.text).toContain(`https://helpdesk.example.it/ticket/${id}`);
    expect(received.text).toContain('Centro Innovazione e Tecnologie');
    expect(received.html).toContain(`href="https://helpdesk.example.it/ticket/${id}"`);
    const root = `<ticket-${id}@cit.provincia.brescia.it>`;
    expect(header(received, 'in-reply-to')).toBe(root);
    expect(String(received.references)).toContain(root);
    expect(replyToOf(received)).toMatch(/^reply\+[0-9a-f]{32}@risposte\.test$/);

    const toOperator = await waitMail('op@cit.example', id, /Nuovo ticket da Comune di Alfa/);
    expect(toOperator.text).toContain('Stampante non raggiungibile');
    // What the operators need to triage without opening the app.
    expect(toOperator.text).toContain('Richiedente: a (Comune di Alfa)');
    expect(toOperator.text).toContain('Tipo: Guasto/malfunzionamento – Assistenza');
    expect(toOperator.text).toContain('Urgenza: Media');
    expect(toOperator.text).toContain("La stampante dell'anagrafe non stampa.");
    await settle();
    expect(ticketMails('admin@cit.example', id)).toHaveLength(0);
    expect(ticketMails('b@beta.example', id)).toHaveLength(0);
  });

  it('take charge, pending with reason and solved with solution each mail the requester, in the same thread', async () => {
    const id = threaded;
    await act(id, { action: 'take_charge' });
    const taken = await waitMail('a@alfa.example', id, /Presa in carico/);
    await act(id, { action: 'suspend', reason: 'Serve il modello esatto della stampante' });
    const pending = await waitMail('a@alfa.example', id, /In sospeso|in sospeso/);
    expect(pending.text).toContain('Serve il modello esatto della stampante');
    await act(id, { action: 'solve', solution: 'Driver reinstallato <b>e</b> coda svuotata' });
    const solved = await waitMail('a@alfa.example', id, /risolta/);
    expect(solved.text).toContain('Driver reinstallato <b>e</b> coda svuotata');
    // User text is escaped in the HTML part.
    expect(solved.html).toContain('Driver reinstallato &lt;b&gt;e&lt;/b&gt; coda svuotata');
    const root = `<ticket-${id}@cit.provincia.brescia.it>`;
    for (const m of [taken, pending, solved]) {
      expect(header(m, 'in-reply-to')).toBe(root);
      expect(String(m.references)).toContain(root);
    }
    expect(new Set([taken, pending, solved].map((m) => m.messageId)).size).toBe(3);
    // The actor is never told about their own action.
    await settle();
    expect(ticketMails('op@cit.example', id).map((m) => m.subject)).toEqual([expect.stringMatching(/Nuovo ticket/)]);
  });

  it('when the Ente reopens a solved ticket with a message, the message reaches those the reopening is mailed to', async () => {
    const id = await open({ title: 'Scanner fermo', description: 'x'.repeat(1500) });
    const toOperator = await waitMail('op@cit.example', id, /Nuovo ticket da Comune di Alfa/);
    // A long description is cut at 1,000 characters in the mail.
    expect(toOperator.text).toContain(`${'x'.repeat(1000)}… (continua nel ticket)`);
    expect(toOperator.text).not.toContain('x'.repeat(1001));
    await act(id, { action: 'take_charge' });
    await act(id, { action: 'solve', solution: 'Riavviato il servizio di scansione' });
    await waitMail('a@alfa.example', id, /risolta/);
    const res = await alfa.post(`/api/tickets/${id}/actions`, { action: 'reopen', message: 'Lo scanner si blocca ancora dopo la prima pagina.' });
    expect(res.status).toBe(200);
    const reopened = await waitMail('op@cit.example', id, /riaperta/i);
    expect(reopened.text).toContain('Lo scanner si blocca ancora dopo la prima pagina.');
  });

  it('the Ente accepts a solution by closing the ticket, and the survey follows', async () => {
    const id = await open({ title: 'Casella PEC piena' });
    await act(id, { action: 'take_charge' });
    await act(id, { action: 'solve', solution: 'Archiviati i messaggi del 2024' });
    const closed = await alfa.post(`/api/tickets/${id}/actions`, { action: 'close' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    await waitMail('a@alfa.example', id, /Come è andata/);
    await waitMail('op@cit.example', id, /chiusa/i);
    // A ticket that is not solved cannot be closed by the Ente.
    const other = await open({ title: 'Ancora aperto' });
    expect((await alfa.post(`/api/tickets/${other}/actions`, { action: 'close' })).status).toBe(409);
  });

  it('a reply to the Reply-To address from the requester becomes a public follow-up and reopens the solved ticket', async () => {
    const id = threaded;
    const solved = ticketMails('a@alfa.example', id).find((m) => /risolta/.test(m.subject ?? ''))!;
    const replyTo = replyToOf(solved);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: env.notifications.inboundPort()!, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: 'a@alfa.example',
      to: replyTo,
      subject: `Re: ${solved.subject ?? ''}`,
      text: 'Purtroppo non stampa ancora.\nProvato anche a riavviare.\n\nIl giorno lun 2 mar 2026 alle 10:00 CIT Help-desk <helpdesk@cit.provincia.brescia.it>\nha scritto:\n> La richiesta è stata risolta.\n',
      attachments: [{ filename: 'errore.txt', content: 'Errore 0x0000011b sulla coda di stampa\n' }],
      inReplyTo: solved.messageId ?? '',
    });
    const detail = await until('reopened', async () => {
      const res = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
      return res.body.status !== 'solved' ? res.body : undefined;
    });
    expect(detail.status).toBe('assigned');
    const [followUp] = (await env.ds.query(
      `SELECT f.body, f.is_private, (SELECT count(*)::int FROM ticket_attachments a WHERE a.followup_id = f.id) AS files
         FROM ticket_followups f JOIN users u ON u.id = f.author_id WHERE f.ticket_id = $1 AND u.email = 'a@alfa.example' ORDER BY f.created_at DESC LIMIT 1`,
      [id],
    )) as Array<{ body: string; is_private: boolean; files: number }>;
    expect(followUp).toEqual({ body: 'Purtroppo non stampa ancora.\nProvato anche a riavviare.', is_private: false, files: 1 });
    // The assigned operator hears about it.
    const toOperator = await waitMail('op@cit.example', id, /riaperta/);
    expect(toOperator.text).toContain('Purtroppo non stampa ancora.');
  });

  it('refuses replies with a forged token, from another address, or with a different From header', async () => {
    const id = threaded;
    const good = replyToOf(ticketMails('a@alfa.example', id)[0]!);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: env.notifications.inboundPort()!, secure: false, ignoreTLS: true });
    const send = (from: string, to: string, header = from) =>
      smtp.sendMail({ envelope: { from, to }, from: header, to, subject: 'Re: ticket', text: 'Tentativo' });
    await expect(send('a@alfa.example', `reply+${randomBytes(16).toString('hex')}@risposte.test`)).rejects.toMatchObject({ responseCode: 550 });
    await expect(send('b@beta.example', good)).rejects.toMatchObject({ responseCode: 550 });
    await expect(send('a@alfa.example', good, 'b@beta.example')).rejects.toMatchObject({ responseCode: 550 });
    await expect(send('a@alfa.example', good.replace('@risposte.test', '@altro.test'))).rejects.toMatchObject({ responseCode: 550 });
    const log = (await env.ds.query(`SELECT outcome, reason FROM inbound_mail_log ORDER BY id`)) as Array<{ outcome: string; reason: string }>;
    expect(log.filter((l) => l.outcome === 'rejected')).toHaveLength(4);
    const [{ n }] = (await env.ds.query(`SELECT count(*)::int AS n FROM ticket_followups WHERE body = 'Tentativo'`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('a private note mails nobody; followers get public follow-ups unless opted out; another Ente never gets anything', async () => {
    const id = await open({ title: 'Casella PEC piena' });
    await waitMail('a@alfa.example', id, /Richiesta ricevuta/);
    expect((await follower.post(`/api/tickets/${id}/follow`)).body).toEqual({ following: true });
    expect((await optedOut.post(`/api/tickets/${id}/follow`)).status).toBe(200);
    expect((await optedOut.agent.patch('/api/me/preferences').set('x-csrf-token', optedOut.csrfToken).send({ mailOptOut: true })).body).toEqual({
      mailOptOut: true,
      language: 'it',
      desktopNotifications: false,
      phone: null,
    });
    // Another Ente cannot follow it, and a follower row slipped in behind the API's back is still never mailed.
    expect((await beta.post(`/api/tickets/${id}/follow`)).status).toBe(404);
    await env.ds.query(`INSERT INTO ticket_followers (ticket_id, user_id) VALUES ($1, $2)`, [id, world.users.userB]);
    await settle();
    const before = sink.mails.length;

    expect((await operator.post(`/api/tickets/${id}/followups`, { body: 'Nota interna: verificare quota', private: true })).status).toBe(201);
    await settle();
    expect(sink.mails.length).toBe(before);

    expect((await operator.post(`/api/tickets/${id}/followups`, { body: 'Abbiamo liberato spazio <script>x</script>', private: false })).status).toBe(201);
    const toRequester = await waitMail('a@alfa.example', id, /Nuova risposta/);
    expect(toRequester.html).toContain('&lt;script&gt;');
    expect(toRequester.html).not.toContain('<script>');
    await waitMail('a2@alfa.example', id, /Nuova risposta/);
    await act(id, { action: 'take_charge' });
    await act(id, { action: 'solve', solution: 'Spazio liberato' });
    await waitMail('a3@alfa.example', id, /risolta/);
    await settle();
    // Opted out: status changes (essential) yes, other people's replies no.
    expect(ticketMails('a3@alfa.example', id).map((m) => m.subject)).toEqual([expect.stringMatching(/Presa in carico/), expect.stringMatching(/risolta/)]);
    // Nothing about the ticket; b only had the answer to the reply it forged earlier (which names no ticket).
    expect(sink.to('b@beta.example').filter((m) => !/^Messaggio non accettato/.test(m.subject ?? ''))).toHaveLength(0);
    expect(sink.to('u@gamma.example')).toHaveLength(0);
    expect(sink.to('m@gamma-alta.example')).toHaveLength(0);

    // Following can be undone.
    const off = await follower.agent.delete(`/api/tickets/${id}/follow`).set('x-csrf-token', follower.csrfToken);
    expect(off.body).toEqual({ following: false });
  });

  it('with the SMTP server down for a while, every mail arrives once it is back, exactly once', async () => {
    await sink.stop();
    const id = await open({ title: 'Rete lenta in biblioteca' });
    await until('failed attempts', async () => {
      const rows = (await env.ds.query(`SELECT attempts, status FROM outgoing_mails WHERE ticket_id = $1`, [id])) as Array<{ attempts: number; status: string }>;
      return rows.length >= 2 && rows.every((r) => r.attempts >= 2 && r.status === 'queued') ? rows : undefined;
    });
    expect(ticketMails('a@alfa.example', id)).toHaveLength(0);
    await sink.start();
    await waitMail('a@alfa.example', id, /Richiesta ricevuta/);
    await waitMail('op@cit.example', id, /Nuovo ticket/);
    await settle();
    await sleep(1_000);
    expect(ticketMails('a@alfa.example', id)).toHaveLength(1);
    expect(ticketMails('op@cit.example', id)).toHaveLength(1);
    const rows = (await env.ds.query(`SELECT status FROM outgoing_mails WHERE ticket_id = $1`, [id])) as Array<{ status: string }>;
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('a permanently refused mail is listed as failed for admins and can be retried', async () => {
    sink.refuse.add('op@cit.example');
    const id = await open({ title: 'Telefono guasto' });
    await waitMail('a@alfa.example', id, /Richiesta ricevuta/);
    const admin = await env.signIn('admin@cit.example', PASSWORD);
    const failed = await until('failed mail', async () => {
      const res = await admin.agent.get('/api/admin/mails').query({ status: 'failed', ticketId: id }).expect(200);
      return res.body.length > 0 ? (res.body as Array<{ id: string; toAddress: string; attempts: number; lastError: string }>) : undefined;
    }, 20_000);
    expect(failed.map((m) => m.toAddress)).toEqual(['op@cit.example']);
    expect(failed[0]!.attempts).toBe(6);
    expect(failed[0]!.lastError).toMatch(/550/);
    expect((await alfa.agent.get('/api/admin/mails')).status).toBe(403);
    sink.refuse.delete('op@cit.example');
    const retried = await admin.post(`/api/admin/mails/${failed[0]!.id}/retry`);
    expect([retried.status, retried.body.status]).toEqual([200, 'queued']);
    await waitMail('op@cit.example', id, /Nuovo ticket/);
    expect((await admin.post(`/api/admin/mails/${failed[0]!.id}/retry`)).status).toBe(409);
  });

  it('closing sends the survey; the one-click link records the score, a comment can follow, tampering is refused, stats aggregate', async () => {
    const id = await open({ title: 'Accesso al gestionale' });
    await act(id, { action: 'take_charge' });
    await act(id, { action: 'solve', solution: 'Password reimpostata' });
    await act(id, { action: 'close' });
    const survey = await waitMail('a@alfa.example', id, /Come è andata/);
    const links = [...(survey.text ?? '').matchAll(/https:\/\/helpdesk\.example\.it(\/api\/surveys\/\S+)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(5);
    expect(links[3]).toMatch(/score=4$/);
    expect(replyToOf(survey)).toBe('');

    const anon = env.agent();
    const page = await anon.get(links[3]!).expect(200);
    expect(page.headers['content-type']).toMatch(/html/);
    expect(page.text).toContain('Voto registrato: <strong>4</strong>');
    const token = links[3]!.split('/api/surveys/')[1]!.split('?')[0]!;
    await anon.get(`/api/surveys/${token}`).query({ comment: 'Veloci e gentili' }).expect(200);
    const [answer] = (await env.ds.query(`SELECT score, comment, operator_id FROM ticket_surveys WHERE ticket_id = $1`, [id])) as Array<Record<string, unknown>>;
    expect(answer).toEqual({ score: 4, comment: 'Veloci e gentili', operator_id: world.users.operator });
    // Another one-click link (a mail scanner opens them all) does not change the score given; the page says how to.
    await anon.get(links[3]!).expect(200);
    const clicked = await anon.get(links[0]!).expect(200);
    expect(clicked.text).toContain('Il voto già registrato è 4');
    expect(((await env.ds.query(`SELECT score FROM ticket_surveys WHERE ticket_id = $1`, [id])) as Array<{ score: number }>)[0]?.score).toBe(4);

    const tampered = token.replace(/\.(\d+)\./, (_m, exp: string) => `.${Number(exp) + 86_400}.`);
    expect((await anon.get(`/api/surveys/${tampered}`).query({ score: 5 })).status).toBe(404);
    const otherTicket = token.replace(/^[0-9a-f-]{36}/, threaded);
    expect((await anon.get(`/api/surveys/${otherTicket}`).query({ score: 1 })).status).toBe(404);

    const stats = await operator.agent.get('/api/surveys/stats').expect(200);
    expect(stats.body.overall).toEqual({ count: 1, average: 4 });
    expect(stats.body.byOperator).toEqual([{ operatorId: world.users.operator, operatorName: 'op', count: 1, average: 4 }]);
    expect(stats.body.byMonth).toHaveLength(1);
    expect(stats.body.byService).toEqual([{ serviceCode: null, serviceName: null, count: 1, average: 4 }]);
    // Days in Italian time, both included.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
    expect((await operator.agent.get('/api/surveys/stats').query({ from: today, to: today }).expect(200)).body.overall.count).toBe(1);
    expect((await operator.agent.get('/api/surveys/stats').query({ to: '2001-01-01' }).expect(200)).body.overall.count).toBe(0);

    // Until the link expires the answer can be changed from the page's form: the last one counts, with its time.
    const [first] = (await env.ds.query(`SELECT updated_at AS answered FROM ticket_surveys WHERE ticket_id = $1`, [id])) as Array<{ answered: Date | null }>;
    const changed = await anon.get(`/api/surveys/${token}`).query({ score: 2, comment: 'Veloci, ma ho dovuto richiamare' }).expect(200);
    expect(changed.text).toContain('la risposta è stata registrata');
    const [after] = (await env.ds.query(`SELECT score, comment, updated_at FROM ticket_surveys WHERE ticket_id = $1`, [id])) as Array<{ score: number; comment: string; updated_at: Date }>;
    expect({ score: after!.score, comment: after!.comment }).toEqual({ score: 2, comment: 'Veloci, ma ho dovuto richiamare' });
    expect(after!.updated_at.getTime()).toBeGreaterThanOrEqual(first?.answered?.getTime() ?? 0);
    expect((await operator.agent.get('/api/surveys/stats').expect(200)).body.overall).toEqual({ count: 1, average: 2 });
    await operator.agent.get('/api/surveys/stats').query({ from: '-271821-04-20' }).expect(400);
    expect((await alfa.agent.get('/api/surveys/stats')).status).toBe(403);
  });

  it('the approver gets "approval requested" for an activation ticket; English for English-speaking users', async () => {
    await env.ds.query(`UPDATE users SET language = 'en' WHERE email = 'op@cit.example'`);
    const id = await open({ type: 'request', category: 'activation', serviceCode: 'pec', title: 'Attivazione caselle PEC' });
    const toApprover = await waitMail('approvatore@cit.example', id, /Approvazione richiesta/);
    expect(toApprover.text).toContain('Casella PEC');
    const toOperator = await waitMail('op@cit.example', id, /New ticket from Comune di Alfa/);
    expect(toOperator.text).toContain('Dear op,');
    await settle();
    expect(ticketMails('approvatore@cit.example', id)).toHaveLength(1);
  });

  it('an approval sends the official notice to the Ente’s PEC; the provider’s receipts for its Message-ID move it to delivered', async () => {
    const provider = new PecProvider();
    try {
      const approver = await env.signIn('approvatore@cit.example', PASSWORD);
      const id = await open({ type: 'request', category: 'activation', serviceCode: 'pec', title: 'Attivazione caselle PEC ufficio tributi' });
      await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' }).expect(200);
      const [ente] = (await env.ds.query(`SELECT pec FROM enti WHERE id = $1`, [world.enteA])) as Array<{ pec: string }>;
      const entePec = ente!.pec;
      const notice = await until('the PEC notice', () => pecSink.to(entePec).find((m) => header(m, 'x-cit-ticket') === id));
      const protocol = (await alfa.agent.get(`/api/tickets/${id}`).expect(200)).body.protocol as string;
      expect(notice.subject).toBe(`[CIT ${protocol}] Comunicazione ufficiale: richiesta ${protocol} approvata`);
      expect(notice.from?.value[0]?.address).toBe(PEC_FROM);
      expect(notice.text).toContain('Spettabile Comune di Alfa,');
      expect(notice.text).toContain(`la richiesta n. ${protocol} «Attivazione caselle PEC ufficio tributi» (Casella PEC) è stata approvata il`);
      expect(notice.text).toContain(`https://helpdesk.example.it/ticket/${id}`);
      expect(notice.text).toContain('— English —');
      // The ordinary e-mail to the requester still goes, by the ordinary account.
      await waitMail('a@alfa.example', id, /approvata/i);
      expect(sink.to(entePec)).toHaveLength(0);

      const [row] = (await env.ds.query(`SELECT id, act, status, message_id, to_address FROM official_notices WHERE ticket_id = $1`, [id])) as Array<Record<string, string>>;
      expect(row).toMatchObject({ act: 'approval', status: 'sent', to_address: entePec, message_id: notice.messageId });
      // One notice per act: the outbox row handled again writes nothing.
      const [outbox] = (await env.ds.query(`SELECT id, payload FROM outbox WHERE topic = 'notify.ticket' AND payload->>'ticketId' = $1 AND payload::text LIKE '%approved%'`, [id])) as Array<{
        id: string;
        payload: Parameters<typeof env.mailboxes.notices.onTicketChange>[0];
      }>;
      await env.mailboxes.notices.onTicketChange(outbox!.payload, outbox!.id);
      expect(await env.ds.query(`SELECT 1 FROM official_notices WHERE ticket_id = $1`, [id])).toHaveLength(1);

      // The provider's receipts, read from the PEC mailbox by the same parser the IMAP follower uses.
      const mailboxId = await env.ds.transaction((tx) =>
        env.mailboxes.repo.insert(
          tx,
          { name: 'PEC del CIT', kind: 'pec', host: '127.0.0.1', port: 9, tls: false, username: 'cit', secretEnc: null, folder: 'INBOX', doneFolder: null, defaultGroup: null, defaultType: 'request', active: false },
          world.users.admin,
        ),
      );
      const mailbox = (await env.mailboxes.repo.get(mailboxId))!;
      const receive = async (tipo: string) => {
        const raw = Buffer.from(
          provider.envelope({
            kind: 'ricevuta',
            to: PEC_FROM,
            daticert: { tipo, mittente: PEC_FROM, destinatari: [entePec], oggetto: notice.subject ?? '', msgid: notice.messageId ?? '', ...(tipo === 'avvenuta-consegna' ? { consegna: entePec } : {}) },
          }),
        );
        return env.mailboxes.processor.process(mailbox, raw, (await MessageProcessor.parse(raw)).parsed);
      };
      expect(await receive('avvenuta-consegna')).toMatchObject({ outcome: 'receipt', ticketId: id });
      // An acceptance arriving after the delivery does not move it back.
      expect(await receive('accettazione')).toMatchObject({ outcome: 'receipt', ticketId: id });
      const [after] = (await env.ds.query(`SELECT status, delivered_at FROM official_notices WHERE id = $1`, [row!.id])) as Array<Record<string, unknown>>;
      expect(after).toMatchObject({ status: 'delivered', delivered_at: expect.any(Date) });
      const receipts = (await env.ds.query(`SELECT kind FROM pec_receipts WHERE official_notice_id = $1 AND ticket_id = $2 ORDER BY kind`, [row!.id, id])) as Array<{ kind: string }>;
      expect(receipts.map((r) => r.kind)).toEqual(['accettazione', 'avvenuta-consegna']);
      const timeline = (await operator.agent.get(`/api/tickets/${id}`).expect(200)).body.timeline as Array<{ field?: string; to?: string }>;
      expect(timeline.filter((e) => e.field === 'pec_notice').map((e) => e.to)).toEqual([`sent: ${entePec}`]);
      expect(timeline.filter((e) => e.field === 'pec_receipt').map((e) => e.to)).toContain(`avvenuta-consegna: ${entePec}`);
      // Admins see it, with the account configured.
      const admin = await env.signIn('admin@cit.example', PASSWORD);
      const list = await admin.agent.get('/api/admin/official-notices').query({ status: 'delivered' }).expect(200);
      expect(list.body.pecConfigured).toBe(true);
      expect(list.body.notices.map((n: { id: string }) => n.id)).toContain(row!.id);
      await admin.agent.get('/api/admin/official-notices').query({ status: 'spedita' }).expect(400);
      await alfa.agent.get('/api/admin/official-notices').expect(403);
    } finally {
      provider.dispose();
    }
  });

  it('a rejection for an Ente without a PEC address is recorded as not sendable and the staff are told, not skipped; sent again once it has one', async () => {
    const approver = await env.signIn('approvatore@cit.example', PASSWORD);
    const [ente] = (await env.ds.query(`SELECT pec FROM enti WHERE id = $1`, [world.enteA])) as Array<{ pec: string }>;
    await env.ds.query(`UPDATE enti SET pec = NULL WHERE id = $1`, [world.enteA]);
    try {
      const id = await open({ type: 'request', category: 'activation', serviceCode: 'pec', title: 'Attivazione casella PEC senza indirizzo' });
      await approver.post(`/api/tickets/${id}/approval`, { decision: 'reject', reason: 'Quantità non motivata' }).expect(200);
      const row = await until('the notice recorded', async () => ((await env.ds.query(`SELECT act, status, reason, to_address FROM official_notices WHERE ticket_id = $1`, [id])) as Array<Record<string, unknown>>)[0]);
      expect(row).toEqual({ act: 'rejection', status: 'not_sendable', reason: "l'Ente non ha un indirizzo PEC nei suoi dati", to_address: null });
      const timeline = (await operator.agent.get(`/api/tickets/${id}`).expect(200)).body.timeline as Array<{ field?: string; to?: string }>;
      expect(timeline.filter((e) => e.field === 'pec_notice').map((e) => e.to)).toEqual(["not_sendable: l'Ente non ha un indirizzo PEC nei suoi dati"]);
      const bell = (await env.ds.query(`SELECT user_id FROM app_notifications WHERE kind = 'pec_failed' AND ticket_id = $1`, [id])) as Array<{ user_id: string }>;
      expect(bell.map((b) => b.user_id)).toEqual(expect.arrayContaining([world.users.operator, world.users.admin]));
      // The ordinary rejection e-mail still reaches the requester; nothing went out by PEC.
      // (Rejecting closes the ticket too: the mail's subject is the first event's, the rejection is in the body.)
      const rejected = await until('the rejection e-mail', () => ticketMails('a@alfa.example', id).find((m) => (m.text ?? '').includes('Quantità non motivata')));
      expect(rejected.text).toContain('respinta');
      expect(pecSink.mails.filter((m) => header(m.parsed, 'x-cit-ticket') === id)).toHaveLength(0);
      const admin = await env.signIn('admin@cit.example', PASSWORD);
      const list = await admin.agent.get('/api/admin/official-notices').query({ status: 'not_sendable' }).expect(200);
      const notice = (list.body.notices as Array<{ id: string; ticketId: string | null }>).find((n) => n.ticketId === id)!;
      expect(notice).toMatchObject({ act: 'rejection', enteName: 'Comune di Alfa', reason: "l'Ente non ha un indirizzo PEC nei suoi dati", toAddress: null });
      // Until the Ente has an address, sending again is refused with the reason; once it has one, it goes.
      const early = await admin.post(`/api/admin/official-notices/${notice.id}/retry`, {});
      expect([early.status, early.body.error.code]).toEqual([409, 'ente_without_pec']);
      await env.ds.query(`UPDATE enti SET pec = $2 WHERE id = $1`, [world.enteA, ente!.pec]);
      const again = await admin.post(`/api/admin/official-notices/${notice.id}/retry`, {}).expect(200);
      expect(again.body).toMatchObject({ status: 'queued', toAddress: ente!.pec, reason: null });
      const sent = await until('the notice sent again', () => pecSink.to(ente!.pec).find((m) => header(m, 'x-cit-ticket') === id));
      expect(sent.subject).toMatch(/Comunicazione ufficiale: richiesta \d{4}\/\d{6} respinta$/);
      expect(sent.text).toContain('Quantità non motivata');
      await until('recorded as sent', async () => ((await env.ds.query(`SELECT 1 FROM official_notices WHERE id = $1 AND status = 'sent'`, [notice.id])) as unknown[])[0]);
      expect((await admin.post(`/api/admin/official-notices/${notice.id}/retry`, {})).status).toBe(409);
      await admin.post('/api/admin/official-notices/non-un-id/retry', {}).expect(404);
      expect((await operator.post(`/api/admin/official-notices/${notice.id}/retry`, {})).status).toBe(403);
    } finally {
      await env.ds.query(`UPDATE enti SET pec = $2 WHERE id = $1`, [world.enteA, ente!.pec]);
    }
  });
});
