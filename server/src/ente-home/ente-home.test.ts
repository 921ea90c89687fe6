import path from 'node:path';
import { EnteHomeSchema, type EnteHome } from '@cit/shared';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { activationRequest, insertPecUnit, PASSWORD, tenantWorld } from '../../test/fixtures';
import { binary } from '../../test/pdf-text';
import { AttachmentStore } from '../tickets/attachments/storage';
import { markCollected, recordEntries } from '../billing/ledger/billing-entries.repository';
import { generateStatements } from '../billing/statements/generate';

type World = Awaited<ReturnType<typeof tenantWorld>>;

/** A fixed day: the price list in force (2026-2030) and what is overdue do not move with the calendar. */
const NOW = new Date('2026-12-04T10:00:00Z');

let env: TestEnv;
let world: World;
let alfa: SignedIn;
const ids: Record<string, string> = {};
let seq = 0;

async function ticket(user: SignedIn, title: string, activation = false): Promise<string> {
  const res = activation
    ? await user.postRequest('/api/tickets', activationRequest({ title }))
    : await user.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'medium', title, description: `${title}: descrizione.` });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const pec = (enteId: string, requestTicketId: string, unitIndex: number, period = '2026-2030') =>
  insertPecUnit(env.ds, { enteId, requestTicketId, unitIndex, period, requestDate: period === '2026-2030' ? '2026-02-10' : '2024-02-10' });

async function entry(enteId: string, payerId: string, kind: 'quota' | 'annual' | 'one_off', half: 1 | 2, amountCents: number, dueOn: string) {
  await recordEntries(env.ds, [
    { sourceKey: `home-${seq++}`, enteId, payerEnteId: payerId, serviceRecordId: null, kind, serviceCode: kind === 'quota' ? null : 'pec', year: 2026, half, description: `Addebito ${seq}`, amountCents, dueOn },
  ]);
}

const home = async (user: SignedIn, enteId?: string): Promise<EnteHome> => {
  const res = await user.agent.get('/api/ente/home').query(enteId ? { enteId } : {});
  expect(res.status).toBe(200);
  return EnteHomeSchema.parse(res.body);
};

beforeAll(async () => {
  env = await startTestEnv({}, { now: () => NOW });
  world = await tenantWorld(env.ds);
  alfa = await env.signIn('a@alfa.example', PASSWORD);
  const beta = await env.signIn('b@beta.example', PASSWORD);

  // Alfa: an assistance ticket, three activations (waiting, applied, not applicable) and a closed ticket.
  ids.assistance = await ticket(alfa, 'Stampante del protocollo non raggiungibile');
  ids.requested = await ticket(alfa, 'Attivazione caselle PEC per i tributi', true);
  ids.applied = await ticket(alfa, 'Attivazione caselle PEC per il protocollo', true);
  ids.failed = await ticket(alfa, 'Attivazione caselle PEC per la polizia locale', true);
  ids.closed = await ticket(alfa, 'Problema già risolto');
  await env.ds.query(`UPDATE tickets SET approval_state = 'approved', approved_at = now(), applied_at = now() WHERE id = $1`, [ids.applied]);
  await env.ds.query(`UPDATE tickets SET approval_state = 'approved', approved_at = now(), apply_failed_at = now(), apply_failure = 'Listino' WHERE id = $1`, [ids.failed]);
  await env.ds.query(`UPDATE tickets SET status = 'closed', closed_at = now() WHERE id = $1`, [ids.closed]);
  ids.beta = await ticket(beta, 'Ticket riservato di Beta', true);

  // Alfa holds 3 PEC boxes in 2026-2030 (one ended in June) and one of 2021-2025, which the new allowance ignores.
  await pec(world.enteA, ids.applied, 1);
  await pec(world.enteA, ids.applied, 2);
  const ended = await pec(world.enteA, ids.applied, 3);
  await env.ds.query(`UPDATE service_records SET ends_on = '2026-06-30' WHERE id = $1`, [ended]);
  await pec(world.enteA, ids.requested, 1, '2021-2025');
  // Beta has 5: none of them may count for Alfa.
  for (let i = 1; i <= 5; i++) await pec(world.enteB, ids.beta, i);

  // Alfa pays: the 2026 quota (overdue on 4 December), a one-off and a PEC fee due next year.
  await entry(world.enteA, world.enteA, 'quota', 1, 57_000, '2026-03-31');
  await entry(world.enteA, world.enteA, 'one_off', 2, 7_000, '2027-01-15');
  await entry(world.enteA, world.enteA, 'annual', 2, 2_000, '2027-03-31');
  await entry(world.enteB, world.enteB, 'quota', 1, 99_900, '2026-03-31');
  // The Unione pays its members' quotas.
  await env.ds.query(`UPDATE enti SET capofila_pays = true WHERE id = ANY($1::uuid[])`, [[world.member1, world.member2]]);
  await entry(world.unione, world.unione, 'quota', 1, 30_000, '2026-03-31');
  await entry(world.member1, world.unione, 'quota', 1, 57_000, '2026-03-31');

  const store = new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR));
  await generateStatements(env.ds, store, { year: 2026, half: 1, runId: null });
  await generateStatements(env.ds, store, { year: 2026, half: 2, runId: null });
});

afterAll(async () => {
  await env?.close();
});

describe('GET /api/ente/home', () => {
  it("answers every figure of the Ente's home from known data", async () => {
    const h = await home(alfa);
    expect(h.ente).toEqual({ id: world.enteA, name: 'Comune di Alfa' });
    expect(h.enti).toEqual([{ id: world.enteA, name: 'Comune di Alfa' }]);
    expect(h.today).toBe('2026-12-04');

    // Requests in progress: the closed one is not, and each says where its approval stands.
    expect(h.requests.total).toBe(4);
    const byId = new Map(h.requests.items.map((r) => [r.id, r]));
    expect(byId.has(ids.closed!)).toBe(false);
    expect(byId.get(ids.assistance!)).toMatchObject({ category: 'assistance', status: 'new', approvalState: 'none', applied: false, applyFailed: false });
    expect(byId.get(ids.requested!)).toMatchObject({ category: 'activation', serviceCode: 'pec', approvalState: 'requested', applied: false, applyFailed: false });
    expect(byId.get(ids.applied!)).toMatchObject({ approvalState: 'approved', applied: true, applyFailed: false });
    expect(byId.get(ids.failed!)).toMatchObject({ approvalState: 'approved', applied: false, applyFailed: true });
    expect(byId.get(ids.requested!)!.protocol).toMatch(/^2026\/\d{6}$/);

    // «PEC: 3 di 4 gratuite usate», 2 active today; the 2021-2025 box and Beta's do not count.
    expect(h.services.conventionPeriod).toBe('2026-2030');
    expect(h.services.usage.find((u) => u.serviceCode === 'pec')).toEqual({ serviceCode: 'pec', used: 3, active: 2, allowance: 4 });
    expect(h.services.usage.find((u) => u.serviceCode === 'firma_digitale')).toEqual({ serviceCode: 'firma_digitale', used: 0, active: 0, allowance: 3 });

    // Amounts due: 570 + 70 + 20 outstanding, the quota overdue since 31 March.
    expect(h.dues.quota).toEqual({ year: 2026, amountCents: 57_000, dueOn: '2026-03-31', collected: false, payer: { id: world.enteA, name: 'Comune di Alfa' } });
    expect(h.dues.outstandingCents).toBe(66_000);
    expect(h.dues.overdueCents).toBe(57_000);
    expect(h.dues.upcoming).toEqual([
      { dueOn: '2026-03-31', amountCents: 57_000, entryCount: 1 },
      { dueOn: '2027-01-15', amountCents: 7_000, entryCount: 1 },
      { dueOn: '2027-03-31', amountCents: 2_000, entryCount: 1 },
    ]);

    // The latest statement is the second half-year: 90,00 of its own plus 570,00 carried, nothing paid.
    const [stored] = (await env.ds.query(`SELECT id, number, version FROM statements WHERE payer_ente_id = $1 AND year = 2026 AND half = 2`, [world.enteA])) as Array<{
      id: string;
      number: number;
      version: number;
    }>;
    expect(h.dues.latestStatement).toEqual({
      id: stored!.id,
      number: stored!.number,
      version: stored!.version,
      year: 2026,
      half: 2,
      dueOn: '2027-01-31',
      totalCents: 9_000,
      outstandingCents: 66_000,
      hasPdf: true,
    });
    const pdf = await alfa.agent.get(`/api/billing/statements/${stored!.id}/pdf`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('follows the ledger: a collected quota is no longer due nor overdue', async () => {
    const [quota] = (await env.ds.query(`SELECT id FROM billing_entries WHERE ente_id = $1 AND kind = 'quota'`, [world.enteA])) as Array<{ id: string }>;
    await markCollected(env.ds, [{ id: quota!.id, collectedOn: '2026-12-01', act: 'Reversale n. 12' }], null);
    const h = await home(alfa);
    expect(h.dues.quota).toMatchObject({ year: 2026, collected: true });
    expect(h.dues.outstandingCents).toBe(9_000);
    expect(h.dues.overdueCents).toBe(0);
    expect(h.dues.upcoming.map((d) => d.dueOn)).toEqual(['2027-01-15', '2027-03-31']);
  });

  it("never shows another Ente's data: Beta is a 404 exactly like an Ente that does not exist", async () => {
    const h = await home(alfa);
    const text = JSON.stringify(h);
    expect(text).not.toContain(world.enteB);
    expect(text).not.toContain('Beta');
    expect(text).not.toContain(ids.beta);
    const foreign = await alfa.agent.get('/api/ente/home').query({ enteId: world.enteB });
    const missing = await alfa.agent.get('/api/ente/home').query({ enteId: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const member = await env.signIn('m@gamma-alta.example', PASSWORD);
    await member.agent.get('/api/ente/home').query({ enteId: world.unione }).expect(404);
  });

  it('a capofila referent starts on its own Ente and may choose a member, whose quota the Unione pays', async () => {
    const capofila = await env.signIn('u@gamma.example', PASSWORD);
    const own = await home(capofila);
    expect(own.ente.id).toBe(world.unione);
    expect(own.enti.map((e) => e.name)).toEqual(['Unione dei Comuni Gamma', 'Comune di Gamma Alta', 'Comune di Gamma Bassa']);
    // The Unione pays its quota and its member's: 300 + 570.
    expect(own.dues.outstandingCents).toBe(87_000);
    expect(own.dues.latestStatement).toMatchObject({ year: 2026, half: 1, totalCents: 87_000, outstandingCents: 87_000 });
    const member = await home(capofila, world.member1);
    expect(member.ente).toEqual({ id: world.member1, name: 'Comune di Gamma Alta' });
    expect(member.dues.quota).toMatchObject({ amountCents: 57_000, payer: { id: world.unione, name: 'Unione dei Comuni Gamma' } });
    expect(member.dues.outstandingCents).toBe(0);
    expect(member.dues.latestStatement).toBeNull();
    await capofila.agent.get('/api/ente/home').query({ enteId: world.enteA }).expect(404);
  });

  it('refuses a malformed Ente naming the field, CIT staff and anonymous callers', async () => {
    const bad = await alfa.agent.get('/api/ente/home').query({ enteId: 'abc' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('enteId');
    const operator = await env.signIn('op@cit.example', PASSWORD);
    await operator.agent.get('/api/ente/home').expect(403);
    await env.agent().get('/api/ente/home').expect(401);
  });
});
