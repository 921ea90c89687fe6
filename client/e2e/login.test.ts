import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { seriousViolations, submitLogin } from './pages';
import { browserSession } from './session';

describe('login in the browser', () => {
  // One-hour sessions, so that the expiry test fast-forwards the page's clock by an hour, not twelve.
  const session = browserSession({ timeoutMs: 8000, env: { SESSION_TTL_HOURS: '1' } });
  let page: Page;

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
  });
  beforeEach(async () => {
    page = await session.browsers.anonymous();
  });
  afterEach(async () => {
    await page.context().close();
  });

  async function signIn(email: string, password: string) {
    await page.goto(session.env.url);
    await submitLogin(page, email, password);
  }

  it('signs a capofila referent in, shows who they are and the Enti they may see, then signs out', async () => {
    await signIn('u@gamma.example', PASSWORD);
    await page.getByRole('heading', { name: /Le diamo il benvenuto/ }).waitFor();
    await expectText('Referente dell\'Ente capofila');
    await expectText('Enti visibili: 3');
    for (const name of ['Unione dei Comuni Gamma', 'Comune di Gamma Alta', 'Comune di Gamma Bassa']) {
      await page.getByRole('rowheader', { name }).first().waitFor();
    }
    expect(await page.getByText('Comune di Alfa').count()).toBe(0);

    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('heading', { name: 'Accedi' }).waitFor();
  });

  it('tells the user in Italian when the password is wrong, and keeps the e-mail typed', async () => {
    await signIn('a@alfa.example', 'password-sbagliata');
    await page.getByText('Non è stato possibile accedere').waitFor();
    expect(await page.getByLabel('Indirizzo e-mail').inputValue()).toBe('a@alfa.example');
  });

  it('switches the interface to English', async () => {
    await page.goto(session.env.url);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('warns before the session expires, extends it on Enter, and at the end shows the login page with the reason', async () => {
    await page.clock.install();
    // No live connection: after a jump of the clock it would reconnect and refresh the lists, and any answer of
    // the server extends the session (as it should), behind the test's back.
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.routeWebSocket(/socket\.io/, (ws) => ws.close());
    // The bell's poll reports the server's own (real-time) count of what is left, which this page's fast-forwarded
    // clock would misread; that a poll does not extend the session is tested on the server (session-expiry.test.ts).
    await page.route('**/api/me/notifications', (route) => route.abort());
    // The banners' five-minute poll, likewise.
    await page.route('**/api/announcements/current', (route) => route.abort());
    await signIn('a@alfa.example', PASSWORD);
    await page.getByRole('heading', { name: /Le diamo il benvenuto/ }).waitFor();
    const expiresAt = () => page.evaluate<number>("Number(localStorage.getItem('cit.sessionExpiresAt'))");
    for (let i = 0; i < 50 && (await expiresAt()) === 0; i++) await page.waitForTimeout(100);
    const first = await expiresAt();
    // The server gives 59 minutes (an hour, less the store's one-minute refresh step); the warning opens 2 minutes before.
    expect(first - (await page.evaluate<number>('Date.now()'))).toBeGreaterThan(58 * 60_000);
    const warning = page.getByRole('alertdialog', { name: 'La sessione sta per scadere' });
    await page.clock.fastForward('55:00');
    expect(await warning.count()).toBe(0);
    await page.clock.fastForward('02:30');
    await warning.waitFor();
    await warning.getByText(/tra meno di 2 minuti/).waitFor();
    const extend = warning.getByRole('button', { name: 'Prolunga la sessione' });
    await extend.waitFor();
    const focused = () => page.evaluate<string | null>('document.activeElement?.textContent ?? null');
    for (let i = 0; i < 20 && (await focused()) !== 'Prolunga la sessione'; i++) await page.waitForTimeout(100);
    expect(await focused()).toBe('Prolunga la sessione');
    expect(await seriousViolations(page)).toEqual([]);

    const asked = page.waitForResponse((r) => r.url().endsWith('/api/auth/session') && r.status() === 200);
    await page.keyboard.press('Enter');
    await asked;
    await warning.waitFor({ state: 'detached' });
    expect(await expiresAt()).toBeGreaterThan(first + 57 * 60_000);

    // Nobody answers this time, and the server has meanwhile dropped the session: the login page says why.
    await page.clock.fastForward('57:30');
    await warning.waitFor();
    await page.context().clearCookies();
    await page.clock.fastForward('02:00');
    await warning.waitFor({ state: 'detached' });
    await page.clock.fastForward('00:10');
    await page.getByRole('heading', { name: 'Accedi' }).waitFor();
    await page.getByText('La sessione è scaduta').waitFor();
  });

  async function expectText(text: string) {
    await page.getByText(text, { exact: false }).first().waitFor();
  }
});
