import type { Page } from 'playwright-core';
import { PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { nextTotpCode } from '../../server/test/totp';
import { DESKTOP, seriousViolations, submitLogin } from './pages';
import { browserSession } from './session';

describe('second factor and identity-provider pages in the browser', () => {
  const session = browserSession({ timeoutMs: 10_000 });
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

  it('an admin types the code of the app after the password; a wrong code is explained; the page is accessible', async () => {
    await page.goto(session.env.url);
    await submitLogin(page, 'admin@cit.example', PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Verifica in due passaggi' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Codice di verifica').fill('000000');
    await page.getByRole('button', { name: 'Verifica e accedi' }).click();
    await page.getByText('Codice non valido o già usato.').first().waitFor();
    await page.getByLabel('Codice di verifica').fill(await nextTotpCode('admin@cit.example'));
    await page.getByRole('button', { name: 'Verifica e accedi' }).click();
    await page.getByRole('heading', { level: 1, name: /Le diamo il benvenuto/ }).waitFor();
  });

  it('explains in Italian why an identity-provider login signed nobody in', async () => {
    await page.goto(`${session.env.url}/accesso/non-riuscito?motivo=unknown`);
    await page.getByRole('heading', { level: 1, name: 'Accesso non riuscito' }).waitFor();
    await page.getByText(/non è associato ad alcun utente/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('an operator enrols an app from the profile: QR code, first code, ten recovery codes', async () => {
    const operator = await session.browsers.signedIn('op@cit.example', DESKTOP, '/profilo');
    await operator.getByRole('button', { name: 'Attiva l’app di autenticazione' }).click();
    const qr = operator.getByRole('img', { name: 'Codice QR da inquadrare con l’app di autenticazione' });
    await qr.waitFor();
    expect(await seriousViolations(operator)).toEqual([]);
    const secret = (await operator.locator('code').first().textContent()) ?? '';
    await operator.getByLabel('Codice di verifica').fill(await nextTotpCode('op@cit.example', secret));
    await operator.getByRole('button', { name: 'Conferma l’app' }).click();
    await operator.getByRole('heading', { name: 'Codici di recupero' }).waitFor();
    expect(await operator.getByRole('list', { name: 'Codici di recupero' }).getByRole('listitem').count()).toBe(10);
    await operator.getByText(/App di autenticazione attiva; restano 10 codici di recupero/).waitFor();
  });
});
