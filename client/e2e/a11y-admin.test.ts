import { a11ySuite } from './a11y-suite';
import { DESKTOP } from './pages';

jest.setTimeout(120_000);

describe('accessibility (axe) and screenshots: the administration pages', () => {
  const { session, world, check } = a11ySuite();

  /** The admin pages signed in as the coordinator (axe at desktop and phone width each). */
  async function checkAdminPages(pages: Array<[string, string, string, RegExp?]>) {
    for (const [name, path, heading, shown] of pages) {
      await check(name, async () => {
        const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, path);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.locator('.loading-block').first().waitFor({ state: 'detached' }).catch(() => undefined);
        if (shown) await page.getByText(shown).first().waitFor();
        return page;
      });
    }
  }

  // Two tests rather than one: eighteen page checks in one test came close to its time limit on a loaded machine.
  it('the other admin pages: home, Enti, Ente, suppliers', async () => {
    await checkAdminPages([
      ['admin-home', '/admin', 'Amministrazione'],
      ['admin-enti', '/admin/enti', 'Enti'],
      ['admin-ente', `/admin/enti/${world.enteA}`, 'Comune di Alfa'],
      ['admin-suppliers', '/admin/fornitori', 'Fornitori'],
      // The download of a signed form recorded by the suite's setup, with its Italian label.
      ['admin-audit', '/admin/registro', 'Registro modifiche', /Scaricamento · Moduli firmati/],
    ]);
  }, 300_000);

  // The operations card loads after the page: scanned once it is there (its own test, for the time limit).
  it('the admin home with its operations card', async () => {
    await check('admin-home-ops', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin');
      await page.getByRole('heading', { level: 2, name: 'Stato del servizio' }).waitFor();
      return page;
    });
  }, 300_000);

  it('the admin pages SLA, failures and billing, contracts, and the Ente billing page', async () => {
    await checkAdminPages([
      ['admin-sla', '/admin/sla', 'SLA e calendario'],
      ['admin-failures', '/admin/errori', 'Job ed e-mail non riusciti'],
      ['admin-billing', '/admin/fatturazione', 'Fatturazione'],
      ['contracts', '/contratti', 'Contratti'],
    ]);
    await check('admin-calendar-errors', async () => {
      const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/sla');
      const week = page.getByRole('form', { name: 'Giorni e orari' });
      await week.getByLabel('Apertura fascia 2').fill('12:00');
      await week.getByRole('button', { name: 'Salva giorni e orari' }).click();
      await week.getByRole('link', { name: /si sovrappone/ }).waitFor();
      return page;
    });
    await check('billing-ente', async () => {
      const page = await session.browsers.signedIn('a@alfa.example', DESKTOP, '/addebiti');
      await page.getByRole('heading', { level: 2, name: 'Estratti conto semestrali' }).waitFor();
      return page;
    });
  }, 300_000);
});
