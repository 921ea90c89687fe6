import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import type { SignedIn } from '../../server/test/harness';
import { screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/** The operator's screen of the issue: a 1366×800 laptop. */
const LAPTOP = { width: 1366, height: 800 };
const OPEN_TICKETS = 30;
const LONG_TITLE = 'Il server della posta elettronica certificata non risponde più dalle otto di questa mattina e gli uffici non ricevono';
const SOLVED_TITLE = 'Tastiera sostituita in anagrafe';

/**
 * The dense operator queue (issue 17, points 1 and 2): rows visible without scrolling, the open tickets by default,
 * keys, live arrivals that do not move the row under the cursor, saved views, accessibility.
 */
describe('the operator queue', () => {
  const session = browserSession({ timeoutMs: 10_000 });
  let alfa: SignedIn;
  let operator: Page;

  const newTicket = async (title: string, urgency = 'medium') => {
    const res = await alfa.post('/api/tickets', { type: 'incident', category: 'assistance', urgency, title, description: `Descrizione di: ${title}` });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const rows = (page: Page) => page.locator('.ticket-table tbody tr');
  const viewSelect = (page: Page) => page.getByLabel('Vista', { exact: true });
  // Expressions as text: the e2e files are compiled without the DOM library.
  const blur = () => operator.evaluate('document.activeElement?.blur()');
  const scrollY = (page: Page) => page.evaluate<number>('window.scrollY');
  const focusedRow = () => operator.evaluate<string | null>("document.activeElement?.closest('tr')?.getAttribute('data-ticket-row') ?? null");
  /** Waits until the view selector shows `name` (the address changes a moment before the page renders). */
  const viewShown = (page: Page, name: string) =>
    viewSelect(page).locator('option:checked').filter({ hasText: new RegExp(`^${name}$`) }).waitFor({ state: 'attached' });

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    const op = await session.env.signIn('op@cit.example', PASSWORD);
    const solved = await newTicket(SOLVED_TITLE);
    for (const action of [{ action: 'take_charge' }, { action: 'solve', solution: 'Sostituita la tastiera guasta.' }]) {
      expect((await op.post(`/api/tickets/${solved}/actions`, action)).status).toBe(200);
    }
    await newTicket(LONG_TITLE, 'high');
    for (let i = 2; i <= OPEN_TICKETS; i++) await newTicket(`Richiesta di assistenza numero ${i}`, i % 5 === 0 ? 'high' : 'medium');
  });

  it('shows at least 12 whole rows of open tickets at 1366×800 without scrolling, one line each', async () => {
    operator = await session.browsers.signedIn('op@cit.example', LAPTOP);
    await operator.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Ticket', exact: true }).click();
    await operator.getByRole('heading', { level: 1, name: 'Ticket' }).waitFor();
    await rows(operator).nth(20).waitFor();
    await screenshot(operator, 'queue-operator-1366');

    expect(await scrollY(operator)).toBe(0);
    const boxes = await Promise.all((await rows(operator).all()).map((r) => r.boundingBox()));
    const whole = boxes.filter((b) => b !== null && b.y >= 0 && b.y + b.height <= LAPTOP.height);
    expect(whole.length).toBeGreaterThanOrEqual(12);
    // One line: no row taller than a line of text and its padding.
    expect(Math.max(...boxes.map((b) => b?.height ?? 0))).toBeLessThan(40);

    // Default view "Aperti": the solved ticket is not there, the "Risolti" tab has it.
    await viewShown(operator, 'Aperti');
    const tabs = operator.getByRole('group', { name: 'Filtra per stato' });
    expect(await tabs.getByRole('button', { name: /^Aperti/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await tabs.getByRole('button', { name: /^Aperti/ }).innerText()).toMatch(new RegExp(`Aperti\\s*${OPEN_TICKETS}`));
    expect(await operator.getByText(SOLVED_TITLE).count()).toBe(0);
    // The long title is cut on screen, whole in the tooltip.
    const long = operator.getByRole('link', { name: LONG_TITLE });
    expect(await long.getAttribute('title')).toBe(LONG_TITLE);
    expect(await long.evaluate((a) => a.scrollWidth > a.clientWidth)).toBe(true);

    await tabs.getByRole('button', { name: /^Risolti/ }).click();
    await operator.getByRole('link', { name: SOLVED_TITLE }).waitFor();
    expect(await rows(operator).count()).toBe(1);
    await tabs.getByRole('button', { name: /^Aperti/ }).click();
    await rows(operator).nth(20).waitFor();
  });

  it('sorts by the column headers (aria-sort)', async () => {
    const header = (name: RegExp) => operator.getByRole('columnheader', { name });
    const sorted = (name: string, dir: string) => operator.locator(`th[aria-sort="${dir}"]`, { hasText: name }).waitFor();
    await sorted('SLA', 'ascending');
    await header(/Protocollo/).getByRole('button').click();
    await operator.waitForURL(/sort=newest/);
    await sorted('Protocollo', 'descending');
    expect(await operator.locator('th[aria-sort]').count()).toBe(1);
    await rows(operator).first().getByText('Richiesta di assistenza numero 30').waitFor();
    await header(/Protocollo/).getByRole('button').click();
    await operator.waitForURL(/sort=oldest/);
    await sorted('Protocollo', 'ascending');
    await rows(operator).first().getByText(LONG_TITLE).waitFor();
    await header(/SLA/).getByRole('button').click();
    await operator.waitForURL((url) => !url.search.includes('sort='));
    await sorted('SLA', 'ascending');
  });

  it('once the shortcuts are on, moves with j/k, selects with x and opens with Enter; not while typing in the search box', async () => {
    await operator.goto(`${session.env.url}/ticket`);
    await rows(operator).nth(20).waitFor();
    const rowIds = await rows(operator).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ticket-row')));
    // Single-letter shortcuts are off until turned on (WCAG 2.1.4).
    await blur();
    await operator.keyboard.press('j');
    expect(await focusedRow()).toBeNull();
    await operator.getByText('Attiva le scorciatoie da tastiera (j, k, x, Invio)').click();
    await operator.getByText('ticket successivo / precedente').waitFor();
    await blur();
    await operator.keyboard.press('j');
    expect(await focusedRow()).toBe(rowIds[0]);
    await operator.keyboard.press('j');
    await operator.keyboard.press('j');
    expect(await focusedRow()).toBe(rowIds[2]);
    await operator.keyboard.press('k');
    expect(await focusedRow()).toBe(rowIds[1]);
    await operator.keyboard.press('x');
    expect(await rows(operator).nth(1).getByRole('checkbox').isChecked()).toBe(true);
    await operator.getByText('1 selezionato').waitFor();

    // Typing in the search box is typing, not moving.
    await operator.getByLabel('Cerca nei ticket').fill('');
    await operator.getByLabel('Cerca nei ticket').press('j');
    expect(await operator.getByLabel('Cerca nei ticket').inputValue()).toBe('j');
    await operator.getByLabel('Cerca nei ticket').fill('');

    // x on the focused checkbox unticks it; Enter opens the ticket under the cursor.
    await rows(operator).nth(1).getByRole('checkbox').focus();
    await operator.keyboard.press('x');
    expect(await rows(operator).nth(1).getByRole('checkbox').isChecked()).toBe(false);
    const title = (await rows(operator).nth(1).getByRole('link').innerText()).trim();
    await blur();
    await operator.keyboard.press('Enter');
    await operator.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(operator.url()).toContain(`/ticket/${rowIds[1]}`);
  });

  it('keeps the row under the keyboard cursor in place when a ticket arrives live above it', async () => {
    await operator.goto(`${session.env.url}/ticket`);
    await rows(operator).nth(20).waitFor();
    await blur();
    for (let i = 0; i < 5; i++) await operator.keyboard.press('j');
    const cursorRow = operator.locator('tr.ticket-cursor');
    const id = await cursorRow.getAttribute('data-ticket-row');
    const before = await cursorRow.boundingBox();

    // A blocking ticket has the earliest SLA due time: it arrives at the top of the queue.
    await newTicket('Blocco totale del protocollo informatico', 'blocking');
    const arrived = operator.getByRole('row', { name: /Blocco totale del protocollo informatico/ });
    await arrived.getByText('Nuovo arrivo').waitFor();
    expect(await rows(operator).first().getAttribute('data-ticket-row')).toBe(await arrived.getAttribute('data-ticket-row'));
    // Measured once the page has settled: the arrival's badge and the scroll correction may land a frame apart.
    const row = operator.locator(`tr[data-ticket-row="${id}"]`);
    let after = await row.boundingBox();
    for (let i = 0; i < 20; i++) {
      await operator.waitForTimeout(100);
      const now = await row.boundingBox();
      if (now?.y === after?.y) break;
      after = now;
    }
    expect(Math.abs((after?.y ?? 0) - (before?.y ?? -100))).toBeLessThanOrEqual(1);
    expect(await focusedRow()).toBe(id);
    expect(await scrollY(operator)).toBeGreaterThan(0);
  });

  it('saves a view of the current filters, finds it again after a reload, and deletes it', async () => {
    await operator.goto(`${session.env.url}/ticket`);
    await rows(operator).nth(20).waitFor();
    await operator.getByRole('button', { name: 'Filtri', exact: true }).click();
    await operator.getByRole('combobox', { name: 'Urgenza' }).selectOption({ label: 'Alta' });
    await operator.waitForURL(/urgency=high/);
    await operator.getByRole('button', { name: 'Filtri (1)' }).waitFor();
    await rows(operator).nth(OPEN_TICKETS / 5 + 1).waitFor({ state: 'detached' });
    expect(await rows(operator).count()).toBe(OPEN_TICKETS / 5 + 1);
    await viewShown(operator, 'Filtri personalizzati');

    await operator.getByRole('button', { name: 'Salva vista' }).click();
    const dialog = operator.getByRole('dialog', { name: 'Salva la vista' });
    await dialog.getByRole('button', { name: 'Salva', exact: true }).click();
    await dialog.getByText('Indicare un nome per la vista.').waitFor();
    await dialog.getByLabel('Nome della vista').fill('Urgenze alte');
    await dialog.getByRole('button', { name: 'Salva', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await operator.waitForURL(/view=/);
    await viewShown(operator, 'Urgenze alte');

    // After a reload of the plain list, chosen again from the selector.
    await operator.goto(`${session.env.url}/ticket`);
    await rows(operator).nth(20).waitFor();
    await viewShown(operator, 'Aperti');
    await viewSelect(operator).selectOption({ label: 'Urgenze alte' });
    await operator.waitForURL(/urgency=high/);
    await rows(operator).nth(OPEN_TICKETS / 5 + 1).waitFor({ state: 'detached' });
    expect(await rows(operator).count()).toBe(OPEN_TICKETS / 5 + 1);
    await operator.reload();
    await rows(operator).first().waitFor();
    await viewShown(operator, 'Urgenze alte');

    await operator.getByRole('button', { name: 'Elimina la vista «Urgenze alte»' }).click();
    const confirm = operator.getByRole('dialog', { name: 'Eliminare la vista «Urgenze alte»?' });
    await confirm.getByRole('button', { name: 'Elimina la vista' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await operator.waitForURL((url) => !url.search.includes('urgency'));
    await viewShown(operator, 'Aperti');
    await viewSelect(operator).locator('option', { hasText: 'Urgenze alte' }).waitFor({ state: 'detached' });
  });

  it('offers the built-in views', async () => {
    await viewSelect(operator).selectOption({ label: 'Non assegnati' });
    await operator.waitForURL(/assignee=none/);
    await viewShown(operator, 'Non assegnati');
    await rows(operator).nth(20).waitFor();
    await viewSelect(operator).selectOption({ label: 'I miei ticket' });
    await operator.waitForURL(/assignee=me/);
    await operator.getByText('Nessun ticket corrisponde ai filtri scelti.').waitFor();
    await viewSelect(operator).selectOption({ label: 'Tutti' });
    await operator.waitForURL(/status=all/);
    const all = operator.getByRole('group', { name: 'Filtra per stato' }).locator('button[aria-pressed="true"]');
    // Every ticket but the deleted ones: the open ones, the blocking one that arrived and the solved one.
    await all.filter({ hasText: new RegExp(`Tutti\\s*${OPEN_TICKETS + 2}$`) }).waitFor();
  });

  it('passes axe, with and without the filters panel', async () => {
    const page = await session.browsers.signedIn('op@cit.example', LAPTOP, '/ticket');
    await rows(page).nth(20).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Filtri', exact: true }).click();
    await page.getByRole('combobox', { name: 'Urgenza' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'queue-operator-filters');
  });

  it('keeps the Ente users on a simpler list: no views, no checkboxes, no deleted tab', async () => {
    const ente = await session.browsers.signedIn('a@alfa.example', LAPTOP, '/ticket');
    await rows(ente).nth(20).waitFor();
    expect(await ente.getByLabel('Vista', { exact: true }).count()).toBe(0);
    expect(await ente.locator('.ticket-table input[type="checkbox"]').count()).toBe(0);
    const tabs = ente.getByRole('group', { name: 'Filtra per stato' });
    expect(await tabs.getByRole('button', { name: /^Tutti/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await tabs.getByRole('button', { name: /Eliminati/ }).count()).toBe(0);
    expect(await seriousViolations(ente)).toEqual([]);
  });
});
