import type { Browser, Page } from 'playwright-core';
import { startTestEnv, type TestEnv } from '../../server/test/harness';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { CLIENT_DIST, launchChromium } from './browser';

describe('login in the browser', () => {
  let env: TestEnv;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    env = await startTestEnv({ SERVE_CLIENT: 'true', CLIENT_DIST });
    await tenantWorld(env.ds);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ locale: 'it-IT' });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterEach(async () => {
    await page.close();
    expect(errors.splice(0)).toEqual([]);
  });

  async function signIn(email: string, password: string) {
    await page.goto(env.url);
    await page.getByLabel('Indirizzo e-mail').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Accedi' }).click();
  }

  it('signs a capofila referent in, shows who they are and the Enti they may see, then signs out', async () => {
    await signIn('u@gamma.example', PASSWORD);
    await page.getByRole('heading', { name: /Benvenuto/ }).waitFor();
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
    await page.goto(env.url);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  async function expectText(text: string) {
    await page.getByText(text, { exact: false }).first().waitFor();
  }
});
