import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { binary } from '../../test/pdf-text';
import { signedForm } from '../../test/signing';

describe('memberships: signatory, delibera, period, payer, recorded quota and the signed convention', () => {
  let env: TestEnv;
  let admin: SignedIn;
  let referent: SignedIn;
  let outsider: SignedIn;
  let ente: string;
  let unione: string;

  const send = (method: 'post' | 'patch' | 'delete', path: string, body: object) =>
    admin.agent[method](path).set('x-csrf-token', admin.csrfToken).send(body);
  const upload = (who: SignedIn, membershipId: string, version: number, bytes: Buffer, name: string) =>
    who.agent
      .post(`/api/enti/${ente}/memberships/${membershipId}/document`)
      .set('x-csrf-token', who.csrfToken)
      .field('version', String(version))
      .attach('document', bytes, name);

  beforeAll(async () => {
    env = await startTestEnv();
    ente = await createEnte(env.ds, 'Comune di Adesione');
    unione = await createEnte(env.ds, 'Unione di Adesione', 'unione_comuni');
    const other = await createEnte(env.ds, 'Comune Estraneo');
    await createUser(env.ds, 'coordinatore@cit.example', 'admin');
    await createUser(env.ds, 'referente@adesione.example', 'ente_user', { enti: [ente] });
    await createUser(env.ds, 'referente@estraneo.example', 'ente_user', { enti: [other] });
    [admin, referent, outsider] = await Promise.all([
      env.signIn('coordinatore@cit.example', PASSWORD),
      env.signIn('referente@adesione.example', PASSWORD),
      env.signIn('referente@estraneo.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  it('creates a 2021-2025 membership with its recorded quota, edits it, and refuses a stale version with 409', async () => {
    const created = await send('post', `/api/enti/${ente}/memberships`, {
      period: '2021-2025',
      signer: 'Claretti Franco',
      signerFiscalCode: 'RSSMRA80A01H501U',
      signedOn: '2021-01-14',
      resolutionNumber: 'Delibera C.C. n. 12',
      resolutionDate: '2020-12-20',
      joinedOn: '2021-01-01',
      payerEnteId: unione,
      recordedQuotaCents: 197363,
    }).expect(201);
    expect(created.body).toMatchObject({
      period: '2021-2025',
      signer: 'Claretti Franco',
      signerFiscalCode: 'RSSMRA80A01H501U',
      payer: { id: unione, name: 'Unione di Adesione' },
      recordedQuotaCents: 197363,
      leftOn: null,
      document: null,
      version: 0,
    });
    const id = created.body.id as string;

    const dup = await send('post', `/api/enti/${ente}/memberships`, {
      period: '2021-2025',
      signer: 'Altro',
      signedOn: '2021-01-14',
      resolutionNumber: 'n. 1',
      resolutionDate: '2021-01-01',
    }).expect(409);
    expect(dup.body.error.code).toBe('membership_exists');

    const edited = await send('patch', `/api/enti/${ente}/memberships/${id}`, { leftOn: '2024-12-31', version: 0 }).expect(200);
    // A field not sent keeps its value, the signatory's codice fiscale too.
    expect(edited.body).toMatchObject({ leftOn: '2024-12-31', signer: 'Claretti Franco', signerFiscalCode: 'RSSMRA80A01H501U', version: 1 });

    const stale = await send('patch', `/api/enti/${ente}/memberships/${id}`, { signer: 'Sovrascritto', version: 0 }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { leftOn: '2024-12-31', version: 1 } } });
    expect(stale.body.error.message).toContain('coordinatore');

    const badDates = await send('patch', `/api/enti/${ente}/memberships/${id}`, { leftOn: '2020-06-30', version: 1 }).expect(400);
    expect(badDates.body.error.details.fields).toEqual([{ path: 'leftOn', message: 'La fine dell’adesione precede il suo inizio.' }]);

    const audit = (await env.ds.query(`SELECT action, before, after FROM audit_log WHERE entity = 'memberships' AND record_id = $1 ORDER BY id`, [id])) as Array<{
      action: string;
      before: { leftOn: string | null } | null;
      after: { leftOn: string | null };
    }>;
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]).toMatchObject({ before: { leftOn: null }, after: { leftOn: '2024-12-31' } });
  });

  it('keeps the recorded quota to the 2021-2025 convention and names the field of bad input', async () => {
    const res = await send('post', `/api/enti/${ente}/memberships`, {
      period: '2026-2030',
      signer: 'Sindaco pro tempore',
      signedOn: '2025-12-10',
      resolutionNumber: 'Delibera C.C. n. 7',
      resolutionDate: '2025-12-01',
      recordedQuotaCents: 1000,
    }).expect(400);
    expect(res.body.error.details.fields).toEqual([{ path: 'recordedQuotaCents', message: expect.stringContaining('solo per la convenzione 2021-2025') }]);
    const missing = await send('post', `/api/enti/${unione}/memberships`, { period: '2021-2025', signedOn: '14/01/2021' }).expect(400);
    const paths = (missing.body.error.details.fields as Array<{ path: string; message: string }>).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['signer', 'signedOn', 'resolutionNumber', 'resolutionDate']));
    const yearZero = await send('post', `/api/enti/${unione}/memberships`, {
      period: '2021-2025',
      signer: 'Presidente',
      signedOn: '0000-01-01',
      resolutionNumber: 'n. 3',
      resolutionDate: '2021-01-20',
    }).expect(400);
    expect(yearZero.body.error.details.fields).toEqual([{ path: 'signedOn', message: expect.stringContaining('Data di firma') }]);
    const quota = await send('post', `/api/enti/${unione}/memberships`, {
      period: '2021-2025',
      signer: 'Presidente',
      signedOn: '2021-02-01',
      resolutionNumber: 'n. 3',
      resolutionDate: '2021-01-20',
    }).expect(201);
    const list = await admin.agent.get(`/api/enti/${unione}/memberships`).expect(200);
    expect((list.body.items as Array<{ id: string; period: string }>).map((m) => m.period)).toEqual(['2021-2025', '2026-2030']);
    const withQuota = await send('patch', `/api/enti/${unione}/memberships/${quota.body.id as string}`, { recordedQuotaCents: -5, version: 0 }).expect(400);
    expect(withQuota.body.error.details.fields).toEqual([{ path: 'recordedQuotaCents', message: 'Quota registrata: non può essere negativa.' }]);
  });

  it('stores the signed convention like attachments and lets only the Ente and the CIT download it', async () => {
    const [m] = (await env.ds.query(`SELECT id, version FROM memberships WHERE ente_id = $1 AND period_code = '2026-2030'`, [ente])) as Array<{
      id: string;
      version: number;
    }>;
    const document = signedForm();
    const refused = await upload(referent, m!.id, m!.version, document, 'convenzione.pdf.p7m').expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    const html = await upload(admin, m!.id, m!.version, Buffer.from('<html><script>alert(1)</script></html>'), 'convenzione.html').expect(415);
    expect(html.body.error.code).toBe('attachment_type_not_allowed');
    const stored = await upload(admin, m!.id, m!.version, document, 'convenzione firmata.pdf.p7m').expect(200);
    expect(stored.body).toMatchObject({ document: { fileName: 'convenzione firmata.pdf.p7m', size: document.length }, version: m!.version + 1 });
    const stale = await upload(admin, m!.id, m!.version, document, 'altra.pdf.p7m').expect(409);
    expect(stale.body.error.code).toBe('stale_version');

    for (const who of [admin, referent]) {
      const res = await who.agent.get(`/api/enti/${ente}/memberships/${m!.id}/document`).buffer(true).parse(binary).expect(200);
      expect(Buffer.compare(res.body as Buffer, document)).toBe(0);
      expect(res.headers['content-disposition']).toContain('attachment');
    }
    await outsider.agent.get(`/api/enti/${ente}/memberships/${m!.id}/document`).expect(404);
    await outsider.agent.get(`/api/enti/${ente}/memberships`).expect(404);
  });

  it('deletes with the version read (a stale one is refused) and records the deletion', async () => {
    const [m] = (await env.ds.query(`SELECT id, version FROM memberships WHERE ente_id = $1 AND period_code = '2021-2025'`, [unione])) as Array<{
      id: string;
      version: number;
    }>;
    const stale = await send('delete', `/api/enti/${unione}/memberships/${m!.id}`, { version: m!.version + 3 }).expect(409);
    expect(stale.body.error.code).toBe('stale_version');
    await send('delete', `/api/enti/${unione}/memberships/${m!.id}`, { version: m!.version }).expect(204);
    const actions = (await env.ds.query(`SELECT action FROM audit_log WHERE record_id = $1 ORDER BY id`, [m!.id])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['create', 'delete']);
  });
});
