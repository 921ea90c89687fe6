import { TICKET_COUNT_CAP, type TicketList } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const ticket = (over: Record<string, unknown> = {}) => ({
  type: 'incident',
  category: 'assistance',
  urgency: 'high',
  title: 'La stampante dell’anagrafe non stampa',
  description: 'Dal mattino la stampante del servizio anagrafe non stampa i certificati.',
  ...over,
});

describe('tickets API', () => {
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let beta: SignedIn;
  let op: SignedIn;
  let capofila: SignedIn;
  let supplier: SignedIn;

  beforeAll(async () => {
    // Below the copies the capped-counts test makes of one ticket, so that one word among them is estimated.
    env = await startTestEnv({ ATTACHMENT_MAX_MB: '0.01', TICKET_ESTIMATE_ABOVE: String(TICKET_COUNT_CAP / 2) });
    world = await tenantWorld(env.ds);
    [alfa, beta, op, capofila, supplier] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
      env.signIn('u@gamma.example', PASSWORD),
      env.signIn('pec@fornitore.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  async function open(who: SignedIn, over: Record<string, unknown> = {}): Promise<string> {
    const res = await who.post('/api/tickets', ticket(over));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const act = (who: SignedIn, id: string, body: Record<string, unknown>) => who.post(`/api/tickets/${id}/actions`, body);

  it('lets an Ente user open a ticket with an attachment (multipart) and shows it with protocol, SLA and timeline', async () => {
    const res = await alfa.agent
      .post('/api/tickets')
      .set('x-csrf-token', alfa.csrfToken)
      .field('type', 'incident')
      .field('category', 'assistance')
      .field('urgency', 'blocking')
      .field('title', 'Protocollo informatico fermo')
      .field('description', 'Il protocollo non si apre.')
      .attach('attachments', PDF, 'schermata errore.pdf');
    expect(res.status).toBe(201);
    const detail = await alfa.agent.get(`/api/tickets/${res.body.id}`).expect(200);
    expect(detail.body).toMatchObject({
      status: 'new',
      ente: { id: world.enteA, name: 'Comune di Alfa' },
      urgency: 'blocking',
      slaState: expect.stringMatching(/ok|at_risk|breached/),
      allowedActions: [],
    });
    expect(detail.body.protocol).toMatch(/^\d{4}\/\d{6}$/);
    expect(detail.body.takeChargeDue).not.toBeNull();
    expect(detail.body.attachments).toHaveLength(1);
    expect(detail.body.timeline[0]).toMatchObject({ kind: 'history', field: 'status', from: null, to: 'new' });

    const att = detail.body.attachments[0] as { id: string; fileName: string };
    const file = await alfa.agent.get(`/api/tickets/${res.body.id}/attachments/${att.id}`).expect(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="schermata errore.pdf"/);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(file.body as Buffer).equals(PDF)).toBe(true);

    // Another Ente: nothing of it, by id, attachment, list, count or search.
    await beta.agent.get(`/api/tickets/${res.body.id}`).expect(404);
    await beta.agent.get(`/api/tickets/${res.body.id}/attachments/${att.id}`).expect(404);
    const list = await beta.agent.get('/api/tickets?q=protocollo').expect(200);
    expect(list.body.items).toEqual([]);
    expect(Object.values(list.body.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses an .exe renamed .pdf (415) and an over-size file (413), creating nothing', async () => {
    const before = await op.agent.get('/api/tickets').expect(200);
    const exe = await alfa.agent
      .post('/api/tickets')
      .set('x-csrf-token', alfa.csrfToken)
      .field(ticket())
      .attach('attachments', EXE, 'modulo.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('attachment_type_not_allowed');
    const big = await alfa.agent
      .post('/api/tickets')
      .set('x-csrf-token', alfa.csrfToken)
      .field(ticket())
      .attach('attachments', Buffer.concat([PDF, Buffer.alloc(20_000, 0x20)]), 'grande.pdf');
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('grande.pdf');
    const after = await op.agent.get('/api/tickets').expect(200);
    expect(after.body.counts).toEqual(before.body.counts);
  });

  it('validates the input with clear messages', async () => {
    const res = await alfa.post('/api/tickets', ticket({ category: 'activation', title: 'x' }));
    expect(res.status).toBe(400);
    const paths = (res.body.error.details.fields as Array<{ path: string }>).map((f) => f.path).sort();
    expect(paths).toEqual(['serviceCode', 'title']);
  });

  it('lets a capofila open for a member Ente but not for an outsider, and an operator on behalf of an Ente', async () => {
    const id = await open(capofila, { enteId: world.member1 });
    expect((await capofila.agent.get(`/api/tickets/${id}`).expect(200)).body.ente.id).toBe(world.member1);
    expect((await capofila.post('/api/tickets', ticket({ enteId: world.enteA }))).status).toBe(404);
    expect((await capofila.post('/api/tickets', ticket())).body.error.code).toBe('ente_required');
    expect((await op.post('/api/tickets', ticket())).status).toBe(400);
    const byPhone = await open(op, { enteId: world.enteB });
    expect((await beta.agent.get(`/api/tickets/${byPhone}`).expect(200)).body.ente.id).toBe(world.enteB);
    expect((await supplier.post('/api/tickets', ticket())).status).toBe(403);
  });

  it('walks the whole lifecycle and answers 409 with the allowed actions for an illegal transition', async () => {
    const id = await open(alfa);
    const refused = await act(op, id, { action: 'close' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.allowed).toEqual(expect.arrayContaining(['take_charge', 'assign', 'suspend', 'delete']));
    expect((await act(alfa, id, { action: 'take_charge' })).status).toBe(403);

    const steps: Array<[Record<string, unknown>, string]> = [
      [{ action: 'take_charge' }, 'assigned'],
      [{ action: 'plan', plannedFor: '2030-01-10T09:00:00+01:00' }, 'planned'],
      [{ action: 'suspend', reason: 'In attesa del modulo firmato' }, 'pending'],
      [{ action: 'resume' }, 'planned'],
      [{ action: 'assign', supplierId: await supplierId() }, 'planned'],
      [{ action: 'solve', solution: 'Sostituito il toner' }, 'solved'],
    ];
    for (const [body, status] of steps) {
      const res = await act(op, id, body);
      expect([res.status, res.body.status]).toEqual([200, status]);
    }
    // The requester answers: the ticket is reopened (back to the help-desk).
    const reply = await alfa.post(`/api/tickets/${id}/followups`, { body: 'Non funziona ancora' });
    expect(reply.status).toBe(201);
    expect((await alfa.agent.get(`/api/tickets/${id}`)).body.status).toBe('assigned');
    // The supplier it is assigned to may solve it; the operator closes it.
    expect((await act(supplier, id, { action: 'solve', solution: 'Riconfigurata la coda di stampa' })).status).toBe(200);
    expect((await act(op, id, { action: 'close' })).body.status).toBe('closed');
    expect((await act(op, id, { action: 'reopen', message: 'ancora' })).status).toBe(409);
    const deleted = await act(op, id, { action: 'delete', reason: 'Duplicato' });
    expect(deleted.body.status).toBe('deleted');
    expect((await act(op, id, { action: 'restore' })).body.status).toBe('closed');

    const detail = await op.agent.get(`/api/tickets/${id}`).expect(200);
    const statuses = (detail.body.timeline as Array<{ kind: string; field?: string; to?: string }>)
      .filter((e) => e.kind === 'history' && e.field === 'status')
      .map((e) => e.to);
    expect(statuses).toEqual(['new', 'assigned', 'planned', 'pending', 'planned', 'solved', 'assigned', 'solved', 'closed', 'deleted', 'closed']);
  });

  async function supplierId(): Promise<string> {
    const [row] = (await env.ds.query(`SELECT id FROM suppliers LIMIT 1`)) as Array<{ id: string }>;
    return row!.id;
  }

  it('keeps private notes and their attachments from the Ente, in the timeline and in search', async () => {
    const id = await open(alfa, { title: 'Posta elettronica certificata', description: 'Casella piena' });
    expect((await alfa.post(`/api/tickets/${id}/followups`, { body: 'nota', private: true })).status).toBe(403);
    const note = await op.agent
      .post(`/api/tickets/${id}/followups`)
      .set('x-csrf-token', op.csrfToken)
      .field('body', 'Il fornitore segnala un guasto al datacenter')
      .field('private', 'true')
      .attach('attachments', PDF, 'interno.pdf');
    expect(note.status).toBe(201);
    await op.post(`/api/tickets/${id}/followups`, { body: 'Stiamo verificando la casella' }).expect(201);

    const seen = await alfa.agent.get(`/api/tickets/${id}`).expect(200);
    const bodies = (seen.body.timeline as Array<{ kind: string; body?: string }>).filter((e) => e.kind === 'followup').map((e) => e.body);
    expect(bodies).toEqual(['Stiamo verificando la casella']);
    expect(seen.body.attachments).toEqual([]);
    expect((await alfa.agent.get('/api/tickets?q=datacenter')).body.items).toEqual([]);
    expect((await op.agent.get('/api/tickets?q=datacenter')).body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    // Italian stemming: "caselle" finds "casella"; follow-ups are searched too.
    expect((await alfa.agent.get('/api/tickets?q=caselle')).body.items.map((t: { id: string }) => t.id)).toContain(id);
    expect((await alfa.agent.get('/api/tickets?q=verificando')).body.items.map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it('gives gap-free unique protocol numbers under 50 concurrent creations', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => alfa.post('/api/tickets', ticket({ title: `Richiesta ${i}` }))));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = (await env.ds.query(`SELECT protocol_year, protocol_number FROM tickets ORDER BY protocol_number`)) as Array<{
      protocol_number: number;
    }>;
    const numbers = rows.map((r) => r.protocol_number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });

  it('pages with a keyset cursor without overlaps, with counts for the same scope', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await alfa.agent
        .get('/api/tickets')
        .query({ limit: 7, ...(cursor ? { cursor } : {}) })
        .expect(200);
      for (const t of res.body.items) {
        expect(seen.has(t.id)).toBe(false);
        seen.add(t.id);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const counts = (await alfa.agent.get('/api/tickets')).body.counts as Record<string, number>;
    expect(seen.size).toBe(Object.entries(counts).reduce((sum, [s, n]) => (s === 'deleted' ? sum : sum + n), 0));
    const sla = await op.agent.get('/api/tickets').query({ limit: 200 }).expect(200);
    const dues = (sla.body.items as Array<{ takeChargeDue: string | null; resolveDue: string | null; status: string }>).filter((t) => t.status === 'new');
    const firstDue = dues.map((t) => Math.min(Date.parse(t.takeChargeDue ?? '9999'), Date.parse(t.resolveDue ?? '9999')));
    expect(firstDue).toEqual([...firstDue].sort((a, b) => a - b));
  });

  it('keeps the per-Ente status counts and the totals equal to the tickets through creations, changes, a bulk update and deletions', async () => {
    const id = await open(beta, { title: 'Rete lenta in biblioteca' });
    await act(op, id, { action: 'take_charge' }).expect(200);
    await act(op, id, { action: 'solve', solution: 'Sostituito lo switch.' }).expect(200);
    await open(capofila, { title: 'Per un Comune membro', enteId: world.member2 });
    const exact = async () =>
      (await env.ds.query(`SELECT ente_id, status, count(*)::int AS n FROM tickets GROUP BY 1, 2 ORDER BY 1, 2`)) as unknown[];
    const kept = async () =>
      (await env.ds.query(`SELECT ente_id, status, n FROM ticket_status_counts WHERE n <> 0 ORDER BY 1, 2`)) as unknown[];
    const exactTotals = async () => (await env.ds.query(`SELECT status, count(*)::int AS n FROM tickets GROUP BY 1 ORDER BY 1`)) as unknown[];
    const keptTotals = async () =>
      (await env.ds.query(`SELECT status, sum(n)::int AS n FROM ticket_status_totals GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`)) as unknown[];
    expect(await kept()).toEqual(await exact());
    expect(await keptTotals()).toEqual(await exactTotals());
    // What a maintenance job or a data fix does: one statement over many tickets of several Enti.
    await env.ds.query(`UPDATE tickets SET status = 'closed', closed_at = now() WHERE status = 'solved'`);
    await env.ds.query(`UPDATE tickets SET urgency = 'low' WHERE urgency = 'high'`);
    await env.ds.query(`DELETE FROM tickets WHERE id IN (SELECT id FROM tickets ORDER BY created_at DESC LIMIT 3)`);
    expect(await kept()).toEqual(await exact());
    expect(await keptTotals()).toEqual(await exactTotals());
    // The list's counts read that table for scope and Ente filters, and count the tickets for any other filter.
    const viaTable = (await op.agent.get('/api/tickets').query({ enteId: world.enteB }).expect(200)).body.counts as Record<string, number>;
    const viaTickets = (await op.agent.get('/api/tickets').query({ enteId: world.enteB, urgency: 'low,medium,high,very_low,blocking' }).expect(200))
      .body.counts as Record<string, number>;
    expect(viaTable).toEqual(viaTickets);
    expect(Object.values(viaTable).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const viaTotals = (await op.agent.get('/api/tickets').expect(200)).body.counts as Record<string, number>;
    const everyTicket = (await op.agent.get('/api/tickets').query({ urgency: 'low,medium,high,very_low,blocking' }).expect(200)).body.counts;
    expect(viaTotals).toEqual(everyTicket);
  });

  it('shows a supplier only the tickets assigned to it', async () => {
    const mine = await open(beta, { title: 'Casella PEC non riceve' });
    await act(op, mine, { action: 'assign', supplierId: await supplierId() }).expect(200);
    const list = await supplier.agent.get('/api/tickets').expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(mine);
    expect(list.body.items.every((t: { supplier: { id: string } | null }) => t.supplier?.id === list.body.items[0].supplier.id)).toBe(true);
    const other = await open(beta);
    await supplier.agent.get(`/api/tickets/${other}`).expect(404);
  });

  it('stops filtered counts at the cap and says so, while the page itself is unaffected', async () => {
    const source = await open(beta, { title: 'Scanner del protocollo guasto', description: 'Lo scanner del protocollo non acquisisce i documenti.' });
    const columns = (
      (await env.ds.query(
        `SELECT column_name FROM information_schema.columns
         WHERE table_name = 'tickets' AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'protocol_number')`,
      )) as Array<{ column_name: string }>
    ).map((c) => `"${c.column_name}"`);
    // One statement: the copies of one ticket, as a national-scale search for a common word would find.
    await env.ds.query(
      `INSERT INTO tickets (id, protocol_number, ${columns.join(', ')})
       SELECT gen_random_uuid(), 900000 + g, ${columns.map((c) => `t.${c}`).join(', ')}
       FROM tickets t CROSS JOIN generate_series(1, ${TICKET_COUNT_CAP}) g WHERE t.id = $1`,
      [source],
    );
    await env.ds.query('ANALYZE tickets');
    const total = (l: TicketList) => Object.values(l.counts).reduce((a, b) => a + b, 0);
    // Two words: counted, up to the cap.
    const broad = (await op.agent.get('/api/tickets').query({ q: 'scanner acquisisce', limit: 5 }).expect(200)).body as TicketList;
    expect(broad).toMatchObject({ countsCapped: true, countsEstimated: false });
    expect(total(broad)).toBe(TICKET_COUNT_CAP + 1);
    expect(broad.items).toHaveLength(5);
    // One word the statistics say matches more than TICKET_ESTIMATE_ABOVE: estimated, and the page is the same.
    const common = (await op.agent.get('/api/tickets').query({ q: 'scanner', limit: 5 }).expect(200)).body as TicketList;
    expect(common).toMatchObject({ countsCapped: true, countsEstimated: true });
    expect(Math.abs(total(common) - (TICKET_COUNT_CAP + 1))).toBeLessThan(TICKET_COUNT_CAP / 10);
    expect(common.items.map((t) => t.id)).toEqual(broad.items.map((t) => t.id));
    const narrow = (await op.agent.get('/api/tickets').query({ q: 'stampante' }).expect(200)).body as TicketList;
    expect(narrow).toMatchObject({ countsCapped: false, countsEstimated: false });
    // Scope and Ente only: the kept counts, exact whatever the size.
    const whole = (await op.agent.get('/api/tickets').query({ enteId: world.enteB }).expect(200)).body as TicketList;
    expect(whole.countsCapped).toBe(false);
    expect(whole.counts.new).toBeGreaterThan(TICKET_COUNT_CAP);
  });

  it('gives operators a dashboard with their queue', async () => {
    const id = await open(alfa, { title: 'Firma digitale scaduta' });
    await act(op, id, { action: 'take_charge' }).expect(200);
    const dash = await op.agent.get('/api/tickets/dashboard').expect(200);
    expect(dash.body.mine.map((t: { id: string }) => t.id)).toContain(id);
    await alfa.agent.get('/api/tickets/dashboard').expect(403);
  });
});
