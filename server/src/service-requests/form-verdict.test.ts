import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CSRF_HEADER, VERDICT_REASONS } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { activationRequest, createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { binary } from '../../test/pdf-text';
import { cadesSign, makePki, SIGNER_CF, type TestPki } from '../../test/signing';
import { configureSignatures } from './signed-form/trust';

/*
 * The approver's single verdict (issue 20, point 4) end to end through the API: the platform's own form, signed
 * by openssl's test signer, checked online against the test CA's trusted list and CRL (a real HTTP server).
 */
describe('the approver verdict on the signed form: requester, authorised signatories, chain, revocation, request', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let approver: SignedIn;
  let admin: SignedIn;
  let pki: TestPki;
  let crl: Server;

  beforeAll(async () => {
    crl = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(pki.crlDer));
    await new Promise<void>((resolve) => crl.listen(0, '127.0.0.1', resolve));
    pki = makePki(`http://127.0.0.1:${(crl.address() as AddressInfo).port}/ca.crl`);
    env = await startTestEnv({ SIGNATURE_TRUST_LIST: pki.trustListPath, SIGNATURE_ONLINE: 'true' });
    world = await tenantWorld(env.ds);
    await env.ds.query(`UPDATE users SET fiscal_code = $1 WHERE email = 'a@alfa.example'`, [SIGNER_CF]);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    [alfa, approver, admin] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('approvatore@cit.example', PASSWORD),
      env.signIn('admin@cit.example', PASSWORD),
    ]);
  });
  afterAll(async () => {
    configureSignatures({ online: false });
    await env.close();
    crl.closeAllConnections();
    await new Promise<void>((resolve) => crl.close(() => resolve()));
  });

  const formPdf = async (quantity: number): Promise<Buffer> => {
    const res = await alfa.post('/api/service-requests/form', { category: 'activation', serviceCode: 'pec', quantity, signatoryName: 'Mario Rossi', signatoryRole: 'Sindaco' }).buffer(true).parse(binary).expect(200);
    return res.body as Buffer;
  };
  const send = async (p7m: Buffer, quantity = 1): Promise<string> => {
    const res = await alfa.postRequest('/api/tickets', activationRequest({ quantity }), [{ name: 'modulo.pdf.p7m', bytes: p7m }]).expect(201);
    return res.body.id as string;
  };

  it('is Conforme when the requester signed the platform form of this request', async () => {
    const id = await send(cadesSign(pki, pki.signer, await formPdf(1)));
    const detail = await approver.agent.get(`/api/tickets/${id}`).expect(200);
    expect(detail.body.formVerdict).toEqual({ outcome: 'conforme', reasons: [], signer: { name: 'Mario Rossi', fiscalCode: SIGNER_CF, capacity: 'requester' } });
    const inbox = await approver.agent.get('/api/approvals').expect(200);
    expect(inbox.body.items.find((t: { id: string }) => t.id === id).formVerdict.outcome).toBe('conforme');
  });

  it('is Da verificare for a signer who is neither requester nor authorised, Conforme once the Ente declares them (audited)', async () => {
    const other = pki.other;
    const id = await send(cadesSign(pki, other, await formPdf(1)));
    const before = await approver.agent.get(`/api/tickets/${id}`).expect(200);
    expect(before.body.formVerdict.outcome).toBe('da_verificare');
    expect(before.body.formVerdict.reasons).toEqual([VERDICT_REASONS.unknownSigner(`${other.name}, ${other.fiscalCode}`)]);

    const bad = await admin.post(`/api/enti/${world.enteA}/signatories`, { fullName: 'X', fiscalCode: 'nope', role: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['fiscalCode', 'fullName', 'role']);
    expect((await alfa.post(`/api/enti/${world.enteA}/signatories`, { fullName: other.name, fiscalCode: other.fiscalCode, role: 'Segretario' })).status).toBe(403);
    const added = await admin.post(`/api/enti/${world.enteA}/signatories`, { fullName: other.name, fiscalCode: other.fiscalCode.toLowerCase(), role: 'Segretario comunale' }).expect(201);
    expect((await admin.post(`/api/enti/${world.enteA}/signatories`, { fullName: other.name, fiscalCode: other.fiscalCode, role: 'Segretario' })).status).toBe(409);
    const audit = (await env.ds.query(`SELECT action FROM audit_log WHERE entity = 'ente_signatories' AND record_id = $1`, [added.body.id])) as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(['create']);

    const after = await approver.agent.get(`/api/tickets/${id}`).expect(200);
    expect(after.body.formVerdict).toMatchObject({ outcome: 'conforme', signer: { capacity: 'signatory' } });
    await admin.agent.delete(`/api/enti/${world.enteA}/signatories/${added.body.id as string}`).set(CSRF_HEADER, admin.csrfToken).expect(204);
    expect((await approver.agent.get(`/api/tickets/${id}`)).body.formVerdict.outcome).toBe('da_verificare');
  });

  it('recognises the membership signatory by the codice fiscale recorded on the membership, checked with its control letter', async () => {
    const other = pki.other;
    const id = await send(cadesSign(pki, other, await formPdf(1)));
    const [membership] = (await admin.agent.get(`/api/enti/${world.enteA}/memberships`).expect(200)).body.items as Array<{ id: string; version: number; signer: string }>;
    const url = `/api/enti/${world.enteA}/memberships/${membership!.id}`;
    // A wrong control letter is refused, naming the field; nothing changes.
    const bad = await admin.agent.patch(url).set(CSRF_HEADER, admin.csrfToken).send({ signerFiscalCode: 'NREGLI85C41B157K', version: membership!.version });
    expect([bad.status, bad.body.error.details.fields.map((f: { path: string }) => f.path)]).toEqual([400, ['signerFiscalCode']]);
    expect(bad.body.error.details.fields[0].message).toContain('Codice fiscale del firmatario');

    // Recorded (typed in lower case with a space), the signature is the membership signatory's: Conforme.
    const saved = await admin.agent.patch(url).set(CSRF_HEADER, admin.csrfToken).send({ signerFiscalCode: 'nregli85c41 b157q', version: membership!.version }).expect(200);
    expect(saved.body).toMatchObject({ signer: membership!.signer, signerFiscalCode: other.fiscalCode });
    expect((await approver.agent.get(`/api/tickets/${id}`)).body.formVerdict).toMatchObject({ outcome: 'conforme', signer: { capacity: 'signatory' } });

    // Emptied again: the code is not known and the signature is back to Da verificare.
    await admin.agent.patch(url).set(CSRF_HEADER, admin.csrfToken).send({ signerFiscalCode: '', version: saved.body.version }).expect(200);
    expect((await approver.agent.get(`/api/tickets/${id}`)).body.formVerdict.outcome).toBe('da_verificare');
  });

  it('is Non conforme when the signed form is for another quantity than the request', async () => {
    const id = await send(cadesSign(pki, pki.signer, await formPdf(3)), 1);
    const detail = await approver.agent.get(`/api/tickets/${id}`).expect(200);
    expect(detail.body.formVerdict.outcome).toBe('non_conforme');
    expect(detail.body.formVerdict.reasons).toEqual([VERDICT_REASONS.quantity(3, 1)]);
  });
});
