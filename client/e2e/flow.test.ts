import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startTestEnv, type TestEnv } from '../../server/test/harness';
import { createUser, tenantWorld } from '../../server/test/fixtures';
import { CLIENT_DIST, launchChromium } from './browser';
import { signedP7m } from './p7m';
import { Browsers, mainNav, screenshot, until } from './pages';

jest.setTimeout(120_000);

/** A real SMTP server keeping what it receives (as in server/src/notifications/notifications.test.ts). */
class Sink {
  readonly mails: Array<{ to: string[]; parsed: ParsedMail }> = [];
  private server: SMTPServer | undefined;
  port = 0;
  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      hideSTARTTLS: true,
      logger: false,
      onData: (stream, session, cb) => {
        simpleParser(stream).then(
          (parsed) => {
            this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  to(address: string): ParsedMail[] {
    return this.mails.filter((m) => m.to.includes(address)).map((m) => m.parsed);
  }
}

/**
 * The main flow, in real Chromium with four people at once: an Ente user sends an activation request
 * with a digitally signed form (.p7m) → the operator's open console shows it without reload → an approver
 * approves it → the Ente user's open ticket page shows the new state and the service activated, without
 * reload, and the notification e-mail reaches the SMTP server.
 */
describe('activation request with a signed form, live from the Ente to the operator and the approver', () => {
  const sink = new Sink();
  let env: TestEnv;
  let browser: Browser;
  let browsers: Browsers;
  let enteUser: Page;
  let operator: Page;
  let approver: Page;
  const TITLE = 'Richiesta di attivazione: Casella PEC';
  let protocol = '';

  beforeAll(async () => {
    await sink.start();
    env = await startTestEnv({
      SERVE_CLIENT: 'true',
      CLIENT_DIST,
      RUN_JOBS: 'true',
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      MAIL_BACKOFF_MS: '250',
    });
    await tenantWorld(env.ds);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    browser = await launchChromium();
    browsers = new Browsers(browser, () => env.url);
  });
  afterAll(async () => {
    await browsers?.close();
    await browser?.close();
    await env?.close();
    await sink.stop();
  });
  afterEach(() => {
    expect(browsers.errors.splice(0)).toEqual([]);
  });

  it('the Ente user sends the request with a .p7m, checked at once; the operator console shows it without reload', async () => {
    operator = await browsers.signedIn('op@cit.example');
    await mainNav(operator, 'Ticket').click();
    await operator.getByRole('heading', { level: 1, name: 'Ticket' }).waitFor();
    await operator.getByText('Nessun ticket corrisponde ai filtri scelti.').waitFor();

    enteUser = await browsers.signedIn('a@alfa.example');
    await mainNav(enteUser, 'Nuova richiesta').click();
    await enteUser.getByRole('heading', { level: 1, name: 'Nuova richiesta' }).waitFor();
    await enteUser.getByLabel('Categoria').selectOption({ label: 'Attivazione/rinnovo servizio' });
    await enteUser.getByLabel('Servizio', { exact: true }).selectOption({ label: 'Casella PEC' });
    expect(await enteUser.getByLabel('Oggetto').inputValue()).toBe(TITLE);
    await enteUser.locator('.cost-preview .cost-summary').waitFor();
    await enteUser.getByLabel('Indirizzo della casella n. 1').fill('protocollo2@pec.alfa.it');
    await enteUser.getByLabel('Descrizione').fill('Casella per il secondo sportello del protocollo.');
    await enteUser.locator('#ticket-attachments').setInputFiles({ name: 'modulo-pec.pdf.p7m', mimeType: 'application/pkcs7-mime', buffer: signedP7m() });
    await enteUser.getByText('modulo-pec.pdf.p7m', { exact: true }).waitFor();
    await screenshot(enteUser, 'flow-wizard-p7m');
    await enteUser.getByRole('button', { name: 'Invia la richiesta' }).click();

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
    approver = await browsers.signedIn('approvatore@cit.example');
    await mainNav(approver, 'Approvazioni').click();
    const row = approver.getByRole('row', { name: new RegExp(TITLE) });
    await row.getByText('Firma valida').waitFor();
    await row.getByRole('link', { name: TITLE }).click();
    await approver.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await approver.locator('.signed-form-card').getByText('Firma valida').waitFor();
    await approver.getByRole('button', { name: 'Approva', exact: true }).click();
    const dialog = approver.getByRole('dialog', { name: 'Approvare la richiesta?' });
    await dialog.getByRole('button', { name: 'Approva la richiesta' }).click();
    await approver.locator('.ticket-approval-now').getByText('Approvata').waitFor();

    // Live on the Ente user's open page: state and the unit activated by the worker.
    await enteUser.locator('.ticket-approval-now').getByText('Approvata').waitFor();
    await enteUser.locator('.approval-outcome').getByText(/Servizio attivato: .*Casella PEC/).waitFor();
    await screenshot(enteUser, 'flow-request-applied');

    // The record is there, under "I miei servizi".
    await mainNav(enteUser, 'I miei servizi').click();
    await enteUser.locator('.services-table').getByText('protocollo2@pec.alfa.it').waitFor();

    // The requester is told by e-mail.
    const mail = await until('the approval mail to a@alfa.example', () =>
      sink.to('a@alfa.example').find((m) => /approvata|Servizio attivato/i.test(`${m.subject ?? ''}\n${m.text ?? ''}`) && (m.subject ?? '').includes(protocol)),
    );
    expect(mail.subject).toContain(TITLE);
  });

  it('an Ente user typing another Ente’s ticket URL gets the not-found page', async () => {
    const other = await browsers.signedIn('b@beta.example');
    await enteUser.goBack();
    const url = enteUser.url();
    expect(url).toMatch(/\/ticket\/[0-9a-f-]{36}$/);
    await other.goto(url);
    await other.getByRole('heading', { level: 1, name: 'Ticket non disponibile' }).waitFor();
    expect(await other.getByText(TITLE).count()).toBe(0);
  });
});
