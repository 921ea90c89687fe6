import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import type { SignedIn } from '../../server/test/harness';
import { DESKTOP, screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

const TITLE = 'Manutenzione della PEC del Comune di Alfa';

/**
 * Announcements (issue 18, point 4): the admin publishes a banner from the admin page; the Ente's open page shows
 * it without a reload, another Ente's does not; the Ente closes it; the admin ends another one early and it leaves.
 */
describe('announcements', () => {
  const session = browserSession({ timeoutMs: 10_000 });
  let admin: SignedIn;
  let alfa: Page;
  let beta: Page;

  const banners = (page: Page) => page.getByRole('region', { name: 'Avvisi' }).locator('[data-announcement]');

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    admin = await session.env.signIn('admin@cit.example', PASSWORD);
  });

  it('shows a banner published for one Ente live on that Ente’s open page only, and keeps it closed once dismissed', async () => {
    alfa = await session.browsers.signedIn('a@alfa.example');
    beta = await session.browsers.signedIn('b@beta.example');
    expect(await banners(alfa).count()).toBe(0);

    const page = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/avvisi');
    await page.getByRole('heading', { level: 1, name: 'Avvisi' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Titolo').fill(TITLE);
    await page.getByLabel('Testo').fill('Sabato dalle 8 alle 12 la casella PEC non riceverà messaggi.');
    await page.getByLabel('Gravità').selectOption('warning');
    await page.getByText('Tutti gli Enti', { exact: true }).click();
    await page.getByLabel('Aggiungi un Ente').selectOption({ label: 'Comune di Alfa' });
    await page.getByRole('list', { name: 'Enti scelti' }).getByText('Comune di Alfa', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Pubblica' }).click();
    await page.getByRole('status').filter({ hasText: `Avviso «${TITLE}» pubblicato.` }).waitFor();
    await page.getByRole('row', { name: new RegExp(TITLE) }).getByText('In corso').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'announcements-admin');

    // No reload on the Ente's side: the live hint brings the banner.
    await banners(alfa).filter({ hasText: TITLE }).waitFor();
    // The home's «Avvisi del CIT» section lists it as well (the same answer, no request of its own).
    await alfa.locator('.home-announcements').getByText(TITLE).waitFor();
    await screenshot(alfa, 'announcement-banner');
    expect(await seriousViolations(alfa)).toEqual([]);

    // Beta's page hears of the next one (for everybody), never of Alfa's.
    await admin
      .post('/api/admin/announcements', {
        title: 'Scadenza della quota annuale il 31 marzo',
        severity: 'critical',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        allEnti: true,
      })
      .expect(201);
    await banners(beta).filter({ hasText: 'Scadenza della quota annuale' }).waitFor();
    expect(await banners(beta).filter({ hasText: TITLE }).count()).toBe(0);

    // Alfa closes it; it stays closed after a reload.
    await alfa.getByRole('button', { name: `Chiudi l'avviso «${TITLE}»` }).click();
    await banners(alfa).filter({ hasText: TITLE }).waitFor({ state: 'detached' });
    await alfa.reload();
    await banners(alfa).filter({ hasText: 'Scadenza della quota annuale' }).waitFor();
    expect(await banners(alfa).filter({ hasText: TITLE }).count()).toBe(0);

    // The admin ends the deadline banner early: it leaves the open pages.
    await page.reload();
    await page.getByRole('button', { name: 'Concludi ora l\'avviso «Scadenza della quota annuale il 31 marzo»' }).click();
    await page.getByRole('status').filter({ hasText: 'concluso' }).waitFor();
    await banners(beta).filter({ hasText: 'Scadenza della quota annuale' }).waitFor({ state: 'detached' });
  });
});
