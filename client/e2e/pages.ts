import { nextTotpCode } from '../../server/test/totp';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from '../../server/test/fixtures';

/** Screenshots of every e2e run (gitignored: artifacts/). */
export const SHOTS_DIR = path.resolve(__dirname, '../../artifacts/screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const vp = page.viewportSize();
  const suffix = vp && vp.width < 600 ? 'phone' : 'desktop';
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-${suffix}.png`), fullPage: true });
}

/** E2E_SCREENSHOTS=/tmp (say): more screenshots, of the steps the ticket and service suites name. */
export const STEP_SHOTS_DIR = process.env.E2E_SCREENSHOTS;

export async function stepShot(page: Page, name: string): Promise<void> {
  if (STEP_SHOTS_DIR) await page.screenshot({ path: `${STEP_SHOTS_DIR}/cit-${name}.png`, fullPage: true });
}

/** Opens browsers as different users; collects page errors so each test can assert there were none. */
export class Browsers {
  readonly contexts: BrowserContext[] = [];
  readonly errors: string[] = [];
  constructor(
    private readonly browser: Browser,
    private readonly url: () => string,
    private readonly timeoutMs = 15_000,
  ) {}

  /**
   * The cookies of each account's first login, for its next pages: a second page of the same person is a second
   * tab, not a second login. It also keeps the suites from waiting for the next TOTP step (each code works once).
   */
  private readonly sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

  async anonymous(viewport = DESKTOP, label = 'anonymous', storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<Page> {
    const context = await this.browser.newContext({ locale: 'it-IT', viewport, ...(storageState ? { storageState } : {}) });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(this.timeoutMs);
    page.on('pageerror', (e) => this.errors.push(`${label}: ${e.message}`));
    return page;
  }

  /**
   * A page of `email` at `path` (the home when not given). A later page of the same account opens `path` at once
   * with the saved session, without passing through the home.
   */
  async signedIn(email: string, viewport = DESKTOP, path = '/'): Promise<Page> {
    const saved = this.sessions.get(email);
    if (saved) {
      const tab = await this.anonymous(viewport, email, saved);
      await tab.goto(`${this.url()}${path}`);
      // The main menu is there only for a signed-in person; the login page means the session ended meanwhile
      // (logout, pseudonymisation): this tab signs in again below.
      const signedIn = tab.getByRole('navigation', { name: 'Menu principale' });
      const login = tab.getByRole('heading', { level: 1, name: 'Accedi' });
      await signedIn.or(login).first().waitFor({ state: 'attached' });
      if (!(await login.isVisible())) return tab;
      this.sessions.delete(email);
      return this.loginOn(tab, email, path);
    }
    return this.loginOn(await this.anonymous(viewport, email), email, path);
  }

  private async loginOn(page: Page, email: string, path = '/'): Promise<Page> {
    await page.goto(this.url());
    await submitLogin(page, email, PASSWORD);
    const welcome = page.getByRole('heading', { level: 1, name: /Le diamo il benvenuto/ });
    const codeField = page.getByLabel('Codice di verifica');
    // Admins and approvers have the demo authenticator: the helper types its code, as a person would.
    await welcome.or(codeField).first().waitFor();
    if (await codeField.isVisible()) {
      await codeField.fill(await nextTotpCode(email));
      await page.getByRole('button', { name: 'Verifica e accedi' }).click();
    }
    await welcome.waitFor();
    this.sessions.set(email, await page.context().storageState());
    if (path !== '/') await page.goto(`${this.url()}${path}`);
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
  }
}

/** Fills the login form shown on `page` and submits it. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
}

export const mainNav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name, exact: true });

/** Follows a main-menu link as a user would: below 992 px the menu button opens the panel first. */
export async function followMainNav(page: Page, name: string): Promise<void> {
  const toggler = page.getByRole('navigation', { name: 'Menu principale' }).getByRole('button', { name: 'Menu' });
  if (await toggler.isVisible()) await toggler.click();
  await mainNav(page, name).click();
}

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core on the page as it is now: the serious and critical violations (WCAG 2.x A/AA and best practices). */
/** What the animation check reads of the page's Web Animations (the tests do not compile against the DOM types). */
interface PageAnimation {
  playState: string;
  effect: { getTiming(): { iterations?: number } } | null;
}

export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  // A dialog or panel still fading in has its text at partial opacity, which axe reads as too little contrast:
  // wait for the finite transitions and animations (spinners loop for ever and are left alone).
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): PageAnimation[] } }).document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
