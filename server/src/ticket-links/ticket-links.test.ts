import { CSRF_HEADER } from '@cit/shared';
import { PASSWORD, createUser, tenantWorld } from '../../test/fixtures';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';

const ticket = (title: string) => ({ type: 'incident', category: 'assistance', urgency: 'medium', title, description: 'Descrizione di prova.' });
const TXT = Buffer.from('log del server\n');

describe('links and merges of tickets', () => {
  let env: TestEnv;
  let alfa: SignedIn;
  let alfa2: SignedIn;
  let beta: SignedIn;
  let op: SignedIn;

  beforeAll(async () => {
    env = await startTestEnv();
    const world = await tenantWorld(env.ds);
    await createUser(env.ds, 'a2@alfa.example', 'ente_user', { enti: [world.enteA] });
    [alfa, alfa2, beta, op] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('a2@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('op@cit.example', PASSWORD),
    ]);
  });
  afterAll(() => env.close());

  const open = async (who: SignedIn, title: string) => {
    const res = await who.post('/api/tickets', ticket(title));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const detail = async (who: SignedIn, id: string) => (await who.agent.get(`/api/tickets/${id}`).expect(200)).body;
  const links = async (id: string) => (await op.agent.get(`/api/tickets/${id}/links`).expect(200)).body;

  it('merges a duplicate: follow-ups, attachments and followers move; the duplicate points to the survivor, has a history line and is closed', async () => {
    const keep = await open(alfa, 'La PEC non riceve');
    const dup = await open(alfa2, 'PEC ferma da stamattina');
    await alfa2.agent.post(`/api/tickets/${dup}/followups`).set(CSRF_HEADER, alfa2.csrfToken).field('body', 'Anche gli allegati non arrivano').attach('attachments', TXT, 'log.txt').expect(201);
    await op.post(`/api/tickets/${dup}/followups`, { body: 'Nota interna sul doppione', private: true }).expect(201);
    const keepProtocol = (await detail(op, keep)).protocol as string;
    const dupProtocol = (await detail(op, dup)).protocol as string;

    const res = await op.post(`/api/tickets/${dup}/merge`, { into: keepProtocol });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ intoId: keep });

    const survivor = await detail(op, keep);
    const bodies = survivor.timeline.filter((e: { kind: string }) => e.kind === 'followup').map((e: { body: string }) => e.body);
    expect(bodies).toEqual(expect.arrayContaining(['Anche gli allegati non arrivano', 'Nota interna sul doppione']));
    expect(survivor.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['log.txt']);
    expect(survivor.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'history', field: 'merged_from', to: expect.stringContaining(dupProtocol) })]));

    const merged = await detail(op, dup);
    expect(merged.status).toBe('closed');
    expect(merged.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'history', field: 'merged_into', to: keepProtocol })]));
    expect(merged.timeline.filter((e: { kind: string }) => e.kind === 'followup')).toEqual([]);
    // The duplicate's requester now follows the surviving ticket and can read it (same Ente).
    const followers = (await env.ds.query(`SELECT u.email FROM ticket_followers f JOIN users u ON u.id = f.user_id WHERE f.ticket_id = $1`, [keep])) as Array<{ email: string }>;
    expect(followers.map((f) => f.email)).toContain('a2@alfa.example');
    expect((await links(dup)).mergedInto).toMatchObject({ id: keep, protocol: keepProtocol });
    expect((await links(keep)).mergedFrom).toEqual([expect.objectContaining({ id: dup, protocol: dupProtocol, status: 'closed' })]);
    // The merge went out live for both tickets.
    const live = (await env.ds.query(`SELECT DISTINCT payload->>'ticketId' AS id FROM outbox WHERE topic = 'live.ticket' AND payload->>'ticketId' = ANY($1) AND created_at > now() - interval '1 minute'`, [[keep, dup]])) as Array<{ id: string }>;
    expect(live.map((l) => l.id).sort()).toEqual([keep, dup].sort());
  });

  it('refuses to merge twice, into itself, into a closed ticket or across Enti (409 in Italian), leaving both unchanged', async () => {
    const a1 = await open(alfa, 'Primo');
    const a2 = await open(alfa, 'Secondo');
    const b1 = await open(beta, 'Di Beta');
    const across = await op.post(`/api/tickets/${a1}/merge`, { into: b1 });
    expect(across.status).toBe(409);
    expect(across.body.error.code).toBe('different_ente');
    expect(across.body.error.message).toMatch(/^Non si possono unire ticket di Enti diversi: .*«Comune di Alfa».*«Comune di Beta»/);
    expect((await op.post(`/api/tickets/${a1}/merge`, { into: a1 })).status).toBe(400);
    expect((await op.post(`/api/tickets/${a1}/merge`, { into: 'non un ticket' })).body.error.details.fields[0].path).toBe('into');
    expect((await op.post(`/api/tickets/${a1}/merge`, { into: '2026/999999' })).status).toBe(400);
    expect((await op.post(`/api/tickets/${a1}/merge`, { into: a2 })).status).toBe(200);
    const again = await op.post(`/api/tickets/${a1}/merge`, { into: a2 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_merged');
    const a3 = await open(alfa, 'Terzo');
    const intoClosed = await op.post(`/api/tickets/${a3}/merge`, { into: a1 });
    expect(intoClosed.status).toBe(409);
    expect((await detail(op, a3)).status).toBe('new');
    expect((await detail(op, b1)).status).toBe('new');
  });

  it('links related tickets (both show it), refuses across Enti, and unlinks', async () => {
    const x = await open(alfa, 'Stampante ufficio tributi');
    const y = await open(alfa, 'Stampante ufficio anagrafe');
    const z = await open(beta, 'Stampante di Beta');
    const yProtocol = (await detail(op, y)).protocol as string;
    const linked = await op.post(`/api/tickets/${x}/links`, { ticket: yProtocol });
    expect(linked.status).toBe(200);
    expect(linked.body.related).toEqual([expect.objectContaining({ id: y, protocol: yProtocol })]);
    expect((await links(y)).related).toEqual([expect.objectContaining({ id: x })]);
    // Linking again changes nothing.
    expect((await op.post(`/api/tickets/${y}/links`, { ticket: x })).body.related).toHaveLength(1);
    expect((await op.post(`/api/tickets/${x}/links`, { ticket: z })).status).toBe(409);
    expect((await op.post(`/api/tickets/${x}/links`, { ticket: x })).status).toBe(400);
    expect((await detail(op, y)).timeline).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'link', to: expect.any(String) })]));

    expect((await op.agent.delete(`/api/tickets/${y}/links/${x}`).set(CSRF_HEADER, op.csrfToken)).status).toBe(204);
    expect((await links(x)).related).toEqual([]);
    expect((await op.agent.delete(`/api/tickets/${y}/links/${x}`).set(CSRF_HEADER, op.csrfToken)).status).toBe(404);
    // Found by the fuzz drill: a path parameter that is no id must be a 404, not a database error.
    expect((await op.agent.delete(`/api/tickets/${y}/links/'; DROP TABLE tickets; --`).set(CSRF_HEADER, op.csrfToken)).status).toBe(404);
  });

  it('is for operators and admins only', async () => {
    const x = await open(alfa, 'Mio');
    const y = await open(alfa, 'Mio doppione');
    expect((await alfa.post(`/api/tickets/${y}/merge`, { into: x })).status).toBe(403);
    expect((await alfa.post(`/api/tickets/${y}/links`, { ticket: x })).status).toBe(403);
    expect((await alfa.agent.get(`/api/tickets/${y}/links`)).status).toBe(403);
    expect((await op.agent.get(`/api/tickets/6f1c2d3e-0000-4000-8000-000000000000/links`)).status).toBe(404);
  });
});
