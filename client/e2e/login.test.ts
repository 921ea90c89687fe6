import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { submitLogin } from './pages';
import { browserSession } from './session';

describe('login in the browser', () => {
  const session = browserSession({ timeoutMs: 8000 });
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
    await page.getByRole('heading', { name: /Ti diamo il benvenuto/ }).waitFor();
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

  async function expectText(text: string) {
    await page.getByText(text, { exact: false }).first().waitFor();
  }
});
