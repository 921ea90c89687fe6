import { randomUUID } from 'node:crypto';
import { CSRF_HEADER } from '@cit/shared';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';

describe('knowledge base (/api/kb)', () => {
  let env: TestEnv;
  let op: SignedIn;
  let alfa: SignedIn;
  let beta: SignedIn;
  let supplier: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    await tenantWorld(env.ds);
    [op, alfa, beta, supplier] = await Promise.all([
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('pec@fornitore.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const put = (who: SignedIn, id: string, body: object) => who.agent.put(`/api/kb/articles/${id}`).set(CSRF_HEADER, who.csrfToken).send(body);
  const titles = async (who: SignedIn, q?: string) =>
    ((await who.agent.get('/api/kb/articles').query(q ? { q } : {}).expect(200)).body.items as Array<{ title: string }>).map((a) => a.title);

  it('lets the staff write articles with history, and scopes them by audience', async () => {
    const pub = await op.post('/api/kb/articles', {
      title: 'Come rinnovare il kit di firma digitale',
      body: 'Per **rinnovare** le firme digitali scadute occorre il modulo di richiesta.',
      category: 'Firma digitale',
      audience: 'enti',
      reviewedOn: '2026-11-30',
    });
    expect(pub.status).toBe(201);
    expect(pub.body).toMatchObject({ audience: 'enti', version: 0, reviewedOn: '2026-11-30', serviceCode: null, category: 'Firma digitale' });
    expect(pub.body.html).toContain('<strong>rinnovare</strong>');
    const internal = await op.post('/api/kb/articles', { title: 'Procedura interna PEC', body: 'Riservata ai tecnici: caselle PEC bloccate.', audience: 'cit' });
    expect(internal.status).toBe(201);

    // An Ente never sees the CIT's articles, neither in the list, nor in a search, nor by id.
    expect(await titles(alfa)).toEqual(['Come rinnovare il kit di firma digitale']);
    expect(await titles(alfa, 'PEC')).toEqual([]);
    expect((await alfa.agent.get(`/api/kb/articles/${internal.body.id as string}`)).status).toBe(404);
    expect((await alfa.agent.get(`/api/kb/articles/${pub.body.id as string}`)).status).toBe(200);
    expect(await titles(op)).toEqual(['Procedura interna PEC', 'Come rinnovare il kit di firma digitale']);
    // Writing is the staff's; suppliers have no knowledge base.
    expect((await alfa.post('/api/kb/articles', { title: 'Mio', body: 'x', audience: 'enti' })).status).toBe(403);
    expect((await put(alfa, pub.body.id as string, { title: 'Mio', body: 'x', audience: 'enti', version: 0 })).status).toBe(403);
    expect((await supplier.agent.get('/api/kb/articles')).status).toBe(403);

    const changed = await put(op, pub.body.id as string, { title: 'Rinnovo del kit di firma digitale', body: 'Nuovo testo sulle firme.', audience: 'enti', version: 0 });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(1);
    const stale = await put(op, pub.body.id as string, { title: 'Altro titolo', body: 'x', audience: 'enti', version: 0 });
    expect(stale.status).toBe(409);
    const history = (await env.ds.query(`SELECT action, before->>'title' AS before, after->>'title' AS after FROM audit_log WHERE entity = 'kb_articles' AND record_id = $1 ORDER BY at, id`, [
      pub.body.id,
    ])) as Array<{ action: string; before: string | null; after: string | null }>;
    expect(history).toEqual([
      { action: 'create', before: null, after: 'Come rinnovare il kit di firma digitale' },
      { action: 'update', before: 'Come rinnovare il kit di firma digitale', after: 'Rinnovo del kit di firma digitale' },
    ]);

    expect((await op.agent.delete(`/api/kb/articles/${internal.body.id as string}`).set(CSRF_HEADER, op.csrfToken)).status).toBe(204);
    expect((await op.agent.get(`/api/kb/articles/${internal.body.id as string}`)).status).toBe(404);
  });

  it('searches in Italian: stems and accents match, any typed text is accepted', async () => {
    await op.post('/api/kb/articles', { title: 'Configurare la casella PEC', body: 'Impostazioni del server di posta certificata per i programmi di posta.', audience: 'enti' }).expect(201);
    await op.post('/api/kb/articles', { title: 'Pagamenti pagoPA', body: 'I passaggi per pagare un avviso pagoPA del CIT.', audience: 'enti' }).expect(201);
    // «firma» finds «firme», «configurazione» finds «Configurare», «pagamento» finds «Pagamenti».
    expect(await titles(alfa, 'firma')).toEqual(['Rinnovo del kit di firma digitale']);
    expect(await titles(alfa, 'impostazione posta')).toEqual(['Configurare la casella PEC']);
    expect(await titles(alfa, 'pagamento')).toEqual(['Pagamenti pagoPA']);
    expect(await titles(alfa, '"( & !! :*')).toEqual([]);
    // Suggestions on a ticket title: one word in common is enough («nuovo» is in the signature article's text), the
    // closest first (configurare, PEC, server: title and text of the PEC article).
    const any = await alfa.agent.get('/api/kb/articles').query({ q: 'Non riesco a configurare la PEC sul nuovo server', match: 'any', limit: 3 }).expect(200);
    expect((any.body.items as Array<{ title: string }>).map((a) => a.title)).toEqual(['Configurare la casella PEC', 'Rinnovo del kit di firma digitale']);
    const bad = await alfa.agent.get('/api/kb/articles').query({ limit: '0' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['limit']);
    const badBody = await op.post('/api/kb/articles', { title: 'x', body: '', audience: 'tutti', reviewedOn: '31/12/2026' });
    expect(badBody.status).toBe(400);
    // Each wrong field is named (a day may carry two messages: its format and its range).
    expect([...new Set(badBody.body.error.details.fields.map((f: { path: string }) => f.path))].sort()).toEqual(['audience', 'body', 'reviewedOn', 'title']);
  });

  it('neutralises script in the Markdown', async () => {
    const body = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[clic](javascript:alert(1))',
      '[clic2](JaVaScRiPt:alert(1))',
      '[dati](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
      '[ent](&#106;avascript:alert(1))',
      '<a href="javascript:alert(1)">a</a> <iframe src="https://evil.example"></iframe>',
      '[ok](https://www.provincia.brescia.it)',
    ].join('\n\n');
    const res = await op.post('/api/kb/articles', { title: 'Prova XSS', body, audience: 'enti' });
    expect(res.status).toBe(201);
    const html = (await alfa.agent.get(`/api/kb/articles/${res.body.id as string}`).expect(200)).body.html as string;
    // No executable element, no event attribute on a real tag, no script or data link: the rest stays as text.
    expect(html).not.toMatch(/<script|<img|<iframe|href="data:|src="data:/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="[^"]*script:/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://www.provincia.brescia.it" rel="noopener noreferrer" target="_blank">ok</a>');
  });

  it('counts deflection: an article opened and then no ticket submitted from that form', async () => {
    const [article] = (await alfa.agent.get('/api/kb/articles').query({ q: 'firma' }).expect(200)).body.items as Array<{ id: string }>;
    const internal = await op.post('/api/kb/articles', { title: 'Solo CIT', body: 'interno', audience: 'cit' });
    const event = (who: SignedIn, formSession: string, kind: string, articleIds: string[] = []) =>
      who.post('/api/kb/suggestion-events', { formSession, kind, articleIds });
    const [deflected, submitted, onlyShown] = [randomUUID(), randomUUID(), randomUUID()];
    await event(alfa, deflected, 'shown', [article!.id]).expect(204);
    await event(alfa, deflected, 'opened', [article!.id]).expect(204);
    await event(alfa, submitted, 'shown', [article!.id]).expect(204);
    await event(alfa, submitted, 'opened', [article!.id]).expect(204);
    await event(alfa, submitted, 'submitted').expect(204);
    await event(beta, onlyShown, 'shown', [article!.id]).expect(204);
    // Another user's 'submitted' on the same form id does not undo Alfa's deflection.
    await event(beta, deflected, 'submitted').expect(204);
    // Bad events: 400 naming the field; staff do not write tickets from this form.
    expect((await event(alfa, 'x', 'opened', [article!.id])).body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['formSession']);
    expect((await event(alfa, deflected, 'opened')).status).toBe(400);
    expect((await event(op, deflected, 'opened', [article!.id])).status).toBe(403);
    // An article the Ente may not see is not recorded as opened.
    await event(alfa, randomUUID(), 'opened', [internal.body.id as string]).expect(204);
    expect((await alfa.agent.get('/api/kb/deflection')).status).toBe(403);
    const figures = await op.agent.get('/api/kb/deflection').expect(200);
    expect(figures.body).toEqual({ formsWithSuggestions: 3, formsOpened: 2, deflected: 1 });
  });
});
