import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { DESKTOP, screenshot, seriousViolations, submitLogin } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/**
 * The knowledge base end to end (issue 18, point 3): an operator writes an article in the editor (Markdown with its
 * preview), an Ente's user typing a matching ticket title sees it suggested and opens it in a new tab; axe clean.
 */
describe('knowledge base', () => {
  const session = browserSession();

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
  });

  it('an article written by the staff is suggested while an Ente types a ticket title', async () => {
    const op = await session.browsers.signedIn('op@cit.example', DESKTOP, '/kb/nuovo');
    await op.getByRole('heading', { level: 1, name: 'Nuovo articolo' }).waitFor();
    await op.getByLabel('Titolo').fill('Rinnovo del kit di firma digitale');
    await op.getByLabel('Categoria').fill('Firma digitale');
    await op.getByLabel('Testo (Markdown)').fill('Per **rinnovare** il kit:\n\n1. compilare il modulo\n2. inviarlo al CIT\n\n<script>alert(1)</script>');
    const preview = op.getByTestId('kb-preview');
    await preview.locator('strong', { hasText: 'rinnovare' }).waitFor();
    expect(await preview.locator('script').count()).toBe(0);
    await op.waitForLoadState('networkidle');
    expect(await seriousViolations(op)).toEqual([]);
    await op.getByRole('button', { name: 'Salva l’articolo' }).click();
    await op.getByRole('heading', { level: 1, name: 'Rinnovo del kit di firma digitale' }).waitFor();
    await op.locator('.kb-body li', { hasText: 'compilare il modulo' }).waitFor();
    await op.goto(`${session.env.url}/kb`);
    await op.getByTestId('kb-deflection').waitFor();
    await op.getByRole('link', { name: 'Rinnovo del kit di firma digitale' }).waitFor();
    expect(await seriousViolations(op)).toEqual([]);

    const page = await session.browsers.anonymous(undefined, 'a@alfa.example');
    await page.goto(session.env.url);
    await submitLogin(page, 'a@alfa.example', PASSWORD);
    await page.getByRole('link', { name: 'Guide' }).first().waitFor();
    await page.goto(`${session.env.url}/ticket/nuovo`);
    await page.getByLabel('Oggetto').fill('Firma digitale scaduta da rinnovare');
    const suggestions = page.getByRole('region', { name: 'Questi articoli potrebbero già rispondere alla richiesta' });
    const link = suggestions.getByRole('link', { name: /Rinnovo del kit di firma digitale/ });
    await link.waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'kb-suggestions');
    expect(await seriousViolations(page)).toEqual([]);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.getByRole('heading', { level: 1, name: 'Rinnovo del kit di firma digitale' }).waitFor();
    // The Ente's visit counts as an opened suggestion of that form (no ticket sent: deflected so far).
    const opened = async () => ((await session.env.ds.query(`SELECT count(*)::int AS n FROM kb_suggestion_events WHERE kind = 'opened'`)) as Array<{ n: number }>)[0]?.n;
    // The event is sent without waiting for it (the tab opens at once): give it a moment to arrive.
    for (let i = 0; i < 50 && (await opened()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await opened()).toBe(1);
    expect(session.browsers.errors).toEqual([]);
  });

  it('an operator links an article the Ente can open in a reply, then turns the ticket into a draft', async () => {
    const [alfa, api] = await Promise.all([session.env.signIn('a@alfa.example', PASSWORD), session.env.signIn('op@cit.example', PASSWORD)]);
    // Two articles the Ente could not open: a CIT-only one and a draft. Neither may be offered.
    await api.post('/api/kb/articles', { title: 'Firma digitale: procedura interna', body: 'Per i tecnici.', audience: 'cit' }).expect(201);
    await api.post('/api/kb/articles', { title: 'Firma digitale: bozza', body: 'In lavorazione.', audience: 'enti', status: 'draft' }).expect(201);
    const ticket = await alfa
      .post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title: 'Kit di firma scaduto', description: 'Il kit di a@alfa.example è scaduto ieri.' })
      .expect(201);
    const ticketId = ticket.body.id as string;

    const op = await session.browsers.signedIn('op@cit.example');
    await op.goto(`${session.env.url}/ticket/${ticketId}`);
    await op.getByRole('button', { name: 'Inserire il link a un articolo' }).click();
    await op.getByLabel('Ricerca negli articoli pubblicati per gli Enti').fill('firma digitale');
    const results = op.getByRole('list', { name: 'Articoli trovati' });
    await results.getByRole('button', { name: 'Rinnovo del kit di firma digitale' }).waitFor();
    await op.waitForLoadState('networkidle');
    expect(await results.getByRole('button').allInnerTexts()).toEqual(['Rinnovo del kit di firma digitale']);
    expect(await seriousViolations(op)).toEqual([]);
    await results.getByRole('button', { name: 'Rinnovo del kit di firma digitale' }).click();
    const reply = op.getByLabel('Messaggio');
    const [article] = (await api.agent.get('/api/kb/articles').query({ q: 'rinnovo kit', audience: 'enti', status: 'published' }).expect(200)).body.items as Array<{ id: string }>;
    const link = `${session.env.url}/kb/${article!.id}`;
    expect(await reply.inputValue()).toBe(`Rinnovo del kit di firma digitale: ${link}`);
    await reply.press('End');
    await reply.pressSequentially('\nCordiali saluti');
    await op.getByRole('button', { name: 'Invia la risposta' }).click();
    // The reply is saved once the form says so (the text typed is on the page before that, in the field).
    await op.getByRole('status').filter({ hasText: 'Risposta inviata.' }).waitFor();
    // The Ente reads the link in the reply and can open the article.
    const detail = (await alfa.agent.get(`/api/tickets/${ticketId}`).expect(200)).body as { timeline: Array<{ kind: string; body?: string }> };
    expect(detail.timeline.some((e) => e.kind === 'followup' && e.body?.includes(link))).toBe(true);
    await alfa.agent.get(`/api/kb/articles/${article!.id}`).expect(200);

    // The ticket becomes a draft, opened in the editor: its text without the requester's e-mail.
    await op.getByRole('button', { name: 'Creare una bozza di articolo' }).click();
    await op.getByRole('heading', { level: 1, name: 'Modifica di «Kit di firma scaduto»' }).waitFor();
    expect(await op.getByLabel('Stato').inputValue()).toBe('draft');
    const body = await op.getByLabel('Testo (Markdown)').inputValue();
    expect(body).toContain('Il kit di [e-mail] è scaduto ieri.');
    expect(body).toContain('Cordiali saluti');
    expect(body).not.toContain('@alfa.example');
    expect(session.browsers.errors).toEqual([]);
  });
});
