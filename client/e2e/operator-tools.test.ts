import type { Page } from 'playwright-core';
import { PASSWORD, createUser, tenantWorld } from '../../server/test/fixtures';
import type { SignedIn } from '../../server/test/harness';
import { mainNav, screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(180_000);

const LAPTOP = { width: 1366, height: 800 };
const BULK_TICKETS = 22;

/** Issue 17, points 4, 5 and 7: bulk actions seen live by a second operator, canned replies with `::`, merge. */
describe('operator tools: bulk actions, canned replies, merge', () => {
  const session = browserSession({ timeoutMs: 15_000 });
  let alfa: SignedIn;
  let beta: SignedIn;
  let op: SignedIn;

  const newTicket = async (who: SignedIn, title: string) => {
    const res = await who.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title, description: `Descrizione di: ${title}` });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const protocolOf = async (id: string) => (await op.agent.get(`/api/tickets/${id}`).expect(200)).body.protocol as string;
  const rows = (page: Page) => page.locator('.ticket-table tbody tr');
  /** Polls until `count()` gives `n` (live updates arrive when they arrive). */
  const eventually = async (what: string, count: () => Promise<number>, n: number, ms = 15_000) => {
    const until = Date.now() + ms;
    let last = -1;
    while (Date.now() < until) {
      last = await count();
      if (last === n) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${what}: ${last}, expected ${n}`);
  };

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    await createUser(session.env.ds, 'op2@cit.example', 'operator');
    alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    beta = await session.env.signIn('b@beta.example', PASSWORD);
    op = await session.env.signIn('op@cit.example', PASSWORD);
  });

  it('assigns 20 tickets in bulk and a second operator sees it live; reports what could not change', async () => {
    for (let i = 1; i <= BULK_TICKETS; i++) await newTicket(alfa, `Richiesta massiva ${i}`);
    const first = await session.browsers.signedIn('op@cit.example', LAPTOP);
    const second = await session.browsers.signedIn('op2@cit.example', LAPTOP);
    for (const page of [first, second]) {
      await mainNav(page, 'Ticket').click();
      await rows(page).nth(BULK_TICKETS - 1).waitFor();
    }
    // "Select all in view" ticks every row; the toolbar counts them.
    await first.getByLabel(`Seleziona tutti i ${BULK_TICKETS} ticket mostrati`).check();
    await first.getByRole('heading', { name: `${BULK_TICKETS} ticket selezionati` }).waitFor();
    await first.getByRole('button', { name: 'Annulla selezione' }).click();
    expect(await first.locator('.bulk-toolbar').count()).toBe(0);

    const boxes = first.locator('.ticket-table tbody .ticket-select');
    for (let i = 0; i < 20; i++) await boxes.nth(i).check();
    const toolbar = first.getByRole('region', { name: '20 ticket selezionati' });
    await toolbar.waitFor();
    await toolbar.getByLabel('Azione').selectOption({ label: 'Assegna a un operatore' });
    await toolbar.getByLabel('Operatore').selectOption({ label: 'op2' });
    expect(await seriousViolations(first)).toEqual([]);
    await screenshot(first, 'queue-bulk-toolbar');
    await toolbar.getByRole('button', { name: 'Applica a 20 ticket' }).click();
    await first.getByRole('status').filter({ hasText: 'Aggiornati 20 ticket su 20.' }).waitFor();

    // The second operator did nothing: the rows change under their eyes.
    // The assignee cell carries the name in its title (cell texts run together in a row's text).
    const assignedTo = (page: Page, name: string) => page.locator(`.ticket-table tbody td[title="${name}"]`);
    await eventually('rows assigned to op2 in the second browser', () => assignedTo(second, 'op2').count(), 20);
    const assigned = (await session.env.ds.query(`SELECT count(*)::int AS n FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.email = 'op2@cit.example'`)) as Array<{ n: number }>;
    expect(assigned[0]?.n).toBe(20);

    // A status the lifecycle refuses: the report names each ticket and why.
    const unassigned = first.locator('.ticket-table tbody tr').filter({ hasNot: first.locator('td[title="op2"]') });
    await eventually('tickets left unassigned', () => unassigned.count(), BULK_TICKETS - 20);
    for (let i = 0; i < BULK_TICKETS - 20; i++) await unassigned.nth(i).locator('.ticket-select').check();
    const toolbar2 = first.getByRole('region', { name: `${BULK_TICKETS - 20} ticket selezionati` });
    await toolbar2.getByLabel('Azione').selectOption({ label: 'Cambia stato' });
    await toolbar2.getByLabel('Nuovo stato').selectOption({ label: 'Chiudi' });
    await toolbar2.getByRole('button', { name: /^Applica a/ }).click();
    const report = first.getByRole('status').filter({ hasText: 'Aggiornati 0 ticket su 2.' });
    await report.waitFor();
    expect(await report.innerText()).toMatch(/2 ticket non sono cambiati:[\s\S]*non è possibile su un ticket nello stato «new»/);
    expect(await seriousViolations(first)).toEqual([]);
  });

  it('inserts a canned reply with `::` and its placeholders filled, from a keyboard-operable list', async () => {
    const id = await newTicket(alfa, 'La stampante non stampa');
    const protocol = await protocolOf(id);
    const saved = await op.post('/api/canned-replies', {
      name: 'Saluto iniziale',
      body: 'Gentile {{richiedente}} ({{ente}}), abbiamo preso in carico il ticket {{protocollo}}. {{operatore}}',
    });
    expect(saved.status).toBe(201);
    expect((await op.post('/api/canned-replies', { name: 'Sollecito', body: 'Ci servono altre informazioni.' })).status).toBe(201);

    const page = await session.browsers.signedIn('op@cit.example', LAPTOP, `/ticket/${id}`);
    const reply = page.getByLabel('Messaggio', { exact: true });
    await reply.click();
    await reply.pressSequentially('Buongiorno. ::s');
    const list = page.getByRole('listbox', { name: 'Risposte predefinite' });
    await list.waitFor();
    expect(await list.getByRole('option').count()).toBe(2);
    await page.getByRole('status').filter({ hasText: '2 risposte predefinite' }).waitFor({ state: 'attached' });
    // The textarea keeps the focus and points at the active option.
    const activeId = await reply.getAttribute('aria-activedescendant');
    expect(await list.getByRole('option', { selected: true }).getAttribute('id')).toBe(activeId);
    expect(await reply.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'canned-reply-listbox');
    // Narrow down to one, move with the arrows, insert with Enter.
    await reply.pressSequentially('alu');
    expect(await list.getByRole('option').count()).toBe(1);
    await reply.press('ArrowDown');
    await reply.press('Enter');
    expect(await list.count()).toBe(0);
    expect(await reply.inputValue()).toBe(`Buongiorno. Gentile a (Comune di Alfa), abbiamo preso in carico il ticket ${protocol}. op`);
    await page.getByRole('button', { name: 'Invia la risposta' }).click();
    await page.getByText('Risposta inviata.').waitFor();
    const followUps = (await session.env.ds.query(`SELECT body FROM ticket_followups WHERE ticket_id = $1`, [id])) as Array<{ body: string }>;
    expect(followUps.map((f) => f.body)).toEqual([`Buongiorno. Gentile a (Comune di Alfa), abbiamo preso in carico il ticket ${protocol}. op`]);

    // Esc closes the list without inserting anything.
    await reply.pressSequentially('::sol');
    await list.waitFor();
    await reply.press('Escape');
    expect(await list.count()).toBe(0);
    expect(await reply.inputValue()).toBe('::sol');

    // The page where each operator keeps their own replies.
    await page.goto(`${session.env.url}/admin/risposte`);
    await page.getByRole('heading', { level: 1, name: 'Risposte predefinite' }).waitFor();
    await page.getByRole('table', { name: 'Le mie risposte' }).getByRole('rowheader', { name: 'Saluto iniziale' }).waitFor();
    await page.getByLabel('Nome', { exact: true }).fill('Chiusura');
    await page.getByLabel('Testo', { exact: true }).fill('Il ticket {{protocollo}} è risolto.');
    await page.getByLabel('Cambia lo stato in').selectOption({ label: 'Risolto (il testo è la soluzione)' });
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await page.getByText('Risposta «Chiusura» salvata.').waitFor();
    await page.getByRole('table', { name: 'Le mie risposte' }).getByRole('rowheader', { name: 'Chiusura' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'canned-replies-page');

    // A reply with an action: once sent, the ticket is solved with the filled text as its solution.
    expect((await op.post(`/api/tickets/${id}/actions`, { action: 'take_charge' })).status).toBe(200);
    await page.goto(`${session.env.url}/ticket/${id}`);
    await reply.fill('');
    await reply.pressSequentially('::chiu');
    await list.getByRole('option', { name: /Chiusura/ }).waitFor();
    await reply.press('Enter');
    const apply = page.getByLabel(/Dopo l'invio applica anche: stato «Risolto/);
    expect(await apply.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Invia la risposta' }).click();
    await page.locator('.ticket-status-now').getByText('Risolto').waitFor();
    const solved = (await op.agent.get(`/api/tickets/${id}`).expect(200)).body;
    expect(solved).toMatchObject({ status: 'solved', solution: `Il ticket ${protocol} è risolto.` });
  });

  it('merges a duplicate from the ticket page into another ticket of the same Ente, and refuses another Ente in Italian', async () => {
    const keep = await newTicket(alfa, 'Posta certificata ferma');
    const dup = await newTicket(alfa, 'PEC non funziona (doppione)');
    const other = await newTicket(beta, 'PEC di Beta');
    expect((await alfa.post(`/api/tickets/${dup}/followups`, { body: 'Nemmeno stamattina funziona.' })).status).toBe(201);
    const [keepProtocol, dupProtocol, otherProtocol] = [await protocolOf(keep), await protocolOf(dup), await protocolOf(other)];

    const page = await session.browsers.signedIn('op@cit.example', LAPTOP, `/ticket/${dup}`);
    await page.getByRole('heading', { level: 2, name: 'Ticket collegati' }).waitFor();
    await page.getByRole('button', { name: 'Unisci in un altro ticket…' }).click();
    const dialog = page.getByRole('dialog', { name: `Unisci il ticket ${dupProtocol} in un altro` });
    await dialog.waitFor();
    await dialog.getByLabel('Protocollo del ticket che resta').fill(otherProtocol);
    await dialog.getByRole('button', { name: 'Unisci e chiudi questo ticket' }).click();
    await dialog.getByText(/Non si possono unire ticket di Enti diversi/).waitFor();
    // Fully faded in before axe measures contrast.
    await page.waitForTimeout(400);
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByLabel('Protocollo del ticket che resta').fill(keepProtocol);
    await dialog.getByRole('button', { name: 'Unisci e chiudi questo ticket' }).click();
    await page.getByRole('heading', { level: 1, name: 'Posta certificata ferma' }).waitFor();
    await page.getByText(`Unito a questo il ticket ${dupProtocol}`).waitFor();
    await page.getByText('Nemmeno stamattina funziona.').waitFor();
    await page.getByRole('link', { name: dupProtocol, exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ticket-merged-into');

    // The duplicate points to the surviving ticket and is closed; the requester sees it too.
    const ente = await session.browsers.signedIn('a@alfa.example', LAPTOP, `/ticket/${dup}`);
    await ente.getByText(`Unito nel ticket ${keepProtocol} e chiuso`).waitFor();
    expect(await ente.locator('.ticket-status-now').innerText()).toMatch(/Chiuso/);
    expect(await ente.getByRole('heading', { name: 'Ticket collegati' }).count()).toBe(0);

    // Link two related tickets: both show it; another Ente's ticket is refused in Italian.
    const related = await newTicket(alfa, 'Caselle PEC degli uffici');
    const relatedProtocol = await protocolOf(related);
    const linkField = page.getByLabel('Protocollo del ticket da collegare');
    await linkField.fill(otherProtocol);
    await page.getByRole('button', { name: 'Collega', exact: true }).click();
    await page.getByText(/Non si possono collegare ticket di Enti diversi/).waitFor();
    await linkField.fill(relatedProtocol);
    await page.getByRole('button', { name: 'Collega', exact: true }).click();
    await page.getByRole('list', { name: 'Ticket collegati' }).getByRole('link', { name: relatedProtocol }).waitFor();
    await page.goto(`${session.env.url}/ticket/${related}`);
    await page.getByRole('list', { name: 'Ticket collegati' }).getByRole('link', { name: keepProtocol }).waitFor();
    await page.getByRole('button', { name: `Scollega il ticket ${keepProtocol}` }).click();
    await page.getByText('Nessun ticket collegato.').waitFor();
  });
});
