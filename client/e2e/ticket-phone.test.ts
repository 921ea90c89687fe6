import type { Locator, Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import type { SignedIn } from '../../server/test/harness';
import { DESKTOP, PHONE, screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/** Issue 17 point 11: on a phone the ticket's main actions stay at the bottom of the screen while reading it. */
describe('ticket page on a phone: the sticky action bar', () => {
  const session = browserSession({ timeoutMs: 15_000 });
  let alfa: SignedIn;
  let ticketId: string;

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    // A long description: the action panel ends up far below the first screen, as on a real ticket.
    const res = await alfa.post('/api/tickets', {
      type: 'incident',
      category: 'assistance',
      urgency: 'medium',
      title: 'Stampante dell’anagrafe ferma',
      description: Array.from({ length: 40 }, (_, i) => `Riga ${i + 1} della descrizione del guasto.`).join('\n'),
    });
    expect(res.status).toBe(201);
    ticketId = res.body.id as string;
  });

  const bar = (page: Page) => page.getByRole('navigation', { name: 'Azioni rapide sul ticket' });
  /** Inside the viewport and touching its bottom edge: reachable with the thumb without scrolling. */
  const atBottom = async (page: Page, locator: Locator) => {
    const box = await locator.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeGreaterThan(PHONE.height - 2);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height + 1);
  };

  it('stays at the bottom at 390 px, its buttons reply, take charge and open the assign dialog; axe is clean', async () => {
    const page = await session.browsers.signedIn('op@cit.example', PHONE, `/ticket/${ticketId}`);
    await page.getByRole('heading', { level: 1, name: 'Stampante dell’anagrafe ferma' }).waitFor();
    const actions = bar(page);
    await actions.waitFor();
    await atBottom(page, actions);
    // Still there after scrolling half-way through the description.
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(200);
    await atBottom(page, actions);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ticket-phone-action-bar');

    // "Rispondi" brings the reply box into view with the focus in it.
    await actions.getByRole('button', { name: 'Rispondi' }).click();
    const reply = page.getByRole('textbox', { name: /Messaggio|Risposta|Testo/ }).first();
    await expect(reply.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    expect(await reply.isVisible()).toBe(true);

    // The same action as the panel: the ticket is taken in charge.
    await actions.getByRole('button', { name: 'Prendi in carico' }).click();
    await page.locator('.ticket-status-now').getByText('In lavorazione (assegnato)').waitFor();
    // The actions follow the new status: "Assegna" opens the panel's dialog.
    await actions.getByRole('button', { name: 'Assegna' }).click();
    const dialog = page.getByRole('dialog', { name: /Assegna il ticket/ });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Annulla' }).click();
    await dialog.waitFor({ state: 'detached' });

    // "Altre azioni" moves to the full panel.
    await actions.getByRole('button', { name: 'Altre azioni' }).click();
    const panel = page.locator('#ticket-actions');
    await expect(panel.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    expect(await panel.isVisible()).toBe(true);
  });

  it('is not shown on a desktop, where the panel is beside the ticket', async () => {
    const page = await session.browsers.signedIn('op@cit.example', DESKTOP, `/ticket/${ticketId}`);
    await page.getByRole('heading', { level: 1, name: 'Stampante dell’anagrafe ferma' }).waitFor();
    await page.getByRole('heading', { name: 'Azioni', exact: true }).waitFor();
    expect(await bar(page).isVisible()).toBe(false);
  });

  it('offers the Ente its reply at 390 px too', async () => {
    const page = await session.browsers.signedIn('a@alfa.example', PHONE, `/ticket/${ticketId}`);
    await page.getByRole('heading', { level: 1, name: 'Stampante dell’anagrafe ferma' }).waitFor();
    await bar(page).getByRole('button', { name: 'Rispondi' }).waitFor();
    await atBottom(page, bar(page));
    expect(await seriousViolations(page)).toEqual([]);
  });
});
