import type { Page } from 'playwright-core';
import { createUser, PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { handSignedForm } from '../../server/test/signing';
import { mainNav as nav, stepShot, type Browsers } from './pages';
import { browserSession } from './session';

/** A plain, unsigned PDF: what a hand-signed scan looks like to the signed-form check. */
const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
/** The signer's identity document that must come with a hand-signed form. */
const ID_DOCUMENT = { name: 'carta-identita.png', mimeType: 'image/png', buffer: handSignedForm().identity };

describe('service requests in the browser: cost preview, approval, services and billing', () => {
  // RUN_JOBS: the in-process worker applies approved requests, as in production.
  const session = browserSession({ env: { RUN_JOBS: 'true' } });
  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    await createUser(session.env.ds, 'approvatore@cit.example', 'approver');
  });

  /** A separate browser (own cookies) signed in as `email`. */
  const signedIn: Browsers['signedIn'] = (email, viewport) => session.browsers.signedIn(email, viewport);

  const TITLE = 'Richiesta di attivazione: Casella PEC';
  let enteUser: Page;
  let approver: Page;
  let requestUrl = '';

  it('previews the cost of 5 PEC boxes (4 free, the 5th € 20,00 a year) and sends the request with a hand-signed form and ID', async () => {
    // The approver keeps the inbox open: the request must arrive there live.
    approver = await signedIn('approvatore@cit.example');
    await nav(approver, 'Approvazioni').click();
    await approver.getByRole('heading', { level: 1, name: 'Approvazioni' }).waitFor();
    await approver.getByText('Nessuna richiesta in attesa di approvazione.').waitFor();

    enteUser = await signedIn('a@alfa.example');
    // Ente users do not get the approvals inbox.
    expect(await nav(enteUser, 'Approvazioni').count()).toBe(0);
    await nav(enteUser, 'Nuova richiesta').click();
    await enteUser.getByRole('heading', { level: 1, name: 'Nuova richiesta' }).waitFor();
    await enteUser.getByLabel('Categoria').selectOption({ label: 'Attivazione/rinnovo servizio' });
    // Only what the 2026-2030 list offers can be chosen; what it leaves out is named.
    const serviceSelect = enteUser.getByLabel('Servizio', { exact: true });
    expect(await serviceSelect.locator('option', { hasText: 'Portale pagoPA' }).count()).toBe(0);
    await enteUser.locator('#services-not-offered').getByText(/Non previsti dal listino 2026-2030 in vigore, quindi non attivabili: .*Portale pagoPA/).waitFor();
    await serviceSelect.selectOption({ label: 'Casella PEC' });
    // The subject is suggested and the type set to "Richiesta".
    expect(await enteUser.getByLabel('Oggetto').inputValue()).toBe(TITLE);
    expect(await enteUser.getByLabel('Tipo', { exact: true }).inputValue()).toBe('request');

    // One field per unit, labelled with the service's unit label.
    await enteUser.getByLabel('Quantità (caselle PEC)').fill('5');
    await enteUser.getByLabel('Indirizzo della casella n. 1').fill('anagrafe@pec.alfa.it');
    await enteUser.getByLabel('Indirizzo della casella n. 2').fill('tributi@pec.alfa.it');
    await enteUser.getByLabel('Descrizione').fill('Caselle per i nuovi uffici di anagrafe e tributi.');
    await enteUser.getByRole('button', { name: 'Avanti' }).click();

    // Step 2: the cost preview of the tariff engine.
    await enteUser.getByRole('heading', { level: 2, name: 'Passo 2 di 3: Anteprima dei costi' }).waitFor();
    const preview = enteUser.locator('.cost-preview');
    const summary = preview.locator('.cost-summary');
    await summary.getByText(/^5 caselle PEC \(dalla 1ª alla 5ª\): 4 compres[ae] nella convenzione, 1 a pagamento/).waitFor();
    await preview.locator('.cost-unit-paid').getByText('Casella PEC n. 5').waitFor();
    expect(await preview.locator('.cost-unit-paid').innerText()).toMatch(/Casella PEC n\. 5:\s*€ 20,00 l'anno/);
    expect(await preview.locator('.cost-unit-free').innerText()).toMatch(/Caselle PEC n\. 1–4:\s*nessun costo/);
    expect(await preview.locator('.cost-total').innerText()).toBe('€ 20,00');
    await enteUser.getByRole('button', { name: 'Avanti' }).click();

    // Step 3: a hand-signed scan alone does not pass; with the identity document it does, and the submit opens.
    await enteUser.getByRole('heading', { level: 2, name: 'Passo 3 di 3: Modulo firmato' }).waitFor();
    await enteUser.getByText(/firmato digitalmente dal responsabile/).waitFor();
    const send = enteUser.getByRole('button', { name: 'Invia la richiesta' });
    expect(await send.isDisabled()).toBe(true);
    await enteUser.locator('#ticket-attachments').setInputFiles({ name: 'modulo-pec.pdf', mimeType: 'application/pdf', buffer: PDF });
    const verdict = enteUser.locator('.form-verdict');
    await verdict.getByText('Esito del controllo: Modulo non valido').waitFor();
    await verdict.getByText("Modulo firmato a mano: manca il documento d'identità del firmatario (immagine o PDF).").waitFor();
    expect(await send.isDisabled()).toBe(true);
    await enteUser.locator('#ticket-attachments').setInputFiles(ID_DOCUMENT);
    await verdict.getByText('Esito del controllo: Firma autografa: verificare il documento').waitFor();
    await verdict.getByText('Il modulo firmato a mano non dichiara la conformità PDF/A.').waitFor();
    expect(await send.isDisabled()).toBe(false);
    await stepShot(enteUser, 'services-wizard');
    await send.click();

    // The ticket page shows the approval state and the form check at once.
    await enteUser.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await enteUser.locator('.ticket-approval-now').getByText('In attesa di approvazione').waitFor();
    const check = enteUser.locator('.signed-form-card');
    await check.getByText('Non firmato digitalmente').waitFor();
    expect(await check.getByText(/Firma a mano: serve un documento d'identità/).count()).toBe(0);
    requestUrl = enteUser.url();
    await stepShot(enteUser, 'services-request-sent');
  });

  it('lets the approver see the request live in the inbox with the form check, and approve it; the worker applies it', async () => {
    const row = approver.getByRole('row', { name: new RegExp(TITLE) });
    await row.waitFor();
    await row.getByText('Comune di Alfa').waitFor();
    await row.getByText('Casella PEC', { exact: true }).waitFor();
    await row.getByText('5 caselle').waitFor();
    await row.getByText('Non firmato digitalmente').waitFor();
    await stepShot(approver, 'services-approvals');

    await row.getByRole('link', { name: TITLE }).click();
    await approver.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await approver.locator('.signed-form-card').getByText('Non firmato digitalmente').waitFor();
    await approver.locator('.cost-preview').getByText('€ 20,00', { exact: true }).first().waitFor();
    await stepShot(approver, 'services-approval-panel');
    await approver.getByRole('button', { name: 'Approva', exact: true }).click();
    const dialog = approver.getByRole('dialog', { name: 'Approvare la richiesta?' });
    await dialog.waitFor();
    // The dialog warns about the hand-signed, non PDF/A form before the approver confirms.
    await dialog.locator('.approval-form-warning').getByText("Firma autografa: verificare il documento d'identità del firmatario.").waitFor();
    await dialog.locator('.approval-form-warning').getByText('Il modulo firmato a mano non dichiara la conformità PDF/A.').waitFor();
    await dialog.getByRole('button', { name: 'Approva la richiesta' }).click();
    await approver.locator('.ticket-approval-now').getByText('Approvata').waitFor();

    // The worker's outcome arrives live on both pages.
    await approver.locator('.approval-outcome').getByText(/^Servizio attivato: Casella PEC n\. 1 \(gratuita\)/).waitFor();
    await enteUser.locator('.ticket-approval-now').getByText('Approvata').waitFor();
    await enteUser.locator('.approval-outcome').getByText(/Servizio attivato: .*Casella PEC n\. 5/).waitFor();
    await stepShot(enteUser, 'services-request-applied');

    await nav(approver, 'Approvazioni').click();
    await approver.getByText('Nessuna richiesta in attesa di approvazione.').waitFor();
  });

  it("shows the Ente's 5 boxes, the allowance use and the € 20,00 charge", async () => {
    await nav(enteUser, 'I miei servizi').click();
    await enteUser.getByRole('heading', { level: 1, name: 'I miei servizi' }).waitFor();
    const usage = enteUser.locator('.usage-card');
    await usage.locator('.usage-item').first().waitFor();
    expect(await usage.locator('.usage-item', { hasText: 'Casella PEC' }).locator('p').first().innerText()).toBe(
      'Casella PEC: 4 di 4 gratuite usate, più 1 a pagamento',
    );
    const table = enteUser.locator('.services-table');
    expect(await table.locator('tbody tr').count()).toBe(5);
    await table.getByText('anagrafe@pec.alfa.it').waitFor();
    await table.getByRole('row', { name: /N\. 5/ }).getByText("€ 20,00 l'anno").waitFor();
    expect(await table.getByText('Gratuita (convenzione)').count()).toBe(4);
    await stepShot(enteUser, 'services-mine');

    await nav(enteUser, 'Addebiti').click();
    await enteUser.getByRole('heading', { level: 1, name: 'Addebiti' }).waitFor();
    const totals = enteUser.locator('.billing-totals');
    expect(await totals.locator('.billing-total').first().innerText()).toMatch(/Accertato\s*€ 20,00/i);
    expect(await totals.locator('.billing-total-outstanding').innerText()).toMatch(/Da riscuotere\s*€ 20,00/i);
    const entry = enteUser.locator('.billing-table tbody tr');
    expect(await entry.count()).toBe(1);
    expect(await entry.innerText()).toMatch(/Casella PEC n\. 5 – canone \d{4}[\s\S]*€ 20,00[\s\S]*Accertato/);
    await stepShot(enteUser, 'services-billing');
  });

  it('lets the CIT accounting set capitolo and accertamento on the charge; the Ente sees them, the residuo and the record details', async () => {
    await approver.goto(`${session.env.url}/addebiti?anno=tutti`);
    await approver.getByRole('heading', { level: 1, name: 'Addebiti' }).waitFor();
    await approver.getByRole('button', { name: /^Modifica capitolo e accertamento: Casella PEC n\. 5/ }).click();
    const form = approver.getByRole('form', { name: /^Capitolo e accertamento: Casella PEC n\. 5/ });
    await form.getByLabel('Capitolo di bilancio').fill('SERVIZI INFORMATICI');
    await form.getByLabel('Numero di accertamento').fill('1003/2026');
    await form.getByRole('button', { name: 'Salva' }).click();
    // The summary takes the focus and links each field to fix, with the messages the server would give.
    const summary = form.locator('.alert-danger');
    await summary.getByRole('link', { name: /Capitolo di bilancio: deve iniziare con il numero del capitolo/ }).waitFor();
    await summary.getByRole('link', { name: 'Numero e data dell’accertamento vanno indicati insieme.' }).waitFor();
    expect(await summary.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await stepShot(approver, 'billing-accounting-errors');

    await form.getByLabel('Capitolo di bilancio').fill('3100936 - SERVIZI INFORMATICI');
    await form.getByLabel('Data dell’accertamento').fill('2026-04-02');
    await form.getByRole('button', { name: 'Salva' }).click();
    await approver.getByText('Capitolo e accertamento salvati su 1 addebito.').waitFor();

    await enteUser.goto(`${session.env.url}/addebiti`);
    const row = enteUser.locator('.billing-table tbody tr').first();
    await row.getByText(/^Acc\. n\. 1003\/2026 del 02\/04\/(20)?26$/).waitFor();
    await row.getByText('Cap. 3100936 - SERVIZI INFORMATICI').waitFor();
    expect(await row.locator('td').nth(-1).innerText()).toBe('€ 20,00');
    expect(await enteUser.getByRole('button', { name: /^Modifica/ }).count()).toBe(0);
    await enteUser.getByLabel('Accertamento', { exact: true }).selectOption({ label: 'Senza accertamento' });
    await enteUser.getByText(/^Nessun addebito/).waitFor();
    await enteUser.getByLabel('Accertamento', { exact: true }).selectOption({ label: 'Con accertamento' });
    await row.getByText(/^Acc\. n\. 1003\/2026 del 02\/04\/(20)?26$/).waitFor();
    await stepShot(enteUser, 'billing-accounting-ente');

    await nav(enteUser, 'I miei servizi').click();
    const fifth = enteUser.locator('.services-table').getByRole('row', { name: /N\. 5/ });
    await fifth.getByText('Dettagli').click();
    await fifth.getByText('Scarica il modulo').waitFor();
    expect(await fifth.locator('dl').innerText()).toMatch(/Importo una tantum\s*€ 0,00[\s\S]*Note del CIT\s*nessuna/);
    expect(await fifth.getByRole('textbox').count()).toBe(0);
  });

  it('prefills a cancellation from "I miei servizi"; the approver rejects it and the Ente sees the reason', async () => {
    await nav(enteUser, 'I miei servizi').click();
    await enteUser.getByRole('link', { name: 'Richiedi disdetta: Casella PEC n. 5' }).click();
    await enteUser.getByRole('heading', { level: 1, name: 'Nuova richiesta' }).waitFor();
    expect(await enteUser.getByLabel('Categoria').inputValue()).toBe('cancellation');
    expect(await enteUser.getByLabel('Servizio', { exact: true }).inputValue()).toBe('pec');
    const box5 = enteUser.getByLabel(/Casella PEC n\. 5/);
    await box5.waitFor();
    expect(await box5.isChecked()).toBe(true);
    expect(await enteUser.getByLabel(/Casella PEC n\. 1 – anagrafe@pec\.alfa\.it/).isChecked()).toBe(false);
    expect(await enteUser.getByLabel('Oggetto').inputValue()).toBe('Richiesta di disdetta: Casella PEC');
    await enteUser.getByLabel('Descrizione').fill('La casella non serve più.');
    await enteUser.getByRole('button', { name: 'Avanti' }).click();
    await enteUser.getByText("La disdetta non comporta nuovi costi: il canone dell'anno in corso resta dovuto per intero e il servizio termina il 31 dicembre.").waitFor();
    await enteUser.getByRole('button', { name: 'Avanti' }).click();
    await enteUser.locator('#ticket-attachments').setInputFiles([{ name: 'disdetta.pdf', mimeType: 'application/pdf', buffer: PDF }, ID_DOCUMENT]);
    await enteUser.locator('.form-verdict').getByText('Esito del controllo: Firma autografa: verificare il documento').waitFor();
    await stepShot(enteUser, 'services-cancellation-wizard');
    await enteUser.getByRole('button', { name: 'Invia la richiesta' }).click();
    await enteUser.getByRole('heading', { level: 1, name: 'Richiesta di disdetta: Casella PEC' }).waitFor();
    await enteUser.locator('.ticket-approval-now').getByText('In attesa di approvazione').waitFor();

    await nav(approver, 'Approvazioni').click();
    const row = approver.getByRole('row', { name: /Richiesta di disdetta: Casella PEC/ });
    await row.getByText('1 da disdire').waitFor();
    await row.getByRole('link', { name: 'Richiesta di disdetta: Casella PEC' }).click();
    await approver.getByRole('heading', { level: 1, name: 'Richiesta di disdetta: Casella PEC' }).waitFor();
    await approver.locator('.service-request-facts').getByText(/Casella PEC n\. 5/).waitFor();
    await approver.getByRole('button', { name: 'Respingi', exact: true }).click();
    const dialog = approver.getByRole('dialog', { name: 'Respingere la richiesta?' });
    await dialog.waitFor();
    // The reason is required.
    await dialog.getByRole('button', { name: 'Respingi la richiesta' }).click();
    await dialog.getByText('Indicare il motivo del rifiuto (almeno 3 caratteri).').waitFor();
    await dialog.getByLabel('Motivo del rifiuto').fill('Modulo non firmato e senza documento di identità.');
    await dialog.getByRole('button', { name: 'Respingi la richiesta' }).click();
    await approver.locator('.ticket-approval-now').getByText('Respinta').waitFor();

    // Live on the Ente user's page, with the reason.
    await enteUser.locator('.ticket-approval-now').getByText('Respinta').waitFor();
    await enteUser.locator('.approval-outcome').getByText('Modulo non firmato e senza documento di identità.').waitFor();
    await stepShot(enteUser, 'services-rejected');

    // The box is still active.
    await nav(enteUser, 'I miei servizi').click();
    await enteUser.getByRole('link', { name: 'Richiedi disdetta: Casella PEC n. 5' }).waitFor();
    expect(requestUrl).toMatch(/\/ticket\/[0-9a-f-]{36}$/);
  });

  it('shows a request the worker could not apply as «non applicata», in the inbox and on the ticket, and the approver re-applies it', async () => {
    const beta = await session.env.signIn('b@beta.example', PASSWORD);
    const created = await beta.postRequest('/api/tickets', {
      type: 'request',
      category: 'activation',
      serviceCode: 'pec',
      quantity: 1,
      urgency: 'low',
      title: 'Casella PEC per la biblioteca',
      description: 'Una casella.',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const reason = "L'Ente non ha una convenzione con il CIT in vigore il 01/02/2026: può aprire richieste di assistenza, ma non attivare servizi.";
    // As the worker records it (its own tests prove how it gets there).
    await session.env.ds.query(
      `UPDATE tickets SET approval_state = 'approved', approved_at = now(), apply_failed_at = now(), apply_failure = $2 WHERE id = $1`,
      [id, reason],
    );
    await nav(approver, 'Approvazioni').click();
    const inbox = approver.locator('.not-applied-list');
    await inbox.getByText(reason).waitFor();
    await inbox.getByRole('link', { name: 'Casella PEC per la biblioteca' }).click();
    const alert = approver.locator('.not-applied');
    await alert.getByText('Richiesta non applicata').waitFor();
    await alert.getByText(reason).waitFor();
    await stepShot(approver, 'services-not-applied');
    await alert.getByRole('button', { name: 'Riapplica la richiesta' }).click();
    await approver.locator('.approval-outcome').getByText(/^Servizio attivato: Casella PEC n\. \d+ \(gratuita\)/).waitFor();
    expect(await approver.locator('.not-applied').count()).toBe(0);
  });

  it('works on a phone: cards for services and charges', async () => {
    const phone = await signedIn('a@alfa.example', { width: 390, height: 844 });
    await phone.goto(`${session.env.url}/servizi`);
    await phone.locator('.record-cards').getByText('anagrafe@pec.alfa.it', { exact: true }).waitFor();
    expect(await phone.locator('.services-table').first().isVisible()).toBe(false);
    await stepShot(phone, 'services-mine-phone');
    await phone.goto(`${session.env.url}/addebiti`);
    await phone.locator('.ticket-cards').getByText('€ 20,00').first().waitFor();
    await stepShot(phone, 'services-billing-phone');
    await phone.goto(requestUrl);
    await phone.locator('.signed-form-card').getByText('Non firmato digitalmente').waitFor();
    await stepShot(phone, 'services-request-phone');
  });
});
