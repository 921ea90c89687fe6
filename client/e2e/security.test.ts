import { CSRF_HEADER } from '@cit/shared';
import { createUser, PASSWORD, tenantWorld } from '../../server/test/fixtures';
import { DESKTOP, PHONE, screenshot, seriousViolations } from './pages';
import { browserSession } from './session';

jest.setTimeout(120_000);

/** Issue 19 in the browser: my sessions, the admin's blocked-access page, sessions and GDPR in the user dialog. */
describe('sessions, blocked access and personal data in the browser', () => {
  // Behind a trusted proxy (loopback) a failed login can come "from" another address.
  const session = browserSession({ env: { TRUST_PROXY: 'loopback', LOGIN_IP_MAX_FAILURES: '2' } });

  beforeAll(async () => {
    await tenantWorld(session.env.ds);
    await createUser(session.env.ds, 'giulia@alfa.example', 'ente_user', { enti: [(await session.env.ds.query(`SELECT id FROM enti WHERE name = 'Comune di Alfa'`))[0].id as string] });
  });

  it('lists my sessions and ends the other one; axe finds nothing serious at desktop and phone width', async () => {
    const other = await session.env.signIn('a@alfa.example', PASSWORD);
    const page = await session.browsers.signedIn('a@alfa.example');
    await page.getByRole('link', { name: 'Le mie sessioni aperte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Le mie sessioni' }).waitFor();
    await page.getByText('Questa sessione').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Chiudi tutte le altre sessioni' }).click();
    await page.getByText(/session[ei] chius[ae]\./).waitFor();
    await other.agent.get('/api/auth/me').expect(401);
    await screenshot(page, 'my-sessions');

    const phone = await session.browsers.signedIn('a@alfa.example', PHONE, '/sessioni');
    await phone.getByText('Questa sessione').waitFor();
    expect(await seriousViolations(phone)).toEqual([]);
  });

  it('shows a blocked address to the admin, who unblocks it', async () => {
    const agent = session.env.agent();
    const csrf = await agent.get('/api/auth/csrf').set('X-Forwarded-For', '203.0.113.9').expect(200);
    for (let i = 0; i < 3; i++) {
      await agent.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.9').set(CSRF_HEADER, csrf.body.csrfToken as string).send({ email: 'nessuno@x.example', password: 'no' });
    }
    const admin = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/accessi');
    await admin.getByRole('heading', { level: 1, name: 'Accessi bloccati' }).waitFor();
    await admin.locator('.failure-main').getByText('203.0.113.9').waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Sblocca 203.0.113.9' }).click();
    await admin.getByText('203.0.113.9 sbloccato.').waitFor();
    await screenshot(admin, 'admin-blocked-access');
  });

  it('in the user dialog: sessions, export link, pseudonymisation after confirmation', async () => {
    await session.env.signIn('giulia@alfa.example', PASSWORD).catch(() => undefined);
    const admin = await session.browsers.signedIn('admin@cit.example', DESKTOP, '/admin/utenti');
    await admin.getByLabel('Cerca per nome o e-mail').fill('giulia');
    const row = admin.getByRole('row', { name: /giulia@alfa\.example/ });
    await row.getByRole('button', { name: /^Modifica / }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Sessioni aperte' }).waitFor();
    await dialog.getByRole('heading', { name: 'Dati personali (GDPR)' }).waitFor();
    const href = await dialog.getByRole('link', { name: /Esporta i dati \(zip\)/ }).getAttribute('href');
    expect(href).toMatch(/^\/api\/admin\/users\/[0-9a-f-]{36}\/export$/);
    expect(await seriousViolations(admin)).toEqual([]);
    await dialog.getByRole('button', { name: 'Pseudonimizza' }).click();
    await dialog.getByRole('button', { name: 'Sì, pseudonimizza' }).click();
    await dialog.getByText(/ora l’utente compare come «Utente rimosso /).waitFor();
    await screenshot(admin, 'admin-user-personal-data');
  });
});
