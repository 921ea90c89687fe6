import { tenantWorld } from '../../server/test/fixtures';
import { DESKTOP, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/**
 * The mailbox pages in the browser (issue 21): an admin adds a mailbox (the password never shown back), an operator
 * files an unassigned message as a ticket for the chosen Ente; both pages pass axe.
 */
describe('mailboxes and unassigned mail pages', () => {
  // The API process does not follow the mailboxes here: the mailbox points nowhere.
  const session = browserSession({ env: { RUN_JOBS: 'false' } });
  let enteB = '';

  beforeAll(async () => {
    const world = await tenantWorld(session.env.ds);
    enteB = world.enteB;
    await session.env.mailboxes.repo.addUnassigned({
      mailboxId: null,
      messageId: '<e2e@altrove.example>',
      fromAddress: 'sconosciuto@altrove.example',
      fromName: 'Sconosciuto',
      subject: 'Richiesta dal sito del Comune',
      body: 'Buongiorno, il sito non si apre.',
      reason: 'mittente sconosciuto (né un referente né la PEC di un Ente)',
      raw: Buffer.from('From: sconosciuto@altrove.example\r\nSubject: Richiesta dal sito del Comune\r\n\r\nBuongiorno, il sito non si apre.\r\n'),
    });
  });

  it('an admin adds a mailbox; the password is not shown back', async () => {
    const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/caselle');
    await page.getByRole('heading', { level: 1, name: 'Caselle di posta' }).waitFor();
    await page.getByRole('button', { name: 'Aggiungi una casella' }).click();
    await page.getByLabel('Nome').fill('Assistenza');
    await page.getByLabel('Server IMAP').fill('imap.cit.example');
    await page.getByLabel('Utente').fill('assistenza');
    await page.getByLabel('Password').fill('segreta-e2e');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Casella «Assistenza» salvata.').waitFor();
    expect(await page.content()).not.toContain('segreta-e2e');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('an operator files an unassigned message as a ticket for the chosen Ente', async () => {
    const page = await session.browsers.signedIn('op@cit.example', DESKTOP, '/admin/posta-non-assegnata');
    await page.getByRole('heading', { level: 2, name: 'Richiesta dal sito del Comune' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Ente per cui aprire il ticket').selectOption(enteB);
    await page.getByRole('button', { name: 'Apri un ticket' }).click();
    await page.getByText('Ticket aperto dal messaggio «Richiesta dal sito del Comune».').waitFor();
    const rows = (await session.env.ds.query(`SELECT ente_id FROM tickets WHERE title = 'Richiesta dal sito del Comune'`)) as Array<{ ente_id: string }>;
    expect(rows).toEqual([{ ente_id: enteB }]);
  });
});
