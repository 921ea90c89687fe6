import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { activationRequest, createUser, PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { binary } from '../../server/test/pdf-text';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cadesSign, makePki, SIGNER_CF, type TestPki } from '../../server/test/signing';
import { SmtpSink } from '../../server/test/smtp-sink';
import { until } from '../../server/test/until';
import { followMainNav, screenshot } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/**
 * The main flow, in real Chromium with four people at once: an Ente user goes through the wizard
 * (service and quantity → cost preview → signatory), downloads the pre-filled request form, signs it (CAdES,
 * the test signer), uploads it and sees the verdict before sending → the operator's open console shows the
 * request without reload → an approver approves it → the Ente user's open ticket page shows the new state and
 * the service activated, without reload, then the record and the billing entry; the e-mail reaches the SMTP server.
 */
describe('activation request with a signed form, live from the Ente to the operator and the approver', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.start());
  // The test CA's CRL served over HTTP, so the product (online) verifies revocation as in production.
  let pki: TestPki;
  let crlServer: Server;
  beforeAll(async () => {
    crlServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(pki.crlDer));
    await new Promise<void>((resolve) => crlServer.listen(0, '127.0.0.1', resolve));
    pki = makePki(`http://127.0.0.1:${(crlServer.address() as AddressInfo).port}/ca.crl`);
  });
  afterAll(() => new Promise<void>((resolve) => {
    crlServer.closeAllConnections();
    crlServer.close(() => resolve());
  }));
  const session = browserSession({
    env: () => ({
      SIGNATURE_TRUST_LIST: pki.trustListPath,
      SIGNATURE_ONLINE: 'true',
      RUN_JOBS: 'true',
      SMTP_URL: sink.url,
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      MAIL_BACKOFF_MS: '250',
    }),
  });
  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    await createUser(session.env.ds, 'approvatore@cit.example', 'approver');
    // The requester is the test signer (users.fiscal_code, as OIDC login fills it).
    await session.env.ds.query(`UPDATE users SET fiscal_code = $1 WHERE email = 'a@alfa.example'`, [SIGNER_CF]);
  });
  afterAll(() => sink.stop());

  let enteUser: Page;
  let operator: Page;
  let approver: Page;
  const TITLE = 'Richiesta di attivazione: Casella PEC';
  let protocol = '';

  it('the Ente user sends the request with a .p7m, checked at once; the operator console shows it without reload', async () => {
    operator = await session.browsers.signedIn('op@cit.example');
    await followMainNav(operator, 'Ticket');
    await operator.getByRole('heading', { level: 1, name: 'Ticket' }).waitFor();
    await operator.getByText('Nessun ticket corrisponde ai filtri scelti.').waitFor();

    enteUser = await session.browsers.signedIn('a@alfa.example');
    await followMainNav(enteUser, 'Nuova richiesta');
    await enteUser.getByRole('heading', { level: 1, name: 'Nuova richiesta' }).waitFor();
    await enteUser.getByLabel('Categoria').selectOption({ label: 'Attivazione/rinnovo servizio' });
    await enteUser.getByLabel('Servizio', { exact: true }).selectOption({ label: 'Casella PEC' });
    expect(await enteUser.getByLabel('Oggetto').inputValue()).toBe(TITLE);
    await enteUser.getByLabel('Quantità (caselle PEC)').fill('5');
    await enteUser.getByLabel('Indirizzo della casella n. 1').fill('protocollo2@pec.alfa.it');
    await enteUser.getByLabel('Descrizione').fill('Caselle per il secondo sportello del protocollo.');
    await enteUser.getByRole('button', { name: 'Avanti' }).click();

    // Step 2: the cost preview; the focus moves to the step's heading.
    const step2 = enteUser.getByRole('heading', { level: 2, name: 'Passo 2 di 3: Anteprima dei costi' });
    await step2.waitFor();
    expect(await step2.evaluate((h) => h.matches(':focus'))).toBe(true);
    await enteUser.locator('.cost-preview .cost-total').getByText('€ 20,00').waitFor();
    await enteUser.getByRole('button', { name: 'Avanti' }).click();

    // Step 3: nothing can be sent before a signed form passes the check.
    await enteUser.getByRole('heading', { level: 2, name: 'Passo 3 di 3: Modulo firmato' }).waitFor();
    const send = enteUser.getByRole('button', { name: 'Invia la richiesta' });
    expect(await send.isDisabled()).toBe(true);
    await enteUser.getByText('Per inviare la richiesta occorre caricare un modulo firmato che superi il controllo.').waitFor();
    await enteUser.getByLabel('Nome e cognome del firmatario').fill('Maria Bianchi');
    await enteUser.getByLabel('Ruolo del firmatario').fill('Responsabile dei servizi demografici');
    const [download] = await Promise.all([
      enteUser.waitForEvent('download'),
      enteUser.getByRole('button', { name: 'Scarica il modulo precompilato (PDF/A)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('modulo-richiesta-pec.pdf');
    const form = await readFile(await download.path());
    expect(form.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The test signer signs the downloaded form (CAdES, content attached), as a signing tool would.
    const signed = cadesSign(pki, pki.signer, form);
    await enteUser.locator('#ticket-attachments').setInputFiles({ name: 'modulo-richiesta-pec.pdf.p7m', mimeType: 'application/pkcs7-mime', buffer: signed });
    const verdict = enteUser.locator('.form-verdict');
    await verdict.getByText('Esito del controllo: Firma digitale valida').waitFor();
    await verdict.getByText(/Firma valida \(Firmatario: Mario Rossi\)/).waitFor();
    expect(await send.isDisabled()).toBe(false);
    await screenshot(enteUser, 'flow-wizard-p7m');
    await send.click();

    await enteUser.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await enteUser.locator('.ticket-approval-now').getByText('In attesa di approvazione').waitFor();
    const card = enteUser.locator('.signed-form-card');
    await card.getByText('Firma valida').waitFor();
    await card.getByText('Mario Rossi').first().waitFor();
    await card.getByText('CAdES (.p7m)').waitFor();
    protocol = (await enteUser.locator('.ticket-protocol').first().innerText()).trim();
    await screenshot(enteUser, 'flow-request-sent');

    // The operator's console, left open, gets the new request without reload.
    const row = operator.getByRole('row', { name: new RegExp(TITLE) });
    await row.waitFor();
    await row.getByText('Nuovo arrivo').waitFor();
    await screenshot(operator, 'flow-console-live');
  });

  it('the approver approves; the Ente page shows the new state and the service record without reload, and the mail arrives', async () => {
    approver = await session.browsers.signedIn('approvatore@cit.example');
    await followMainNav(approver, 'Approvazioni');
    const row = approver.getByRole('row', { name: new RegExp(TITLE) });
    await row.getByText('Firma valida').waitFor();
    // One verdict: the requester signed this request's form with a trusted, unrevoked certificate.
    await row.getByText('Conforme', { exact: true }).waitFor();
    await row.getByRole('link', { name: TITLE }).click();
    await approver.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await approver.locator('.signed-form-card').getByText('Firma valida').waitFor();
    await approver.locator('.form-verdict-card').getByText('Conforme', { exact: true }).waitFor();
    await approver.getByRole('button', { name: 'Approva', exact: true }).click();
    const dialog = approver.getByRole('dialog', { name: 'Approvare la richiesta?' });
    await dialog.getByRole('button', { name: 'Approva la richiesta' }).click();
    await approver.locator('.ticket-approval-now').getByText('Approvata').waitFor();

    // Live on the Ente user's open page: state and the unit activated by the worker.
    await enteUser.locator('.ticket-approval-now').getByText('Approvata').waitFor();
    await enteUser.locator('.approval-outcome').getByText(/Servizio attivato: .*Casella PEC/).waitFor();
    await screenshot(enteUser, 'flow-request-applied');

    // The record is there, under "I miei servizi", and the charge of the 5th box under "Addebiti".
    await followMainNav(enteUser, 'I miei servizi');
    await enteUser.locator('.services-table').getByText('protocollo2@pec.alfa.it').waitFor();
    await followMainNav(enteUser, 'Addebiti');
    const entry = enteUser.locator('.billing-table tbody tr');
    await entry.first().waitFor();
    expect(await entry.innerText()).toMatch(/Casella PEC n\. 5 – canone \d{4}[\s\S]*€ 20,00/);

    // The requester is told by e-mail.
    const mail = await until('the approval mail to a@alfa.example', () =>
      sink.to('a@alfa.example').find((m) => /approvata|Servizio attivato/i.test(`${m.subject ?? ''}\n${m.text ?? ''}`) && (m.subject ?? '').includes(protocol)),
      20_000,
    );
    expect(mail.subject).toContain(TITLE);
  });

  it('a form signed by someone who is neither the requester nor an authorised signatory reads «Da verificare», with the reason', async () => {
    const alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    const form = await alfa.post('/api/service-requests/form', { category: 'activation', serviceCode: 'pec', quantity: 1, signatoryName: 'Giulia Neri', signatoryRole: 'Segretario' }).buffer(true).parse(binary);
    expect(form.status).toBe(200);
    const other = 'Attivazione firmata da altri';
    const sent = await alfa.postRequest('/api/tickets', activationRequest({ title: other }), [{ name: 'modulo.pdf.p7m', bytes: cadesSign(pki, pki.other, form.body as Buffer) }]);
    expect(sent.status).toBe(201);
    await followMainNav(approver, 'Approvazioni');
    const row = approver.getByRole('row', { name: new RegExp(other) });
    await row.getByText('Da verificare', { exact: true }).waitFor();
    await row.getByText(/Giulia Neri, NREGLI85C41B157Q\) non è il richiedente né un firmatario autorizzato/).waitFor();
    await row.getByRole('link', { name: other }).click();
    const card = approver.locator('.form-verdict-card');
    await card.getByText('Da verificare', { exact: true }).waitFor();
    await card.getByText(/non è il richiedente né un firmatario autorizzato dell'Ente/).waitFor();
    await screenshot(approver, 'flow-verdict-to-check');
  });

  it('an Ente user typing another Ente’s ticket URL gets the not-found page', async () => {
    const other = await session.browsers.signedIn('b@beta.example');
    // Back from "Addebiti" and "I miei servizi" to the ticket page.
    await enteUser.goBack();
    await enteUser.goBack();
    await enteUser.waitForURL(/\/ticket\/[0-9a-f-]{36}$/);
    const url = enteUser.url();
    expect(url).toMatch(/\/ticket\/[0-9a-f-]{36}$/);
    await other.goto(url);
    await other.getByRole('heading', { level: 1, name: 'Ticket non disponibile' }).waitFor();
    expect(await other.getByText(TITLE).count()).toBe(0);
  });
});
