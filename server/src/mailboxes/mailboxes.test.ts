import { randomUUID } from 'node:crypto';
import { CSRF_HEADER } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';
import { startDovecot, type TestImap } from '../dev/dovecot';
import { newMessageId, PecProvider, rawMail } from '../../test/pec-mail';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
const FLOOD = 6;

type Row = Record<string, unknown>;

describe('mailboxes over IMAP (real Dovecot): tickets, replies, PEC, loops, restarts', () => {
  const sink = new SmtpSink();
  const provider = new PecProvider();
  let env: TestEnv;
  let imap: TestImap;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  let operator: SignedIn;
  let alfa: SignedIn;
  let mailboxId: string;
  const PEC_ALFA = 'protocollo@pec.comunedialfa.example';

  const put = (who: SignedIn, path: string, body: object) => who.agent.put(path).set(CSRF_HEADER, who.csrfToken).send(body);
  const q = async (sql: string, params: unknown[] = []) => (await env.ds.query(sql, params)) as Row[];
  const ticketsFrom = (title: string) => q(`SELECT id, ente_id, channel, requester_id, support_group FROM tickets WHERE title = $1`, [title]);
  const waitTicket = (title: string) => until(`ticket «${title}»`, async () => (await ticketsFrom(title))[0], 20_000);
  const outcomeOf = (messageId: string) =>
    until(`outcome of ${messageId}`, async () => (await q(`SELECT outcome, reason, ticket_id FROM mailbox_messages WHERE message_id = $1 AND state = 'done'`, [messageId]))[0], 20_000);

  beforeAll(async () => {
    await sink.start();
    imap = await startDovecot();
    env = await startTestEnv({
      SMTP_URL: sink.url,
      INBOUND_DOMAIN: 'risposte.test',
      RUN_JOBS: 'true',
      MAILBOX_POLL_SECONDS: '2',
      MAILBOX_FLOOD_PER_HOUR: String(FLOOD),
    });
    world = await tenantWorld(env.ds);
    [admin, operator, alfa] = await Promise.all([
      env.signIn('admin@cit.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
    ]);
    const client = await imap.client();
    await client.mailboxCreate('PEC');
    await client.logout();
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await imap?.stop();
    await sink.stop();
    provider.dispose();
  });

  it('admins configure a mailbox; the password is stored encrypted and never returned', async () => {
    const body = { name: 'Assistenza', kind: 'ordinary', host: imap.host, port: imap.port, tls: false, username: imap.user, secret: imap.password, folder: 'INBOX', defaultGroup: 'primo_livello' };
    expect((await operator.post('/api/mailboxes', body)).status).toBe(403);
    const bad = await admin.post('/api/mailboxes', { ...body, port: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Porta');
    const res = await admin.post('/api/mailboxes', body);
    expect(res.status).toBe(201);
    expect(res.body.hasSecret).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(imap.password);
    mailboxId = res.body.id as string;
    const [stored] = await q(`SELECT secret_enc FROM mailboxes WHERE id = $1`, [mailboxId]);
    expect(String(stored?.secret_enc)).not.toContain(imap.password);
    const list = await admin.agent.get('/api/mailboxes').expect(200);
    expect(JSON.stringify(list.body)).not.toContain(imap.password);
    const pec = await admin.post('/api/mailboxes', { ...body, name: 'PEC del CIT', kind: 'pec', folder: 'PEC', defaultGroup: null });
    expect(pec.status).toBe(201);
    // A change without a password keeps the stored one.
    const renamed = await put(admin, `/api/mailboxes/${mailboxId}`, { ...body, secret: undefined, name: 'Assistenza CIT', version: res.body.version });
    expect(renamed.status).toBe(200);
    const audit = await q(`SELECT after FROM audit_log WHERE entity = 'mailboxes'`);
    expect(audit.length).toBe(3);
    expect(JSON.stringify(audit)).not.toContain(imap.password);
    await until('mailboxes followed', async () => ((await q(`SELECT 1 FROM mailboxes WHERE last_sync_at IS NOT NULL`)).length === 2 ? true : undefined));
  });

  it("a new message from a referent opens a ticket for the referent's Ente, attachments filtered as uploads", async () => {
    const id = newMessageId();
    await imap.append(
      rawMail({
        from: 'Referente Alfa <a@alfa.example>',
        subject: 'Scanner ufficio anagrafe guasto',
        text: 'Lo scanner non si accende.',
        messageId: id,
        attachments: [
          { name: 'foto.pdf', type: 'application/pdf', bytes: PDF },
          { name: 'setup.exe', type: 'application/octet-stream', bytes: EXE },
        ],
      }),
    );
    expect((await outcomeOf(id)).outcome).toBe('ticket');
    const t = await waitTicket('Scanner ufficio anagrafe guasto');
    expect(t.ente_id).toBe(world.enteA);
    expect(t.channel).toBe('email');
    expect(t.requester_id).toBe(world.users.userA);
    expect(t.support_group).toBe('primo_livello'); // the mailbox's default group
    const detail = await alfa.agent.get(`/api/tickets/${String(t.id)}`).expect(200);
    expect(detail.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['foto.pdf']);
    expect(detail.body.description).toContain('Allegati non accettati: setup.exe');
  });

  it('a reply becomes a follow-up: by thread reference and by the protocol number in the subject', async () => {
    const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title: 'Rete lenta in biblioteca', description: 'La rete è lenta.' });
    expect(res.status).toBe(201);
    const ticketId = res.body.id as string;
    const [t] = await q(`SELECT protocol_year, protocol_number FROM tickets WHERE id = $1`, [ticketId]);
    const byRef = newMessageId();
    await imap.append(
      rawMail({
        from: 'a@alfa.example',
        subject: 'Re: Rete lenta in biblioteca',
        text: 'Ora va meglio, grazie.\n\nIl giorno ieri CIT ha scritto:\n> testo citato',
        messageId: byRef,
        headers: { 'In-Reply-To': `<ticket-${ticketId}@cit.provincia.brescia.it>` },
      }),
    );
    const byProtocol = newMessageId();
    await imap.append(
      rawMail({ from: 'a@alfa.example', subject: `Pratica ${String(t?.protocol_year)}/${String(t?.protocol_number)}: aggiornamento`, text: 'Allego aggiornamento.', messageId: byProtocol }),
    );
    expect((await outcomeOf(byRef)).outcome).toBe('followup');
    expect((await outcomeOf(byProtocol)).outcome).toBe('followup');
    const bodies = (await q(`SELECT body FROM ticket_followups WHERE ticket_id = $1 ORDER BY created_at`, [ticketId])).map((r) => r.body);
    expect(bodies).toEqual(['Ora va meglio, grazie.', 'Allego aggiornamento.']);
  });

  it('an unknown sender lands in the unassigned list; an operator files it for an Ente, or discards it (audited)', async () => {
    const first = newMessageId();
    const second = newMessageId();
    await imap.append(rawMail({ from: 'sconosciuto@altrove.example', subject: 'Richiesta di informazioni', text: 'Buongiorno, vorrei sapere…', messageId: first }));
    await imap.append(rawMail({ from: 'pubblicita@altrove.example', subject: 'Offerta imperdibile', text: 'Compra!', messageId: second }));
    expect((await outcomeOf(first)).outcome).toBe('unassigned');
    expect((await outcomeOf(second)).outcome).toBe('unassigned');
    expect((await alfa.agent.get('/api/unassigned-mail')).status).toBe(403);
    const list = await operator.agent.get('/api/unassigned-mail').expect(200);
    const info = (list.body as Array<{ id: string; subject: string; reason: string }>).find((m) => m.subject === 'Richiesta di informazioni');
    const spam = (list.body as Array<{ id: string; subject: string }>).find((m) => m.subject === 'Offerta imperdibile');
    expect(info?.reason).toContain('mittente sconosciuto');
    const wrong = await operator.post(`/api/unassigned-mail/${info?.id}/ticket`, { enteId: world.enteA, requesterId: world.users.userB });
    expect(wrong.status).toBe(400);
    const filed = await operator.post(`/api/unassigned-mail/${info?.id}/ticket`, { enteId: world.enteB, requesterId: world.users.userB });
    expect(filed.status).toBe(201);
    const [t] = await q(`SELECT ente_id, title FROM tickets WHERE id = $1`, [filed.body.ticketId]);
    expect(t).toEqual({ ente_id: world.enteB, title: 'Richiesta di informazioni' });
    expect((await operator.post(`/api/unassigned-mail/${info?.id}/ticket`, { enteId: world.enteB, requesterId: world.users.userB })).status).toBe(409);
    expect((await operator.post(`/api/unassigned-mail/${spam?.id}/discard`)).status).toBe(204);
    const open = await operator.agent.get('/api/unassigned-mail').expect(200);
    expect((open.body as Array<{ subject: string }>).map((m) => m.subject)).not.toContain('Offerta imperdibile');
    const audit = await q(`SELECT after FROM audit_log WHERE entity = 'unassigned_mails' ORDER BY at`);
    expect(audit.map((a) => (a.after as { status: string }).status)).toEqual(['ticket', 'discarded']);
  });

  it("a PEC envelope from an Ente's PEC address opens a PEC ticket from the inner message, envelope and daticert kept as evidence", async () => {
    const innerId = newMessageId('pec.comunedialfa.example');
    const inner = rawMail({ from: PEC_ALFA, to: 'cit@pec.provincia.brescia.example', subject: 'Richiesta attivazione firma digitale', text: 'Si chiede supporto per la firma digitale.', messageId: innerId });
    const envelope = provider.envelope({
      kind: 'posta-certificata',
      to: 'cit@pec.provincia.brescia.example',
      inner,
      daticert: { tipo: 'posta-certificata', mittente: PEC_ALFA, destinatari: ['cit@pec.provincia.brescia.example'], oggetto: 'Richiesta attivazione firma digitale', msgid: innerId },
    });
    expect(envelope).toContain('smime.p7s');
    await imap.append(envelope, 'PEC');
    const t = await waitTicket('Richiesta attivazione firma digitale');
    expect(t.ente_id).toBe(world.enteA);
    expect(t.channel).toBe('pec');
    const detail = await operator.agent.get(`/api/tickets/${String(t.id)}`).expect(200);
    expect(detail.body.description).toBe('Si chiede supporto per la firma digitale.');
    expect(detail.body.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual(['busta-pec.eml', 'daticert.xml']);
  });

  it('PEC receipts are matched to the notice the product sent and shown in the timeline; a failed delivery alerts staff', async () => {
    const title = 'Guasto centralino municipio';
    const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'high', title, description: 'Il centralino non funziona.' });
    const ticketId = res.body.id as string;
    const sent = await until('a notice sent for the ticket', async () => (await q(`SELECT message_id FROM outgoing_mails WHERE ticket_id = $1 LIMIT 1`, [ticketId]))[0]);
    const msgid = String(sent.message_id);
    const receipt = (tipo: string, extra: object = {}) =>
      provider.envelope({
        kind: 'ricevuta',
        to: 'cit@pec.provincia.brescia.example',
        daticert: { tipo, mittente: 'cit@pec.provincia.brescia.example', destinatari: [PEC_ALFA], oggetto: title, msgid, ...extra },
      });
    await imap.append(receipt('accettazione'), 'PEC');
    await imap.append(receipt('avvenuta-consegna', { consegna: PEC_ALFA }), 'PEC');
    await imap.append(receipt('errore-consegna', { errore: 'no-dest', consegna: 'ufficio@pec.chiuso.example', erroreEsteso: '5.1.1 - Utente non esistente' }), 'PEC');
    const receipts = await until('three receipts', async () => {
      const rows = await q(`SELECT kind, ticket_id, outgoing_mail_id, error FROM pec_receipts WHERE msgid = $1 ORDER BY received_at`, [msgid]);
      return rows.length === 3 ? rows : undefined;
    });
    expect(receipts.map((r) => r.kind).sort()).toEqual(['accettazione', 'avvenuta-consegna', 'errore-consegna']);
    expect(receipts.every((r) => r.ticket_id === ticketId && r.outgoing_mail_id)).toBe(true);
    const detail = await operator.agent.get(`/api/tickets/${ticketId}`).expect(200);
    const lines = (detail.body.timeline as Array<{ kind: string; field?: string; to?: string }>).filter((e) => e.field === 'pec_receipt').map((e) => e.to);
    expect(lines.sort()).toEqual([`accettazione: ${PEC_ALFA}`, `avvenuta-consegna: ${PEC_ALFA}`, 'errore-consegna: ufficio@pec.chiuso.example']);
    const bell = await q(`SELECT user_id FROM app_notifications WHERE kind = 'pec_failed' AND ticket_id = $1`, [ticketId]);
    expect(bell.map((b) => b.user_id)).toEqual(expect.arrayContaining([world.users.operator, world.users.admin]));
  });

  it('a failed delivery of an official notice without a ticket (a statement) marks it failed and lists it for the operators', async () => {
    // A statement notice as the notices job writes it, already handed to the PEC account.
    const id = randomUUID();
    const messageId = `<pec-${id}@cit.provincia.brescia.it>`;
    const subject = 'Comunicazione ufficiale: estratto conto n. 7/2026 disponibile';
    await env.ds.transaction(async (tx) => {
      await env.mailboxes.notices.repo.insert(tx, {
        id, actKey: `statement:test:${id}`, act: 'statement', enteId: world.enteA, ticketId: null, statementId: null, toAddress: PEC_ALFA,
        subject, text: 'x', html: '<p>x</p>', messageId, status: 'queued', reason: null,
      });
      await env.mailboxes.notices.repo.markSent(tx, id);
    });
    const receipt = (tipo: string, extra: object = {}) =>
      provider.envelope({ kind: 'ricevuta', to: 'cit@pec.provincia.brescia.example', daticert: { tipo, mittente: 'cit@pec.provincia.brescia.example', destinatari: [PEC_ALFA], oggetto: subject, msgid: messageId, ...extra } });
    await imap.append(receipt('accettazione'), 'PEC');
    await imap.append(receipt('errore-consegna', { errore: 'no-dest', consegna: PEC_ALFA, erroreEsteso: '5.1.1 - Casella piena' }), 'PEC');
    const row = await until('the notice failed', async () => (await q(`SELECT status, reason FROM official_notices WHERE id = $1 AND status = 'failed'`, [id]))[0]);
    expect(row.reason).toBe('no-dest: 5.1.1 - Casella piena');
    expect((await q(`SELECT kind FROM pec_receipts WHERE official_notice_id = $1 ORDER BY kind`, [id])).map((r) => r.kind)).toEqual(['accettazione', 'errore-consegna']);
    const listed = await until('listed for the operators', async () => (await q(`SELECT reason FROM unassigned_mails WHERE message_id = $1`, [messageId]))[0]);
    expect(listed.reason).toBe(`comunicazione ufficiale PEC non consegnata («${subject}»): ricevuta «errore-consegna»`);
    // This server has no PEC account: the admins see it.
    const list = await admin.agent.get('/api/admin/official-notices').query({ status: 'failed' }).expect(200);
    expect(list.body.pecConfigured).toBe(false);
    expect(list.body.notices).toEqual([expect.objectContaining({ id, act: 'statement', status: 'failed', toAddress: PEC_ALFA, messageId })]);
  });

  it('auto-replies, mailing lists and bounces never open a ticket nor land in the list', async () => {
    const cases: Array<{ headers: Record<string, string>; subject: string }> = [
      { headers: { 'Auto-Submitted': 'auto-replied' }, subject: 'Fuori ufficio' },
      { headers: { Precedence: 'bulk' }, subject: 'Notiziario settimanale' },
      { headers: { 'List-Id': '<comuni.liste.example>' }, subject: 'Lista dei Comuni' },
      { headers: { 'Return-Path': '<>' }, subject: 'Undelivered Mail Returned to Sender' },
    ];
    const ids = cases.map(() => newMessageId());
    for (const [i, c] of cases.entries()) await imap.append(rawMail({ from: 'u@gamma.example', subject: c.subject, text: 'automatico', messageId: ids[i], headers: c.headers }));
    for (const id of ids) expect((await outcomeOf(id)).outcome).toBe('ignored');
    expect(await q(`SELECT 1 FROM tickets WHERE title = ANY($1)`, [cases.map((c) => c.subject)])).toEqual([]);
    expect(await q(`SELECT 1 FROM unassigned_mails WHERE subject = ANY($1)`, [cases.map((c) => c.subject)])).toEqual([]);
    // No answer went out to any of them.
    expect(sink.to('u@gamma.example').filter((m) => cases.some((c) => (m.subject ?? '').includes(c.subject)))).toEqual([]);
  });

  it('a flooding sender is throttled after the hourly limit and reported once', async () => {
    await createUser(env.ds, 'flood@alfa.example', 'ente_user', { enti: [world.enteA] });
    const ids = Array.from({ length: FLOOD + 3 }, () => newMessageId());
    for (const [i, id] of ids.entries()) await imap.append(rawMail({ from: 'flood@alfa.example', subject: `Messaggio ripetuto ${i}`, text: 'ancora', messageId: id }));
    const outcomes = await Promise.all(ids.map((id) => outcomeOf(id).then((o) => o.outcome)));
    expect(outcomes.filter((o) => o === 'ticket').length).toBe(FLOOD);
    expect(outcomes.filter((o) => o === 'throttled').length).toBe(3);
    const reports = await q(`SELECT reason FROM unassigned_mails WHERE from_address = 'flood@alfa.example'`);
    expect(reports.length).toBe(1);
    expect(String(reports[0]?.reason)).toContain('invio massivo');
  });

  it('a crash between processing and flagging, a broken connection and a restart lose and double nothing', async () => {
    const sender = 'b@beta.example';
    const titles = Array.from({ length: 5 }, (_, i) => `Richiesta dopo riavvio ${i}`);
    let crashes = 0;
    env.mailboxes.afterProcessed = () => {
      // The first two messages are processed and recorded, then the process "dies" before flagging them.
      crashes += 1;
      if (crashes === 2) throw new Error('crash simulato tra elaborazione e contrassegno');
    };
    for (const t of titles) await imap.append(rawMail({ from: sender, subject: t, text: 'testo', messageId: newMessageId() }));
    await until('the crash', () => (crashes >= 2 ? true : undefined), 20_000);
    // A restart of the followers (new connections, new state), then a broken connection on top.
    await env.mailboxes.stop();
    env.mailboxes.afterProcessed = undefined;
    await env.mailboxes.start();
    env.mailboxes.breakConnections();
    const all = await until('five tickets', async () => {
      const rows = await q(`SELECT title FROM tickets WHERE title = ANY($1)`, [titles]);
      return rows.length >= 5 ? rows : undefined;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 3000)); // more passes: nothing more may appear
    expect((await q(`SELECT title FROM tickets WHERE title = ANY($1)`, [titles])).length).toBe(all.length);
    expect(all.map((r) => r.title).sort()).toEqual(titles);
    // Every message of the mailbox is flagged as done on the server.
    const client = await imap.client();
    await client.mailboxOpen('INBOX');
    const notDone = await client.search({ unKeyword: '$CitDone' }, { uid: true });
    await client.logout();
    expect(notDone).toEqual([]);
  });

  it('a message a killed process left half-done goes to the operators once, never into a second ticket', async () => {
    await env.mailboxes.stop();
    const id = newMessageId();
    const appended = await imap.append(rawMail({ from: 'b@beta.example', subject: 'Lasciato a meta', text: 'testo', messageId: id }));
    expect(appended).toBeDefined();
    // The claim a process wrote before it was killed with SIGKILL (ten minutes ago: no process is still on it).
    await q(
      `INSERT INTO mailbox_messages (mailbox_id, uidvalidity, uid, message_id, sender, claimed_at) VALUES ($1, $2, $3, $4, 'b@beta.example', now() - interval '10 minutes')`,
      [mailboxId, String(appended?.uidValidity), appended?.uid, id],
    );
    await env.mailboxes.start();
    const out = await outcomeOf(id);
    expect(out).toMatchObject({ outcome: 'unassigned', reason: 'elaborazione interrotta' });
    expect(await q(`SELECT 1 FROM tickets WHERE title = 'Lasciato a meta'`)).toEqual([]);
    expect((await q(`SELECT reason FROM unassigned_mails WHERE subject = 'Lasciato a meta'`)).map((r) => r.reason)).toEqual([
      'elaborazione interrotta (riavvio o guasto): verificare che non sia già stato aperto un ticket',
    ]);
  });
});
