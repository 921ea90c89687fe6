import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { tenantWorld } from '../../server/test/fixtures';
import { screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(150_000);

const TITLE = 'Server del protocollo fermo';

/** An admin writes a routing rule in the admin page; the next web ticket of an Ente comes in already routed. */
describe('routing rules, support groups and re-triage, in the browser', () => {
  // The inbound SMTP listener on a free port: the e-mail ticket below comes in through the real path.
  const session = browserSession({ env: { INBOUND_SMTP_PORT: '0', INBOUND_SMTP_HOST: '127.0.0.1', INBOUND_DOMAIN: 'risposte.test' } });
  let admin: Page;
  let ticketUrl: string;

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    admin = await session.browsers.signedIn('admin@cit.example');
  });

  it('the groups page lists the seeded groups, edits one and passes axe', async () => {
    await admin.goto(`${session.env.url}/admin/gruppi`);
    await admin.getByRole('heading', { level: 1, name: 'Gruppi di supporto' }).waitFor();
    await admin.getByRole('cell', { name: 'Sistemisti', exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Modifica Sistemisti' }).click();
    await admin.getByText(/^op \(/).click();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Salva il gruppo' }).click();
    await admin.getByRole('cell', { name: 'op', exact: true }).waitFor();
    await screenshot(admin, 'admin-support-groups');
  });

  it('a rule created in the admin page is applied to a new web ticket', async () => {
    await admin.goto(`${session.env.url}/admin/regole`);
    await admin.getByRole('heading', { level: 1, name: 'Regole di smistamento' }).waitFor();
    await admin.getByText('Nessuna regola: i nuovi ticket restano da assegnare.').waitFor();
    await admin.getByRole('button', { name: 'Nuova regola' }).click();
    await admin.getByLabel('Nome della regola').fill('Guasti ai sistemisti');
    // Bootstrap Italia draws the box on the label: the user clicks the label.
    await admin.getByText('Guasto/malfunzionamento', { exact: true }).click();
    // Only the Enti named: the rule is kept to Alfa, whose referent opens the ticket below.
    await admin.getByLabel('Aggiungi un Ente (nessuno = qualsiasi Ente)').selectOption({ label: 'Comune di Alfa' });
    await admin.getByRole('list', { name: 'Enti scelti' }).getByText('Comune di Alfa', { exact: true }).waitFor();
    await admin.getByLabel('Assegna al gruppo').selectOption('sistemisti');
    await admin.getByLabel('Aggiungi l’etichetta').fill('guasto-web');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Salva la regola' }).click();
    await admin.locator('strong', { hasText: 'Guasti ai sistemisti' }).waitFor();
    // Opened again, the rule shows its Ente by name.
    await admin.getByRole('button', { name: 'Modifica Guasti ai sistemisti' }).click();
    await admin.getByRole('list', { name: 'Enti scelti' }).getByText('Comune di Alfa', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Annulla' }).click();
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-routing-rules');

    const ente = await session.browsers.signedIn('a@alfa.example');
    await ente.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Nuova richiesta' }).click();
    await ente.getByRole('heading', { level: 1, name: 'Nuova richiesta' }).waitFor();
    await ente.getByLabel('Tipo', { exact: true }).selectOption({ label: 'Guasto/malfunzionamento' });
    await ente.getByLabel('Urgenza').selectOption({ label: 'Media' });
    await ente.getByLabel('Oggetto').fill(TITLE);
    await ente.getByLabel('Descrizione').fill('Il server non risponde da stamattina.');
    await ente.getByRole('button', { name: 'Invia la richiesta' }).click();
    await ente.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    ticketUrl = ente.url();

    await admin.goto(ticketUrl);
    await admin.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await admin.locator('[data-label="guasto-web"]').waitFor();
    await admin.getByText('Regola di smistamento applicata: «Guasti ai sistemisti»').waitFor();
    await admin.getByRole('button', { name: 'Quale regola scatterebbe?' }).click();
    await admin.getByTestId('dry-run').filter({ hasText: 'Guasti ai sistemisti' }).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);

    // The queue filters on the label the rule added (and finds nothing for another one).
    await admin.goto(`${session.env.url}/ticket?label=guasto-web`);
    await admin.getByRole('link', { name: TITLE }).first().waitFor();
    await admin.goto(`${session.env.url}/ticket?label=altro`);
    await admin.getByText('Nessun ticket corrisponde ai filtri scelti.').waitFor();
    await admin.goto(ticketUrl);
    await admin.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  });

  it('a rule on the e-mail channel, written in the page, routes a ticket that arrives by e-mail', async () => {
    await admin.goto(`${session.env.url}/admin/regole`);
    await admin.getByRole('button', { name: 'Nuova regola' }).click();
    await admin.getByLabel('Nome della regola').fill('Posta ai sistemisti');
    await admin.getByText('E-mail', { exact: true }).click();
    await admin.getByLabel('Assegna al gruppo').selectOption('sistemisti');
    await admin.getByLabel('Aggiungi l’etichetta').fill('arrivato-per-posta');
    await admin.getByRole('button', { name: 'Salva la regola' }).click();
    await admin.locator('strong', { hasText: 'Posta ai sistemisti' }).waitFor();

    const port = session.env.notifications.inboundPort();
    if (!port) throw new Error('inbound SMTP listener not started');
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await smtp.sendMail({ from: 'a@alfa.example', to: 'assistenza@risposte.test', subject: 'Scanner dell’anagrafe fermo', text: 'Lo scanner non si accende più.' });

    await admin.goto(`${session.env.url}/ticket?label=arrivato-per-posta`);
    await admin.getByRole('link', { name: 'Scanner dell’anagrafe fermo' }).first().click();
    await admin.getByRole('heading', { level: 1, name: 'Scanner dell’anagrafe fermo' }).waitFor();
    await admin.getByText('Regola di smistamento applicata: «Posta ai sistemisti»').waitFor();
    await admin.locator('[data-label="arrivato-per-posta"]').waitFor();
    await admin.goto(ticketUrl);
    await admin.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  });

  it('re-triage to «Bloccante» moves the SLA due time earlier, shown in the history', async () => {
    const id = ticketUrl.split('/').pop() as string;
    const before = await session.env.ds.query(`SELECT resolve_due FROM tickets WHERE id = $1`, [id]);
    await admin.getByRole('button', { name: 'Riclassifica' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Urgenza').selectOption({ label: 'Bloccante' });
    await dialog.getByLabel(/Motivo/).fill('Ufficio protocollo fermo');
    // axe measures colours: only once the dialog has finished fading in (half-transparent, contrast is wrong).
    for (let i = 0; i < 40; i++) {
      const opacity = await dialog.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el.closest('.modal') ?? el).opacity);
      if (opacity === '1') break;
      await admin.waitForTimeout(50);
    }
    expect(await seriousViolations(admin)).toEqual([]);
    await dialog.getByRole('button', { name: 'Riclassifica' }).click();
    await admin.getByText('Urgenza cambiata da Media a Bloccante').waitFor();
    await admin.getByText('Motivo della riclassificazione: Ufficio protocollo fermo').waitFor();
    const after = await session.env.ds.query(`SELECT resolve_due, urgency FROM tickets WHERE id = $1`, [id]);
    expect(after[0].urgency).toBe('blocking');
    // Blocking resolves within 4 support hours instead of 14: the due time comes earlier.
    expect(new Date(after[0].resolve_due).getTime()).toBeLessThan(new Date(before[0].resolve_due).getTime());
    await screenshot(admin, 'ticket-retriaged');
  });
});
