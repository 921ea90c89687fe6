import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { activationRequest, insertPecUnit, PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { recordEntries } from '../../server/src/billing/ledger/billing-entries.repository';
import { generateStatements } from '../../server/src/billing/statements/generate';
import { AttachmentStore } from '../../server/src/tickets/attachments/storage';
import { PHONE, screenshot, seriousViolations, submitLogin } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

const LAPTOP = { width: 1366, height: 800 };

/**
 * The Ente's home as a referent uses it (issue 24, point 2): sign in, search from the home, see a request waiting
 * for approval, an allowance, the amount to pay, and download the latest statement as a PDF; at 1366×800 and on a
 * 390 px phone (no horizontal scroll), with no serious axe violation.
 */
describe("the Ente's home as a self-service hub", () => {
  const session = browserSession();

  beforeAll(async () => {
    const { ds, config } = session.env;
    const world = await tenantWorld(ds);
    const alfa = await session.env.signIn('a@alfa.example', PASSWORD);
    const printer = await alfa.post('/api/tickets', {
      type: 'incident',
      category: 'assistance',
      urgency: 'high',
      title: 'Stampante del protocollo non raggiungibile',
      description: "Dalle 9 la stampante dell'ufficio protocollo non stampa.",
    });
    expect(printer.status).toBe(201);
    const request = await alfa.postRequest('/api/tickets', activationRequest({ title: 'Attivazione casella PEC per i tributi' }));
    expect(request.status).toBe(201);
    // Three PEC boxes held in the convention in force: «3 di 4 gratuite usate».
    for (const unitIndex of [1, 2, 3]) await insertPecUnit(ds, { enteId: world.enteA, requestTicketId: request.body.id as string, unitIndex });
    const entry = (key: string, kind: 'quota' | 'one_off', half: 1 | 2, amountCents: number, dueOn: string) => ({
      sourceKey: `e2e-home:${key}`,
      enteId: world.enteA,
      payerEnteId: world.enteA,
      serviceRecordId: null,
      kind,
      serviceCode: kind === 'quota' ? null : 'firma_digitale',
      year: 2026,
      half,
      description: kind === 'quota' ? 'Quota di adesione 2026' : 'Kit di firma digitale aggiuntivo',
      amountCents,
      dueOn,
    });
    await recordEntries(ds, [entry('quota', 'quota', 1, 57_000, '2026-03-31'), entry('kit', 'one_off', 2, 7_000, '2027-01-15')]);
    const store = new AttachmentStore(path.resolve(config.ATTACHMENTS_DIR));
    await generateStatements(ds, store, { year: 2026, half: 1, runId: null });
    await generateStatements(ds, store, { year: 2026, half: 2, runId: null });
  });

  async function signIn(viewport: { width: number; height: number }): Promise<Page> {
    const page = await session.browsers.anonymous(viewport, 'a@alfa.example');
    await page.goto(session.env.url);
    await submitLogin(page, 'a@alfa.example', PASSWORD);
    await page.getByRole('heading', { level: 1, name: /Le diamo il benvenuto/ }).waitFor();
    return page;
  }

  it('signs in, searches, sees a request, an allowance and the amount due, and downloads the statement', async () => {
    const page = await signIn(LAPTOP);
    // The search box comes first, then the sections in the order the Ente reads them.
    await page.getByRole('heading', { level: 2, name: 'Avvisi del CIT' }).waitFor();
    const headings = await page.locator('.ente-home h2').allInnerTexts();
    expect(headings.map((h) => h.trim())).toEqual(['Come possiamo aiutarti?', 'Richieste in corso', 'Servizi attivi e gratuità', 'Importi e scadenze', 'Avvisi del CIT']);

    await page.getByRole('searchbox', { name: 'Come possiamo aiutarti?' }).fill('stampante');
    await page.keyboard.press('Enter');
    const results = page.getByRole('region', { name: "Ticket dell'Ente" });
    await results.getByRole('link', { name: 'Stampante del protocollo non raggiungibile' }).waitFor();

    const requests = page.getByRole('region', { name: 'Richieste in corso' });
    const row = requests.getByRole('listitem').filter({ hasText: 'Attivazione casella PEC per i tributi' });
    await row.getByText('In attesa di approvazione').waitFor();

    const services = page.getByRole('region', { name: 'Servizi attivi e gratuità' });
    await services.locator('p', { hasText: 'Casella PEC: 3 di 4 gratuite usate' }).waitFor();

    const dues = page.getByRole('region', { name: 'Importi e scadenze' });
    // 570,00 of quota and 70,00 for the kit, nothing collected.
    await dues.getByText('€ 640,00').first().waitFor();
    await dues.getByText(/Estratto conto n\. \d+\/2026 \(versione 1\), 2026, 2º semestre/).waitFor();

    await page.waitForLoadState('networkidle');
    await screenshot(page, 'ente-home');
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), dues.getByRole('link', { name: /^Scarica il PDF dell'estratto conto n\. \d+\/2026$/ }).click()]);
    expect(download.suggestedFilename()).toBe('estratto-conto-2026-semestre-2-comune-di-alfa.pdf');
    const file = await download.path();
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('fits a 390 px phone without horizontal scroll, with no serious axe violation', async () => {
    const page = await signIn(PHONE);
    await page.getByRole('region', { name: 'Importi e scadenze' }).getByText('€ 640,00').first().waitFor();
    await page.getByRole('searchbox', { name: 'Come possiamo aiutarti?' }).fill('stampante');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.getByRole('region', { name: "Ticket dell'Ente" }).getByRole('link', { name: 'Stampante del protocollo non raggiungibile' }).waitFor();
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'ente-home');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
