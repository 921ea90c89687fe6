import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import type { SignedIn } from '../../server/test/harness';
import { DESKTOP, screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

const TITLE = 'Scanner del protocollo non acquisisce';

/**
 * The bell, the «nuova risposta» markers, the profile, «Segui», the requester card and «Da testare» (issue 17,
 * points 8–10): two browsers, the operator's reply reaches the Ente's bell live.
 */
describe('in-app notifications', () => {
  const session = browserSession({ timeoutMs: 10_000 });
  let alfa: SignedIn;
  let op: SignedIn;
  let ticketId: string;
  let ente: Page;
  let operator: Page;

  const bellCount = (page: Page) => page.getByTestId('notification-count');
  const title = (page: Page) => page.evaluate<string>('document.title');

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    op = await session.env.signIn('op@cit.example', PASSWORD);
    const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title: TITLE, description: 'Lo scanner si blocca.' });
    expect(res.status).toBe(201);
    ticketId = res.body.id as string;
    await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'low', title: 'Altra richiesta aperta', description: 'Seconda.' }).expect(201);
    await alfa.agent.patch('/api/me/preferences').set('x-csrf-token', alfa.csrfToken).send({ phone: '030 3749111' }).expect(200);
  });

  it('counts a reply on the Ente’s bell live, in the tab title and as «Nuova risposta» in its list', async () => {
    ente = await session.browsers.signedIn('a@alfa.example');
    await ente.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Ticket', exact: true }).click();
    await ente.getByRole('link', { name: TITLE }).first().waitFor();
    expect(await bellCount(ente).innerText()).toBe('nessuna non letta');
    expect(await ente.getByTestId('new-reply-marker').count()).toBe(0);

    // The operator, in another browser, answers from the ticket page.
    operator = await session.browsers.signedIn('op@cit.example', DESKTOP, `/ticket/${ticketId}`);
    await operator.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await operator.getByLabel('Messaggio').fill('Abbiamo aggiornato il driver dello scanner: riprovate.');
    await operator.getByRole('button', { name: 'Invia la risposta' }).click();

    // No reload on the Ente's side: the live connection brings the count, the title and the marker.
    await ente.getByTestId('notification-count').filter({ hasText: '1 non letta' }).waitFor();
    await ente.getByTestId('new-reply-marker').first().waitFor();
    expect(await title(ente)).toMatch(/^\(1\) /);
    await screenshot(ente, 'bell-new-reply');

    expect(await seriousViolations(ente)).toEqual([]);

    // The dropdown lists it; opening it goes to the ticket and clears the count and the marker.
    await ente.getByTestId('notification-bell').click();
    const panel = ente.getByRole('region', { name: 'Notifiche' });
    await panel.getByRole('link', { name: new RegExp(`Nuova risposta: ${TITLE}`) }).waitFor();
    await screenshot(ente, 'bell-open');
    // Esc closes it and gives the focus back to the bell.
    await ente.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);
    expect(await ente.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null")).toBe('notification-bell');
    await ente.getByTestId('notification-bell').click();
    await panel.getByRole('link', { name: new RegExp(`Nuova risposta: ${TITLE}`) }).click();
    await ente.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await ente.getByTestId('notification-count').filter({ hasText: 'nessuna non letta' }).waitFor();
    expect(await title(ente)).not.toMatch(/^\(\d+\) /);
    // The open panel (now with the read notification) is accessible too.
    await ente.getByTestId('notification-bell').click();
    await panel.getByRole('button', { name: 'Segna tutte come lette' }).waitFor();
    expect(await seriousViolations(ente)).toEqual([]);
    await ente.keyboard.press('Escape');
  });

  it('shows the operator the requester card with contacts, the Ente’s other tickets and a link to the Ente page', async () => {
    const card = operator.getByTestId('requester-card');
    await card.waitFor();
    expect(await card.getByRole('link', { name: 'a@alfa.example' }).count()).toBe(1);
    expect(await card.getByRole('link', { name: '030 3749111' }).getAttribute('href')).toBe('tel:0303749111');
    await card.getByRole('link', { name: /Altra richiesta aperta/ }).waitFor();
    expect(await seriousViolations(operator)).toEqual([]);
    await screenshot(operator, 'ticket-requester-card');
    // The Ente's page opens for an operator (read-only: no edit panel).
    await card.getByRole('link', { name: 'Comune di Alfa' }).click();
    await operator.getByRole('heading', { level: 1, name: 'Comune di Alfa' }).waitFor();
    await operator.getByRole('heading', { level: 2, name: 'Abitanti e imprese' }).or(operator.getByText('Codice fiscale')).first().waitFor();
    expect(await operator.getByRole('heading', { name: 'Gestione' }).count()).toBe(0);
    expect(await seriousViolations(operator)).toEqual([]);
  });

  it('lets the Ente follow a ticket and set its preferences on /profilo', async () => {
    await ente.goto(`${session.env.url}/ticket/${ticketId}`);
    const follow = ente.getByRole('button', { name: 'Segui' });
    await follow.click();
    await ente.getByRole('button', { name: 'Segui già' }).waitFor();
    expect(await ente.getByRole('button', { name: 'Segui già' }).getAttribute('aria-pressed')).toBe('true');

    await ente.goto(`${session.env.url}/profilo`);
    await ente.getByRole('heading', { level: 1, name: 'Il mio profilo' }).waitFor();
    expect(await ente.getByLabel('Telefono').inputValue()).toBe('030 3749111');
    // Bootstrap Italia draws the checkbox on its label: the label is what a user clicks.
    await ente.getByText('Ricevere per e-mail solo l’essenziale', { exact: true }).click();
    expect(await ente.getByLabel('Ricevere per e-mail solo l’essenziale').isChecked()).toBe(true);
    await ente.getByLabel('Telefono').fill('telefono');
    await ente.getByRole('button', { name: 'Salva le preferenze' }).click();
    await ente.getByText(/Telefono: da 3 a 30/).waitFor();
    await ente.getByLabel('Telefono').fill('030 3749112');
    await ente.getByRole('button', { name: 'Salva le preferenze' }).click();
    await ente.getByText('Preferenze salvate.').waitFor();
    expect(await seriousViolations(ente)).toEqual([]);
    await screenshot(ente, 'profile');
    const prefs = await alfa.agent.get('/api/me/preferences').expect(200);
    expect(prefs.body).toMatchObject({ mailOptOut: true, phone: '030 3749112' });
  });

  it('«Da testare»: the Ente confirms the delivered fix from the ticket page', async () => {
    for (const body of [{ action: 'take_charge' }, { action: 'deliver', solution: 'Installato il nuovo driver TWAIN.' }]) {
      expect((await op.post(`/api/tickets/${ticketId}/actions`, body)).status).toBe(200);
    }
    await ente.goto(`${session.env.url}/ticket/${ticketId}`);
    await ente.locator('.alert-success').getByText('Installato il nuovo driver TWAIN.').waitFor();
    await ente.getByRole('button', { name: 'Funziona: conferma e chiudi' }).waitFor();
    expect(await seriousViolations(ente)).toEqual([]);
    await screenshot(ente, 'ticket-to-test');
    await ente.getByRole('button', { name: 'Funziona: conferma e chiudi' }).click();
    await ente.locator('.ticket-status-now').getByText('Chiuso').waitFor();
  });
});
