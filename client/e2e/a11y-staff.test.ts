import { PASSWORD } from '../../server/test/fixtures';
import { a11ySuite } from './a11y-suite';
import { DESKTOP } from './pages';

jest.setTimeout(120_000);

describe('accessibility (axe) and screenshots: the operator, approver and catalogue pages', () => {
  const { session, check } = a11ySuite();

  it('operator queue and home', async () => {
    await check('queue-operator', async () => {
      const page = await session.browsers.signedIn('op@cit.example', DESKTOP, '/ticket');
      await page.getByRole('link', { name: 'Stampante del protocollo non raggiungibile' }).first().waitFor();
      return page;
    });
    await check('home-operator', async () => {
      const page = await session.browsers.signedIn('op@cit.example');
      await page.getByRole('heading', { level: 2, name: 'Contratti' }).waitFor();
      await page.locator('.contract-box').first().waitFor();
      return page;
    });
  });

  it('reports page: charts with their table views, reached from the main menu', async () => {
    await check('reports-operator', async () => {
      const page = await session.browsers.signedIn('op@cit.example', DESKTOP, '/ticket');
      await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Report' }).click();
      await page.getByRole('heading', { level: 1, name: 'Report' }).waitFor();
      // The two tickets of the suite, opened today: the month's bar and the backlog count them.
      const monthly = page.getByRole('table', { name: 'Ticket aperti e chiusi per mese' });
      await monthly.waitFor({ state: 'attached' });
      await page.locator('.report-chart .recharts-bar-rectangle').first().waitFor();
      await page.getByRole('button', { name: 'Mostra la tabella: Ticket aperti e chiusi per mese' }).click();
      await monthly.waitFor();
      const lastMonth = monthly.getByRole('row').last();
      expect(await lastMonth.getByRole('cell').first().innerText()).toBe('2');
      expect(await page.locator('.report-total strong').innerText()).toBe('2');
      // Every chart on the page has its table.
      const charts = await page.locator('.report-chart').count();
      expect(charts).toBeGreaterThan(0);
      expect(await page.locator('figure.report-figure:has(.report-chart) table').count()).toBe(charts);
      return page;
    });
    // «Report» joins the main menu of operators and Ente users: still one row of links on a 1366 px laptop.
    for (const email of ['op@cit.example', 'a@alfa.example']) {
      const page = await session.browsers.signedIn(email, { width: 1366, height: 800 }, '/report');
      const nav = page.getByRole('navigation', { name: 'Menu principale' });
      await nav.getByRole('link', { name: 'Report' }).waitFor();
      const boxes = await Promise.all((await nav.getByRole('link').all()).map((l) => l.boundingBox()));
      expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(1);
      await page.close();
    }
  });

  it('approvals inbox', async () => {
    await check('approvals', async () => {
      const page = await session.browsers.signedIn('approvatore@cit.example', DESKTOP, '/approvazioni');
      await page.getByRole('link', { name: 'Richiesta di attivazione: Casella PEC' }).first().waitFor();
      return page;
    });
  });

  it('admin users list', async () => {
    await check('admin-users', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/utenti');
      await page.getByRole('heading', { level: 1, name: 'Utenti' }).waitFor();
      // Either the list or, while the server has no user API yet, the error: both must be accessible.
      await page.locator('.users-table:visible, .ticket-cards:visible, .alert-danger:visible').first().waitFor();
      return page;
    });
  }, 90_000);

  it('admin catalog and price lists', async () => {
    await check('admin-catalog', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/catalogo');
      await page.getByRole('heading', { level: 1, name: 'Catalogo e listini' }).waitFor();
      await page.locator('.catalog-table').waitFor();
      return page;
    });
  });

  it('price-list version pages: a published version and a draft with its editor', async () => {
    const admin = await session.env.signIn('admin@cit.example', PASSWORD);
    const versions = (await admin.agent.get('/api/admin/price-lists')).body as { items: Array<{ id: string; inForceToday: boolean }> };
    const current = versions.items.find((v) => v.inForceToday)!;
    const draft = await admin.post('/api/admin/price-lists', { fromId: current.id, effectiveFrom: '2030-01-01' });
    expect(draft.status).toBe(201);
    for (const [name, id] of [['admin-price-list-published', current.id], ['admin-price-list-draft', draft.body.id as string]] as const) {
      await check(name, async () => {
        const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, `/admin/catalogo/listini/${id}`);
        await page.getByRole('heading', { level: 1, name: 'Convenzione 2026-2030 – Allegato A' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Storico delle modifiche' }).waitFor();
        await page.locator('.loading-block').first().waitFor({ state: 'detached' }).catch(() => undefined);
        return page;
      });
    }
  }, 120_000);

  it('billing page of the CIT accounting, with the capitolo / accertamento form and its error summary', async () => {
    await check('billing-accounting', async () => {
      const page = await session.browsers.signedIn('approvatore@cit.example', DESKTOP, '/addebiti');
      await page.getByRole('button', { name: 'Modifica capitolo e accertamento: Quota di adesione' }).click();
      const form = page.getByRole('form', { name: 'Capitolo e accertamento: Quota di adesione' });
      await form.getByLabel('Capitolo di bilancio').fill('SERVIZI');
      await form.getByRole('button', { name: 'Salva' }).click();
      await form.locator('.alert-danger').waitFor();
      return page;
    });
  });
});
