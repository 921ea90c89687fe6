import { CSRF_HEADER } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../../test/harness';
import { activationRequest, createUser, PASSWORD, tenantWorld } from '../../../test/fixtures';
import { binary, pdfText } from '../../../test/pdf-text';
import { cadesSign, handSignedForm, makePki, signedForm } from '../../../test/signing';
import { checkSignedForm } from '../signed-form/check';
import { applyApprovedTicket } from '../apply';

const activation = activationRequest;

describe('the request form: pre-filled PDF/A, check before submission, required at creation and approval', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let member: SignedIn;
  let approver: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    world = await tenantWorld(env.ds);
    await env.ds.query(`UPDATE enti SET capofila_pays = true WHERE id = $1`, [world.member1]);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    [alfa, member, approver] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('m@gamma-alta.example', PASSWORD),
      env.signIn('approvatore@cit.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const form = (who: SignedIn, body: object) => who.post('/api/service-requests/form', body).buffer(true).parse(binary);

  it('generates a PDF/A form with the Ente, the service, the cost preview and the signatory; once signed it is valid', async () => {
    const res = await form(alfa, {
      category: 'activation',
      serviceCode: 'pec',
      quantity: 5,
      unitLabels: ['anagrafe@pec.alfa.it'],
      signatoryName: 'Maria Bianchi',
      signatoryRole: 'Responsabile area amministrativa',
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    const [fiscal] = (await env.ds.query(`SELECT fiscal_code FROM enti WHERE id = $1`, [world.enteA])) as Array<{ fiscal_code: string }>;
    for (const expected of [
      'Modulo di richiesta attivazione/disdetta servizio',
      'Richiesta di attivazione',
      'Comune di Alfa',
      `Codice fiscale: ${fiscal!.fiscal_code}`,
      'Servizio: Casella PEC',
      'Quantità: 5 caselle PEC',
      'anagrafe@pec.alfa.it',
      'Anteprima dei costi (listino 2026-2030)',
      '€ 20,00',
      'Maria Bianchi, in qualità di Responsabile area amministrativa',
    ]) {
      expect(text).toContain(expected);
    }
    // The unsigned form declares PDF/A; signed (CAdES) it passes the signed-form check.
    const plain = await checkSignedForm(pdf);
    expect([plain.verdict, plain.pdfA]).toEqual(['unsigned', { declared: true, part: 2, conformance: 'B' }]);
    const pki = makePki();
    const signed = await checkSignedForm(cadesSign(pki, pki.signer, pdf));
    expect([signed.verdict, signed.problems]).toEqual(['valid', []]);
    // The identification written in the XMP comes back from the signed file, for the approver's verdict.
    expect(signed.form).toEqual({ category: 'activation', serviceCode: 'pec', quantity: 5, enteFiscalCode: fiscal!.fiscal_code, ticketProtocol: null });
  });

  it('names the paying capofila on a member’s form, refuses another Ente and a missing signatory', async () => {
    const res = await form(member, { category: 'activation', serviceCode: 'pec', signatoryName: 'Luca Verdi', signatoryRole: 'Sindaco' }).expect(200);
    expect((await pdfText(res.body as Buffer)).replace(/\s+/g, ' ')).toContain("Unione dei Comuni Gamma (codice fiscale");
    expect((await alfa.post('/api/service-requests/form', { category: 'activation', serviceCode: 'pec', enteId: world.enteB, signatoryName: 'X Y', signatoryRole: 'Sindaco' })).status).toBe(404);
    const bad = await alfa.post('/api/service-requests/form', { category: 'activation', serviceCode: 'pec', signatoryName: '', signatoryRole: 'Sindaco' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['signatoryName']);
  });

  const check = (files: Array<{ name: string; bytes: Buffer }>) => {
    let req = alfa.agent.post('/api/service-requests/form-check').set(CSRF_HEADER, alfa.csrfToken);
    for (const f of files) req = req.attach('attachments', f.bytes, f.name);
    return req;
  };

  it('checks the signed files before submission: digital, hand-signed with ID, hand-signed alone', async () => {
    const { form: scan, identity } = handSignedForm();
    const digital = await check([{ name: 'modulo.pdf.p7m', bytes: signedForm() }]).expect(200);
    expect(digital.body.requirement).toMatchObject({ outcome: 'digital_ok', passes: true });
    expect(digital.body.files[0].check.signature.signer.commonName).toBe('Mario Rossi');

    const hand = await check([{ name: 'modulo.pdf', bytes: scan }, { name: 'carta-identita.png', bytes: identity }]).expect(200);
    expect(hand.body.requirement).toMatchObject({ outcome: 'handwritten_with_id', passes: true, message: "Firma autografa: verificare il documento d'identità del firmatario." });

    const alone = await check([{ name: 'modulo.pdf', bytes: scan }]).expect(200);
    expect(alone.body.requirement).toMatchObject({ outcome: 'failed', passes: false });
    expect(alone.body.requirement.problems).toEqual(["Modulo firmato a mano: manca il documento d'identità del firmatario (immagine o PDF)."]);

    const none = await alfa.agent.post('/api/service-requests/form-check').set(CSRF_HEADER, alfa.csrfToken).field('x', 'y');
    expect([none.status, none.body.error.details.fields[0].path]).toEqual([400, 'attachments']);
  });

  it('refuses an activation without a form that passes, naming the field, and writes nothing', async () => {
    const count = async () => ((await env.ds.query(`SELECT count(*)::int AS n FROM tickets`)) as Array<{ n: number }>)[0]!.n;
    const before = await count();
    const json = await alfa.post('/api/tickets', activation());
    expect([json.status, json.body.error.code]).toEqual([400, 'signed_form_required']);
    expect(json.body.error.details.fields).toEqual([{ path: 'attachments', message: expect.stringContaining('Allegare il modulo di richiesta firmato') }]);
    const { form: scan } = handSignedForm();
    const alone = await alfa.postRequest('/api/tickets', activation(), [{ name: 'modulo.pdf', bytes: scan }]);
    expect([alone.status, alone.body.error.details.fields[0].path]).toEqual([400, 'attachments']);
    expect(alone.body.error.message).toContain("manca il documento d'identità");
    expect(await count()).toBe(before);
  });

  it('accepts a hand-signed form with the ID; approval refuses a failing form unless overridden with a reason, kept in the history', async () => {
    const { form: scan, identity } = handSignedForm();
    const hand = await alfa.postRequest('/api/tickets', activation(), [{ name: 'modulo.pdf', bytes: scan }, { name: 'documento.png', bytes: identity }]).expect(201);
    const ok = await approver.post(`/api/tickets/${hand.body.id as string}/approval`, { decision: 'approve' });
    expect([ok.status, ok.body.approvalState]).toEqual([200, 'approved']);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, hand.body.id as string)).toBe('applied');

    // A form that failed at creation cannot exist any more; one that fails at approval is an old ticket or a
    // changed rule: simulate it by removing the identity document.
    const second = await alfa.postRequest('/api/tickets', activation(), [{ name: 'modulo.pdf', bytes: scan }, { name: 'documento.png', bytes: identity }]).expect(201);
    const id = second.body.id as string;
    await env.ds.query(`DELETE FROM ticket_attachments WHERE ticket_id = $1 AND kind = 'image'`, [id]);
    const refused = await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'signed_form_not_valid']);
    expect(refused.body.error.message).toContain("manca il documento d'identità");
    const short = await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve', override: true, overrideReason: 'ok' });
    expect([short.status, short.body.error.details.fields[0].path]).toEqual([400, 'overrideReason']);
    expect((await env.ds.query(`SELECT approval_state FROM tickets WHERE id = $1`, [id]))[0].approval_state).toBe('requested');

    const reason = 'Documento di identità consegnato a mano allo sportello CIT il 2 dicembre.';
    const overridden = await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve', override: true, overrideReason: reason });
    expect([overridden.status, overridden.body.approvalState]).toEqual([200, 'approved']);
    const line = (overridden.body.timeline as Array<{ kind: string; field?: string; from?: string; to?: string }>).find((e) => e.field === 'approval_override');
    expect(line).toMatchObject({ kind: 'history', from: 'failed', to: reason });
    // The Ente sees the override on its ticket too.
    const seen = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    expect((seen.body.timeline as Array<{ field?: string }>).some((e) => e.field === 'approval_override')).toBe(true);
  });

  it('records each download of a signed form and of an identity document in the audit log, and nothing for refused ones', async () => {
    const [operator, beta, admin] = await Promise.all([
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('admin@cit.example', PASSWORD),
    ]);
    const { form: scan, identity } = handSignedForm();
    const hand = (await alfa.postRequest('/api/tickets', activation(), [{ name: 'modulo.pdf', bytes: scan }, { name: 'documento.jpg', bytes: identity }]).expect(201)).body.id as string;
    const digital = (await alfa.postRequest('/api/tickets', activation()).expect(201)).body.id as string;
    // An image on an assistance ticket is a screenshot, not an identity document.
    const help = { type: 'incident', category: 'assistance', urgency: 'low', title: 'Schermata di errore', description: 'Allego la schermata di errore del protocollo.' };
    const assistance = (await alfa.postRequest('/api/tickets', help, [{ name: 'schermata.jpg', bytes: identity }]).expect(201)).body.id as string;
    // Files sent together share their creation time: name them by kind, not by position.
    const filesOf = async (ticketId: string) =>
      (await env.ds.query(`SELECT id, file_name FROM ticket_attachments WHERE ticket_id = $1 ORDER BY kind DESC`, [ticketId])) as Array<{ id: string; file_name: string }>;
    const [handForm, idDoc] = await filesOf(hand);
    const [p7m] = await filesOf(digital);
    const [screenshot] = await filesOf(assistance);
    const downloads = async () =>
      (await env.ds.query(`SELECT entity, record_id, actor_id, after FROM audit_log WHERE action = 'download' ORDER BY id`)) as Array<{
        entity: string;
        record_id: string;
        actor_id: string;
        after: { attachmentId: string; fileName: string };
      }>;
    const before = (await downloads()).length;
    const get = (who: SignedIn, ticketId: string, attachmentId: string) => who.agent.get(`/api/tickets/${ticketId}/attachments/${attachmentId}`).buffer(true).parse(binary);

    for (const [ticketId, file] of [[hand, handForm], [hand, idDoc], [digital, p7m], [assistance, screenshot]] as const) await get(operator, ticketId, file!.id).expect(200);
    const entries = (await downloads()).slice(before);
    expect(entries.map((e) => [e.entity, e.record_id, e.actor_id, e.after.attachmentId, e.after.fileName])).toEqual([
      ['signed_forms', hand, world.users.operator, handForm!.id, handForm!.file_name],
      ['identity_documents', hand, world.users.operator, idDoc!.id, idDoc!.file_name],
      ['signed_forms', digital, world.users.operator, p7m!.id, p7m!.file_name],
    ]);

    // Refused downloads read nothing: another Ente's user, a file asked under another ticket, a file purged.
    await get(beta, hand, idDoc!.id).expect(404);
    await get(operator, digital, idDoc!.id).expect(404);
    await env.ds.query(`UPDATE ticket_attachments SET purged_at = now(), purge_reason = 'signed_form' WHERE id = $1`, [handForm!.id]);
    await get(operator, hand, handForm!.id).expect(410);
    expect((await downloads()).length).toBe(before + 3);

    // The admin finds them in the audit log by ticket, with who downloaded what.
    const log = await admin.agent.get('/api/admin/audit').query({ entity: 'identity_documents', recordId: hand }).expect(200);
    expect(log.body.items).toEqual([expect.objectContaining({ action: 'download', actor: expect.objectContaining({ email: 'op@cit.example' }), after: expect.objectContaining({ fileName: idDoc!.file_name }) })]);
  });

  it('prints the records being cancelled and the protocol of a ticket already sent on a cancellation form', async () => {
    const [box] = (await env.ds.query(`SELECT id FROM service_records WHERE ente_id = $1 ORDER BY unit_index LIMIT 1`, [world.enteA])) as Array<{ id: string }>;
    const [ticket] = (await env.ds.query(`SELECT id, protocol_year, protocol_number FROM tickets WHERE ente_id = $1 ORDER BY created_at LIMIT 1`, [world.enteA])) as Array<{
      id: string;
      protocol_year: number;
      protocol_number: number;
    }>;
    const res = await form(alfa, {
      category: 'cancellation',
      serviceCode: 'pec',
      targetRecordIds: [box!.id],
      signatoryName: 'Maria Bianchi',
      signatoryRole: 'Sindaco',
      ticketId: ticket!.id,
    }).expect(200);
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Richiesta di disdetta');
    expect(text).toContain('Casella PEC n. 1 (attivo dal');
    expect(text).toContain(`Protocollo: ${ticket!.protocol_year}/${String(ticket!.protocol_number).padStart(6, '0')}`);
    expect(text).not.toContain('Anteprima dei costi');
    // Records of another Ente are refused, naming the field.
    const [other] = (await env.ds.query(`SELECT gen_random_uuid() AS id`)) as Array<{ id: string }>;
    const bad = await alfa.post('/api/service-requests/form', { category: 'cancellation', serviceCode: 'pec', targetRecordIds: [other!.id], signatoryName: 'Maria Bianchi', signatoryRole: 'Sindaco' });
    expect([bad.status, bad.body.error.details.fields[0].path]).toEqual([400, 'targetRecordIds']);
  });
});
