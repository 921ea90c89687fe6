import type { ParsedMail } from 'mailparser';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { CSRF_HEADER } from '@cit/shared';
import { createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';

const LINK = /https:\/\/helpdesk\.example\.it\/imposta-password\?token=([A-Za-z0-9_-]{43})/;
const INVALID_LINK = { code: 'invalid_link', message: 'Il collegamento non è valido o è scaduto: chiedine uno nuovo.' };
const NEW_PASSWORD = 'una-password-nuova';

function tokenOf(mail: ParsedMail): string {
  const m = LINK.exec(mail.text ?? '');
  if (!m?.[1]) throw new Error(`no link in mail: ${mail.text ?? ''}`);
  return m[1];
}

describe('accounts: admin user management, invitation and password links', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let admin: SignedIn;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    await sink.start();
    env = await startTestEnv({
      SMTP_URL: sink.url,
      PUBLIC_URL: 'https://helpdesk.example.it',
      MAIL_ATTEMPTS: '3',
      MAIL_BACKOFF_MS: '250',
      RUN_JOBS: 'true',
    });
    world = await tenantWorld(env.ds);
    admin = await env.signIn('admin@cit.example', PASSWORD);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await env.close();
    await sink.stop();
  });

  /** A public POST from a fresh, signed-out client (with its CSRF token, as the browser does). */
  const anonymousPost = async (path: string, body: object) => {
    const agent = env.agent();
    const csrf = await agent.get('/api/auth/csrf').expect(200);
    return agent.post(path).set(CSRF_HEADER, csrf.body.csrfToken as string).send(body);
  };
  const reset = (token: string, password = NEW_PASSWORD) => anonymousPost('/api/auth/password/reset', { token, password });
  const login = (email: string, password: string) => anonymousPost('/api/auth/login', { email, password });
  const waitMail = (address: string, subject: RegExp, after = 0) =>
    until(`mail ${subject} to ${address}`, () => sink.to(address).slice(after).find((m) => subject.test(m.subject ?? '')));
  /** Every mail written so far has left (so "no mail" is not just "not yet"). */
  const settle = async () => {
    await env.outbox.idle();
    await until('queued mails sent', async () => {
      const [row] = (await env.ds.query(`SELECT count(*)::int AS n FROM outgoing_mails WHERE status = 'queued'`)) as Array<{ n: number }>;
      return row?.n === 0 ? true : undefined;
    });
  };
  const createEnteUser = async (email: string, extra: object = {}) => {
    const res = await admin.post('/api/admin/users', { email, name: `Referente ${email}`, role: 'ente_user', enteIds: [world.enteA], ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string };
  };

  describe('codice fiscale', () => {
    it('is validated with its control letter, stored upper-case, unique, and audited', async () => {
      const created = await admin.post('/api/admin/users', { email: 'cf@cit.example', name: 'Con CF', role: 'operator', fiscalCode: ' rssmra85t10a562s ' });
      expect(created.status).toBe(201);
      expect(created.body.fiscalCode).toBe('RSSMRA85T10A562S');
      const wrong = await admin.post('/api/admin/users', { email: 'cf2@cit.example', name: 'CF errato', role: 'operator', fiscalCode: 'RSSMRA85T10A562T' });
      expect(wrong.status).toBe(400);
      expect(JSON.stringify(wrong.body)).toContain('Codice fiscale non valido');
      const twin = await admin.post('/api/admin/users', { email: 'cf3@cit.example', name: 'Gemello', role: 'operator', fiscalCode: 'RSSMRA85T10A562S' });
      expect(twin.status).toBe(409);
      const other = await admin.post('/api/admin/users', { email: 'cf4@cit.example', name: 'Altro', role: 'operator' });
      const clash = await admin.agent.patch(`/api/admin/users/${other.body.id as string}`).set(CSRF_HEADER, admin.csrfToken).send({ fiscalCode: 'RSSMRA85T10A562S' });
      expect(clash.status).toBe(409);
      const cleared = await admin.agent.patch(`/api/admin/users/${created.body.id as string}`).set(CSRF_HEADER, admin.csrfToken).send({ fiscalCode: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.fiscalCode).toBeNull();
      const [entry] = (await env.ds.query(`SELECT before->>'fiscalCode' AS b, after->>'fiscalCode' AS a FROM audit_log WHERE entity = 'users' AND record_id = $1 AND action = 'update'`, [created.body.id])) as Array<{ b: string; a: string | null }>;
      expect(entry).toEqual({ b: 'RSSMRA85T10A562S', a: null });
    });
  });

  describe('invitation', () => {
    it('admin creates an ente_user; the mailed link sets the password once and login works', async () => {
      const res = await admin.post('/api/admin/users', {
        email: ' Nuovo@Alfa.example ',
        name: ' Nuovo Referente ',
        role: 'ente_user',
        enteIds: [world.enteA],
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: 'nuovo@alfa.example',
        name: 'Nuovo Referente',
        role: 'ente_user',
        language: 'it',
        enti: [{ id: world.enteA, name: 'Comune di Alfa' }],
        supplier: null,
        disabledAt: null,
        passwordSet: false,
        fiscalCode: null,
        totpEnrolled: false,
      });

      const mail = await waitMail('nuovo@alfa.example', /Il Suo accesso all’help-desk del CIT/);
      expect(mail.text).toContain('Gentile Nuovo Referente,');
      expect(mail.text).toContain('funziona una sola volta');
      const token = tokenOf(mail);
      expect(mail.html).toContain(`href="https://helpdesk.example.it/imposta-password?token=${token}"`);
      // Only the digest is stored, and the delivered mail's copy in the log no longer holds a usable link.
      const stored = (await env.ds.query(`SELECT encode(token_hash, 'hex') AS h, purpose FROM password_links WHERE user_id = $1`, [res.body.id])) as Array<{ h: string; purpose: string }>;
      expect(stored).toEqual([{ h: expect.stringMatching(/^[0-9a-f]{64}$/), purpose: 'invite' }]);
      await settle();
      const [logged] = (await env.ds.query(`SELECT text, html, status, template FROM outgoing_mails WHERE recipient_user_id = $1`, [res.body.id])) as Array<{
        text: string;
        html: string;
        status: string;
        template: string;
      }>;
      expect(logged).toMatchObject({ status: 'sent', template: 'account_invite' });
      expect(logged!.text).not.toContain(token);
      expect(logged!.html).not.toContain(token);

      expect((await login('nuovo@alfa.example', NEW_PASSWORD)).status).toBe(401);
      expect((await reset(token)).status).toBe(204);
      const signedIn = await login('nuovo@alfa.example', NEW_PASSWORD);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user).toMatchObject({ email: 'nuovo@alfa.example', role: 'ente_user' });

      const again = await reset(token, 'un-altra-password-ancora');
      expect(again.status).toBe(400);
      expect(again.body.error).toEqual(INVALID_LINK);

      const list = await admin.agent.get('/api/admin/users').query({ q: 'nuovo@alfa' }).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, passwordSet: true })]);
    });

    it('an expired link gives 400 invalid_link', async () => {
      const user = await createEnteUser('scaduto@alfa.example');
      const token = tokenOf(await waitMail(user.email, /accesso/));
      await env.ds.query(`UPDATE password_links SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [user.id]);
      const res = await reset(token);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(INVALID_LINK);
    });

    it('an unknown or malformed token gives the same 400 invalid_link', async () => {
      for (const token of ['x'.repeat(43), 'non-un-token']) {
        const res = await reset(token);
        expect(res.status).toBe(400);
        expect(res.body.error).toEqual(INVALID_LINK);
      }
    });

    it('a fresh invitation replaces the previous link', async () => {
      const user = await createEnteUser('reinvito@alfa.example');
      const first = tokenOf(await waitMail(user.email, /accesso/));
      await admin.post(`/api/admin/users/${user.id}/invite`).expect(204);
      const second = tokenOf(await waitMail(user.email, /accesso/, 1));
      expect(second).not.toBe(first);
      expect((await reset(first)).body.error).toEqual(INVALID_LINK);
      expect((await reset(second)).status).toBe(204);
    });

    it('the mail is in English for a user whose language is English', async () => {
      await admin.post('/api/admin/users', { email: 'staff.en@cit.example', name: 'Jane Doe', role: 'operator', language: 'en' }).expect(201);
      const mail = await waitMail('staff.en@cit.example', /Your access to the CIT help-desk/);
      expect(mail.text).toContain('Dear Jane Doe,');
      expect(mail.text).toMatch(LINK);
    });

    it('a weak password is refused with a clear message and does not use up the link', async () => {
      const user = await createEnteUser('debole@alfa.example');
      const token = tokenOf(await waitMail(user.email, /accesso/));
      const cases: Array<[string, RegExp]> = [
        ['corta', /almeno 10 caratteri/],
        ['aaaaaaaaaaaa', /un solo carattere ripetuto/],
        ['Debole@Alfa.example', /uguale al Suo indirizzo e-mail/],
      ];
      for (const [password, message] of cases) {
        const res = await reset(token, password);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_error');
        expect(res.body.error.details.fields).toEqual([{ path: 'password', message: expect.stringMatching(message) }]);
      }
      expect((await reset(token)).status).toBe(204);
    });

    it('admin resends an invitation only to an existing, enabled user', async () => {
      expect((await admin.post('/api/admin/users/00000000-0000-4000-8000-000000000000/invite')).status).toBe(404);
      expect((await admin.post('/api/admin/users/non-un-id/invite')).status).toBe(404);
    });
  });

  describe('forgotten password', () => {
    const forgot = (email: string) => anonymousPost('/api/auth/password/forgot', { email });

    it('answers the same 202 for an unknown and a known address; only the known one gets a mail', async () => {
      const unknown = await forgot('nessuno@alfa.example');
      const known = await forgot('A@alfa.example');
      expect(unknown.status).toBe(202);
      expect(known.status).toBe(202);
      expect(known.body).toEqual(unknown.body);
      expect(known.body.message).toMatch(/^Se l’indirizzo corrisponde a un account attivo/);

      const mail = await waitMail('a@alfa.example', /Reimpostazione della password/);
      expect(mail.text).toContain('Se non l’ha chiesta Lei, può ignorare questa e-mail');
      await settle();
      expect(sink.to('nessuno@alfa.example')).toHaveLength(0);

      // The reset ends the sessions opened with the old password.
      const before = await env.signIn('a@alfa.example', PASSWORD);
      expect((await reset(tokenOf(mail))).status).toBe(204);
      await before.agent.get('/api/auth/me').expect(401);
      expect((await login('a@alfa.example', PASSWORD)).status).toBe(401);
      expect((await login('a@alfa.example', NEW_PASSWORD)).status).toBe(200);
    });

    it('sends at most 3 links an hour per address, silently', async () => {
      await createUser(env.ds, 'limite@alfa.example', 'ente_user', { enti: [world.enteA] });
      for (let i = 0; i < 5; i++) expect((await forgot('limite@alfa.example')).status).toBe(202);
      await settle();
      expect(sink.to('limite@alfa.example').filter((m) => /Reimposta/.test(m.subject ?? ''))).toHaveLength(3);
    });

    it('a disabled account gets no link, and validation errors are 400', async () => {
      await createUser(env.ds, 'spento@alfa.example', 'ente_user', { enti: [world.enteA] });
      await env.ds.query(`UPDATE users SET disabled_at = now() WHERE email = 'spento@alfa.example'`);
      expect((await forgot('spento@alfa.example')).status).toBe(202);
      await settle();
      expect(sink.to('spento@alfa.example')).toHaveLength(0);

      const bad = await forgot('non-una-mail');
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields).toEqual([{ path: 'email', message: 'Indirizzo e-mail non valido.' }]);
    });
  });

  describe('disabling', () => {
    it('ends the session and the live connection at once; the account can be enabled again', async () => {
      const id = await createUser(env.ds, 'dadisabilitare@beta.example', 'ente_user', { enti: [world.enteB] });
      const user = await env.signIn('dadisabilitare@beta.example', PASSWORD);
      await user.agent.get('/api/auth/me').expect(200);
      const socket = connectClient(env.url, { forceNew: true, reconnection: false, extraHeaders: { cookie: user.cookie } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const dropped = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

      const res = await admin.agent.patch(`/api/admin/users/${id}`).set(CSRF_HEADER, admin.csrfToken).send({ disabled: true });
      expect(res.status).toBe(200);
      expect(res.body.disabledAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
      expect(await dropped).toBe('io server disconnect');
      const sessions = (await env.ds.query(`SELECT count(*)::int AS n FROM http_sessions WHERE user_id = $1`, [id])) as Array<{ n: number }>;
      expect(sessions[0]?.n).toBe(0);
      const next = await user.agent.get('/api/tickets');
      expect(next.status).toBe(401);
      expect((await login('dadisabilitare@beta.example', PASSWORD)).body.error.code).toBe('account_disabled');

      const enabled = await admin.agent.patch(`/api/admin/users/${id}`).set(CSRF_HEADER, admin.csrfToken).send({ disabled: false });
      expect(enabled.body.disabledAt).toBeNull();
      expect((await login('dadisabilitare@beta.example', PASSWORD)).status).toBe(200);
    });

    it('an admin cannot disable themself nor change their own role', async () => {
      const self = await admin.agent.patch(`/api/admin/users/${world.users.admin}`).set(CSRF_HEADER, admin.csrfToken).send({ disabled: true });
      expect(self.status).toBe(409);
      expect(self.body.error.code).toBe('cannot_disable_self');
      const demote = await admin.agent.patch(`/api/admin/users/${world.users.admin}`).set(CSRF_HEADER, admin.csrfToken).send({ role: 'operator' });
      expect(demote.status).toBe(409);
      await admin.agent.get('/api/auth/me').expect(200);
    });
  });

  describe('validation and access', () => {
    const create = (body: object) => admin.post('/api/admin/users', { email: 'valida@cit.example', name: 'Valida', ...body });
    const fieldsOf = (body: { error: { details: { fields: Array<{ path: string; message: string }> } } }) => body.error.details.fields;

    it('refuses inconsistent links with field messages', async () => {
      const noEnte = await create({ role: 'ente_user' });
      expect(noEnte.status).toBe(400);
      expect(noEnte.body.error.code).toBe('validation_error');
      expect(fieldsOf(noEnte.body)).toEqual([{ path: 'enteIds', message: 'Un utente di Ente va collegato a esattamente un Ente.' }]);

      const twoEnti = await create({ role: 'ente_user', enteIds: [world.enteA, world.enteB] });
      expect(fieldsOf(twoEnti.body)[0]?.path).toBe('enteIds');

      const capofilaOfComune = await create({ role: 'capofila_user', enteIds: [world.enteA] });
      expect(capofilaOfComune.status).toBe(400);
      expect(fieldsOf(capofilaOfComune.body)[0]?.message).toMatch(/non ha Enti membri/);

      const noSupplier = await create({ role: 'supplier_user' });
      expect(fieldsOf(noSupplier.body)).toEqual([{ path: 'supplierId', message: expect.stringMatching(/indichi il fornitore/) }]);

      const staffWithEnte = await create({ role: 'operator', enteIds: [world.enteA] });
      expect(fieldsOf(staffWithEnte.body)[0]?.message).toMatch(/personale del CIT/);

      const unknownEnte = await create({ role: 'ente_user', enteIds: ['00000000-0000-4000-8000-000000000000'] });
      expect(fieldsOf(unknownEnte.body)).toEqual([{ path: 'enteIds.0', message: "L'Ente indicato non esiste." }]);

      const badBody = await admin.post('/api/admin/users', { email: 'x', name: '', role: 'capo', enteIds: ['nope'] });
      expect(badBody.status).toBe(400);
      expect(fieldsOf(badBody.body).map((f) => f.path).sort()).toEqual(['email', 'enteIds.0', 'name', 'role']);

      const capofila = await create({ role: 'capofila_user', enteIds: [world.unione] });
      expect(capofila.status).toBe(201);
      expect(capofila.body.enti).toEqual([{ id: world.unione, name: 'Unione dei Comuni Gamma' }]);
    });

    it('a duplicate e-mail is 409 email_taken', async () => {
      const res = await admin.post('/api/admin/users', { email: 'B@beta.example', name: 'Doppione', role: 'ente_user', enteIds: [world.enteB] });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'email_taken', message: 'Esiste già un utente con questo indirizzo e-mail.' });
    });

    it('changing the role drops the links the new role cannot have', async () => {
      const user = await createEnteUser('promosso@alfa.example');
      const res = await admin.agent.patch(`/api/admin/users/${user.id}`).set(CSRF_HEADER, admin.csrfToken).send({ role: 'operator', name: 'Promosso' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'operator', name: 'Promosso', enti: [], supplier: null });
      const supplier = await admin.agent.patch(`/api/admin/users/${user.id}`).set(CSRF_HEADER, admin.csrfToken).send({ role: 'supplier_user' });
      expect(supplier.status).toBe(400);
      expect((await admin.agent.patch('/api/admin/users/non-un-id').set(CSRF_HEADER, admin.csrfToken).send({ name: 'X' })).status).toBe(404);
    });

    it('lists users in name order with keyset pages and filters', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ id: string; name: string }>; nextCursor: string | null } } = await admin.agent
          .get('/api/admin/users')
          .query({ limit: 3, ...(cursor ? { cursor } : {}) })
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        all.push(...page.body.items.map((u) => u.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      const [row] = (await env.ds.query(`SELECT count(*)::int AS n FROM users`)) as Array<{ n: number }>;
      expect(all).toHaveLength(row!.n);
      const sorted = (await env.ds.query(`SELECT name FROM users ORDER BY lower(name), id`)) as Array<{ name: string }>;
      expect(all).toEqual(sorted.map((r) => r.name));

      const operators = await admin.agent.get('/api/admin/users').query({ role: 'operator' }).expect(200);
      expect(operators.body.items.every((u: { role: string }) => u.role === 'operator')).toBe(true);
      const supplier = await admin.agent.get('/api/admin/users').query({ q: 'fornitore' }).expect(200);
      expect(supplier.body.items).toEqual([expect.objectContaining({ email: 'pec@fornitore.example', supplier: { id: expect.any(String), name: 'Fornitore PEC di prova' } })]);

      expect((await admin.agent.get('/api/admin/users').query({ cursor: 'rotto' })).body.error.code).toBe('invalid_cursor');
      const forged = Buffer.from(JSON.stringify(['a', 'non-uuid'])).toString('base64url');
      expect((await admin.agent.get('/api/admin/users').query({ cursor: forged })).status).toBe(400);
      expect((await admin.agent.get('/api/admin/users').query({ role: 'capo' })).status).toBe(400);
    });

    it('only admins manage users', async () => {
      const operator = await env.signIn('op@cit.example', PASSWORD);
      const enteUser = await env.signIn('b@beta.example', PASSWORD);
      for (const who of [operator, enteUser]) {
        expect((await who.agent.get('/api/admin/users')).status).toBe(403);
        const res = await who.post('/api/admin/users', { email: 'x@cit.example', name: 'X', role: 'admin' });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect((await env.agent().get('/api/admin/users')).status).toBe(401);
    });

    it('lists active operators and admins for assignment, to staff only', async () => {
      await createUser(env.ds, 'approvatore@cit.example', 'approver');
      const gone = await createUser(env.ds, 'op.spento@cit.example', 'operator');
      await env.ds.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [gone]);
      const approver = await env.signIn('approvatore@cit.example', PASSWORD);
      const res = await approver.agent.get('/api/users/assignable').expect(200);
      const ids = (res.body as Array<{ id: string; role: string }>).map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([world.users.operator, world.users.admin]));
      expect(ids).not.toContain(gone);
      expect(ids).not.toContain(world.users.userB);
      expect((res.body as Array<{ role: string }>).every((u) => u.role === 'operator' || u.role === 'admin')).toBe(true);
      expect(res.body[0]).toEqual({ id: expect.any(String), name: expect.any(String), role: expect.any(String) });

      await (await env.signIn('op@cit.example', PASSWORD)).agent.get('/api/users/assignable').expect(200);
      await admin.agent.get('/api/users/assignable').expect(200);
      for (const email of ['b@beta.example', 'pec@fornitore.example', 'u@gamma.example']) {
        expect((await (await env.signIn(email, PASSWORD)).agent.get('/api/users/assignable')).status).toBe(403);
      }
    });
  });
});
