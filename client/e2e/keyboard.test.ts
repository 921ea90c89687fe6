import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { nextTotpCode } from '../../server/test/totp';
import { browserSession } from './session';

/**
 * The Ente's and the operator's main tasks done with the keyboard alone (issue 26): no clicks and no focusing from
 * script; after every action the focus is asserted, and it must never fall to <body>. What the test reads from
 * the page (which element has the focus) is only observed, never changed.
 */
describe('keyboard only', () => {
  const session = browserSession({ timeoutMs: 10_000 });
  beforeAll(async () => {
    await tenantWorld(session.env.ds);
  });

  const TITLE = 'Scanner del protocollo fermo';
  let ticketUrl = '';

  it('an Ente referent signs in, opens a ticket and replies, with the keyboard only', async () => {
    const page = await keyboardLogin('a@alfa.example', { width: 1366, height: 800 });
    await tabTo(page, /^A\|.*\|Nuova richiesta$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^H1\|.*\|Nuova richiesta$/);

    await tabTo(page, /^SELECT\|.*\|Tipo/);
    await page.keyboard.type('Guasto');
    await tabTo(page, /^SELECT\|.*\|Urgenza/);
    await page.keyboard.type('Alta');
    await tabTo(page, /^INPUT\|.*\|Oggetto/);
    await page.keyboard.type(TITLE);
    await tabTo(page, /^TEXTAREA\|.*\|Descrizione/);
    await page.keyboard.type('Dalle 8 lo scanner non invia le scansioni alla cartella condivisa.');
    await tabTo(page, /^BUTTON\|.*\|Invia la richiesta$/);
    await page.keyboard.press('Enter');

    // The new ticket's page: focus on its heading, the confirmation announced by a region that was there before.
    await waitForFocus(page, new RegExp(`^H1\\|.*\\|${TITLE}$`));
    await page.getByText(/Richiesta inviata: protocollo/).waitFor();
    ticketUrl = page.url();

    await tabTo(page, /^TEXTAREA\|.*\|Messaggio/);
    await page.keyboard.type('Aggiungo: il problema riguarda anche il secondo scanner.');
    await tabTo(page, /^BUTTON\|.*\|Invia la risposta$/);
    await page.keyboard.press('Enter');
    // The focus goes to the reply just added to the history, not to <body>.
    await waitForFocus(page, /^[A-Z]+\|followup-[0-9a-f-]+\|.*anche il secondo scanner/);
  });

  it('an operator finds the ticket, takes it, replies and solves it, with the keyboard only; shortcuts stay off', async () => {
    const page = await keyboardLogin('op@cit.example', { width: 1366, height: 800 });
    await tabTo(page, /^A\|.*\|Ticket$/, 20, true);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^H1\|.*\|Ticket$/);
    // The list arrives after the heading: wait until the ticket is shown (looking, not focusing).
    await page.getByRole('link', { name: TITLE, exact: true }).first().waitFor();
    // One Tab to the skip link, Enter to the results, then the ticket's link.
    await page.keyboard.press('Tab');
    await waitForFocus(page, /^A\|.*\|Vai all’elenco dei ticket$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /\|queue-results\|/);
    await tabTo(page, new RegExp(`^A\\|.*\\|${TITLE}$`), 20);
    await page.keyboard.press('Enter');
    await waitForFocus(page, new RegExp(`^H1\\|.*\\|${TITLE}$`));
    expect(page.url()).toBe(ticketUrl);

    // Shortcuts are off until the operator turns them on: a stray `t` changes nothing.
    await page.keyboard.press('t');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('.ticket-status-now').innerText()).toMatch(/Nuovo/);

    await tabTo(page, /^BUTTON\|.*\|Prendi in carico$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /\|ticket-status-now\|.*In lavorazione \(assegnato\)/);

    await tabTo(page, /^TEXTAREA\|.*\|Messaggio/);
    await page.keyboard.type('Riavviato il servizio di scansione: provate ora.');
    await tabTo(page, /^BUTTON\|.*\|Invia la risposta$/);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^[A-Z]+\|followup-[0-9a-f-]+\|.*provate ora/);

    // "Risolvi" is before the history: Shift+Tab back to it; the dialog takes the focus and gives it back.
    await tabTo(page, /^BUTTON\|.*\|Risolvi$/, 80, true);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^TEXTAREA\|.*\|Soluzione/);
    await page.keyboard.type('Servizio di scansione riavviato.');
    await tabTo(page, /^BUTTON\|.*\|Risolvi$/, 3);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /\|ticket-status-now\|.*Risolto/);
  });

  it('at 320 px the menu opens, every item is reached with Tab inside the screen, and Esc gives the focus back', async () => {
    const page = await keyboardLogin('admin@cit.example', { width: 320, height: 640 });
    await tabTo(page, /^BUTTON\|.*\|Menu$/, 20, true);
    await page.keyboard.press('Enter');
    // The panel slides in and may then take the focus itself: let the transition end (looking, not focusing); the
    // focus is then on «Menu» or on the panel, and the next Tab goes to the first item either way.
    const nav = page.getByRole('navigation', { name: 'Menu principale' });
    await nav.getByRole('link', { name: 'Home', exact: true }).waitFor();
    await page.waitForTimeout(600);
    await waitForFocus(page, /^DIV\|main-nav-menu\||^BUTTON\|.*\|Menu$/);
    const seen: string[] = [];
    for (const name of ['Home', 'Ticket', 'Nuova richiesta', 'Approvazioni', 'Amministrazione']) {
      await tabTo(page, new RegExp(`^A\\|.*\\|${name}$`), 12);
      // The panel slides in from the left: measure once it has arrived.
      const place = () =>
        page.evaluate<{ left: number; right: number }>(
          '(() => { const r = document.activeElement.getBoundingClientRect(); return { left: r.left, right: r.right }; })()',
        );
      let box = await place();
      for (let i = 0; i < 20 && box.left < 0; i++) box = await page.waitForTimeout(50).then(place);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(320);
      seen.push(name);
    }
    expect(seen).toHaveLength(5);
    await page.keyboard.press('Escape');
    await waitForFocus(page, /^BUTTON\|.*\|Menu$/);
  });

  /** Signs in from the login page with Tab, typing and Enter; the focus lands on the home page's heading. */
  async function keyboardLogin(email: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await session.browsers.anonymous(viewport, email);
    await page.goto(session.env.url);
    await page.getByRole('heading', { name: 'Accedi' }).waitFor();
    await tabTo(page, /^INPUT\|.*\|Indirizzo e-mail/);
    await page.keyboard.type(email);
    await tabTo(page, /^INPUT\|.*\|Password/);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await waitForFocus(page, /^H1\|.*\|(Le diamo il benvenuto|Verifica in due passaggi)/);
    // Admins and approvers have the demo authenticator: its code, typed like the rest, then Enter.
    if (/Verifica in due passaggi/.test(await focused(page))) {
      await tabTo(page, /^INPUT\|.*\|Codice di verifica/);
      await page.keyboard.type(await nextTotpCode(email));
      await page.keyboard.press('Enter');
      await waitForFocus(page, /^H1\|.*\|Le diamo il benvenuto/);
    }
    return page;
  }
});

/** "TAG|id|name" of the focused element (name: its label, aria-label or text), or "BODY" when nothing has it. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'BODY';
  const label = (el.labels && el.labels[0] && el.labels[0].textContent) || el.getAttribute('aria-label') || el.textContent || '';
  return el.tagName + '|' + (el.id || '') + '|' + label.replace(/\\s+/g, ' ').trim().slice(0, 160);
})()`;

const focused = (page: Page) => page.evaluate<string>(FOCUSED);

/** Whether the focused element is the first or last one Tab can reach: past it the focus leaves the page. */
const AT_EDGE = `((back) => {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(
    (el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0,
  );
  return document.activeElement === (back ? all[0] : all[all.length - 1]);
})`;

/** Presses Tab (Shift+Tab when `back`) until the focused element matches; the focus must never fall to <body>. */
async function tabTo(page: Page, target: RegExp, max = 80, back = false): Promise<void> {
  const trail: string[] = [];
  for (let i = 0; i < max; i++) {
    const leaving = await page.evaluate<boolean>(`${AT_EDGE}(${back})`);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    // Past the last element the focus leaves the page (to the browser), and the next Tab comes back at the top.
    if (now === 'BODY' && !leaving) throw new Error(`focus fell to <body> after ${trail.join(' → ')}`);
    if (target.test(now)) return;
    trail.push(now);
  }
  throw new Error(`${target} not reached in ${max} Tabs: ${trail.join(' → ')}`);
}

/** Waits until an action has put the focus on the expected element (it may arrive with the next render). */
async function waitForFocus(page: Page, target: RegExp, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let now = await focused(page);
  while (!target.test(now) && Date.now() < until) {
    await page.waitForTimeout(50);
    now = await focused(page);
  }
  if (!target.test(now)) throw new Error(`expected the focus on ${target}, it is on ${now}`);
}
