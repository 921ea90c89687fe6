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

  it('keeps drafts with the staff; the reply link picker is offered only what the Ente can open', async () => {
    const draft = await op.post('/api/kb/articles', { title: 'Bozza sulle firme', body: 'Firme in lavorazione.', audience: 'enti', status: 'draft' }).expect(201);
    expect(draft.body.status).toBe('draft');
    await op.post('/api/kb/articles', { title: 'Firme: procedura interna', body: 'Firme, solo per i tecnici.', audience: 'cit' }).expect(201);
    // The Ente: no draft in lists, searches or by id; asking for drafts or CIT-only articles gives nothing more.
    expect(await titles(alfa, 'firme')).toEqual(['Rinnovo del kit di firma digitale']);
    expect((await alfa.agent.get(`/api/kb/articles/${draft.body.id as string}`)).status).toBe(404);
    const asked = async (who: SignedIn, query: Record<string, string>) =>
      ((await who.agent.get('/api/kb/articles').query(query).expect(200)).body.items as Array<{ title: string; status: string; audience: string }>).map((a) => a.title);
    expect(await asked(alfa, { q: 'firme', status: 'draft' })).toEqual([]);
    expect(await asked(alfa, { q: 'firme', audience: 'cit' })).toEqual([]);
    // The staff see all three; the reply picker (audience=enti, status=published) only the Ente's published one.
    expect((await asked(op, { q: 'firme' })).sort()).toEqual(['Bozza sulle firme', 'Firme: procedura interna', 'Rinnovo del kit di firma digitale']);
    expect(await asked(op, { q: 'firme', audience: 'enti', status: 'published' })).toEqual(['Rinnovo del kit di firma digitale']);
    expect((await alfa.agent.get('/api/kb/articles').query({ status: 'bozza' })).body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['status']);
    // A draft is never recorded as an opened suggestion.
    const form = randomUUID();
    await op.agent.get(`/api/kb/articles/${draft.body.id as string}`).expect(200);
    await alfa.post('/api/kb/suggestion-events', { formSession: form, kind: 'opened', articleIds: [draft.body.id] }).expect(204);
    expect(await env.ds.query(`SELECT 1 FROM kb_suggestion_events WHERE form_session = $1`, [form])).toEqual([]);
  });

  it('turns a ticket into a draft: public replies only, no personal data, in the history', async () => {
    await env.ds.query(`UPDATE users SET name = 'Anna Bianchi' WHERE email = 'a@alfa.example'`);
    const ticket = await alfa
      .post('/api/tickets', {
        type: 'incident',
        category: 'assistance',
        urgency: 'medium',
        title: 'La PEC non riceve messaggi',
        description: 'La casella anna.bianchi@alfa.example non riceve. Mi chiami al 030 1234567. Anna Bianchi',
      })
      .expect(201);
    const id = ticket.body.id as string;
    await op.post(`/api/tickets/${id}/followups`, { body: 'Verifichi lo spazio occupato dalla casella.' }).expect(201);
    await op.post(`/api/tickets/${id}/followups`, { body: 'Nota interna: il fornitore ha un guasto.', private: true }).expect(201);
    await alfa.post(`/api/tickets/${id}/followups`, { body: 'Spazio liberato, ora funziona. Scriva pure a anna.bianchi@alfa.example' }).expect(201);

    // Only the staff; an Ente, or a ticket the caller cannot see, gets nothing.
    expect((await alfa.post(`/api/kb/from-ticket/${id}`)).status).toBe(403);
    expect((await op.post(`/api/kb/from-ticket/${randomUUID()}`)).status).toBe(404);
    expect((await op.post('/api/kb/from-ticket/x%27')).status).toBe(404);
    const res = await op.post(`/api/kb/from-ticket/${id}`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'La PEC non riceve messaggi', status: 'draft', audience: 'cit', version: 0 });
    const body = res.body.body as string;
    expect(body).toContain('Verifichi lo spazio occupato dalla casella.');
    expect(body).toContain('Spazio liberato, ora funziona.');
    expect(body).toContain('[e-mail]');
    expect(body).toContain('[telefono]');
    expect(body).not.toMatch(/Nota interna|guasto|anna\.bianchi|@alfa\.example|1234567|Anna|Bianchi/);
    // A draft: not for the Ente; its creation is in the history with the ticket it came from.
    expect((await alfa.agent.get(`/api/kb/articles/${res.body.id as string}`)).status).toBe(404);
    const [entry] = (await env.ds.query(`SELECT action, after->>'status' AS status, after->>'fromTicket' AS "fromTicket" FROM audit_log WHERE entity = 'kb_articles' AND record_id = $1`, [
      res.body.id,
    ])) as Array<{ action: string; status: string; fromTicket: string }>;
    const protocol = (await op.agent.get(`/api/tickets/${id}`).expect(200)).body.protocol as string;
    expect(entry).toEqual({ action: 'create', status: 'draft', fromTicket: protocol });
  });
});
