import { readFile } from 'node:fs/promises';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { DESKTOP, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/** «Esporta CSV» on the ticket list (issue 18, point 2): the filtered list arrives as a file, with progress and a final word. */
describe('list exports', () => {
  const session = browserSession({ timeoutMs: 15_000 });

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    const alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    const beta = await session.env.signIn('b@beta.example', PASSWORD);
    const open = (who: typeof alfa, title: string, urgency: string) =>
      who.post('/api/tickets', { type: 'incident', category: 'assistance', urgency, title, description: 'Descrizione.' }).expect(201);
    await open(alfa, 'Scanner fermo', 'high');
    await open(alfa, 'Rinnovo firma digitale', 'low');
    await open(beta, 'Ticket di Beta', 'high');
  });

  it('downloads the Ente’s tickets with the filters on screen, and says when the file is complete', async () => {
    const page = await session.browsers.signedIn('a@alfa.example', DESKTOP, '/ticket?urgency=high');
    await page.getByRole('link', { name: 'Scanner fermo' }).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Esporta CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ticket-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByRole('status').filter({ hasText: /Esportazione completata: ticket-.*\.csv\./ }).waitFor();
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Protocollo;Ente;/);
    expect(lines.slice(1).map((l) => l.split(';')[6])).toEqual(['Scanner fermo']);
    expect(text).not.toContain('Ticket di Beta');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lists the survey answers to the staff and exports them with the filter on screen', async () => {
    const answer = async (title: string, score: number, comment: string) => {
      await session.env.ds.query(
        `INSERT INTO ticket_surveys (ticket_id, ente_id, score, comment) SELECT id, ente_id, $2, $3 FROM tickets WHERE title = $1`,
        [title, score, comment],
      );
    };
    await answer('Scanner fermo', 2, 'Risposta lenta');
    await answer('Ticket di Beta', 5, 'Ottimo servizio');
    const page = await session.browsers.signedIn('op@cit.example');
    await page.goto(`${session.env.url}/admin/questionari`);
    const table = page.getByRole('table', { name: 'Risposte ai questionari di soddisfazione, dalla più recente' });
    await table.getByRole('cell', { name: 'Ottimo servizio' }).waitFor();
    await page.getByLabel('Voto').selectOption('2');
    await table.getByRole('cell', { name: 'Ottimo servizio' }).waitFor({ state: 'detached' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Esporta CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^questionari-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Risposto il;Protocollo;Ente;Servizio;Operatore;Voto;Commento;Titolo del ticket');
    expect(lines.slice(1).map((l) => l.split(';').slice(5, 7))).toEqual([['2', 'Risposta lenta']]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
