import path from 'node:path';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { activationRequest, createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { binary } from '../../test/pdf-text';
import { handSignedForm } from '../../test/signing';
import { readZip } from '../../test/zip';
import { applyApprovedTicket } from '../service-requests/apply';
import { AttachmentStore } from '../tickets/attachments/storage';
import { runRetention } from './retention';

let env: TestEnv;
let world: Awaited<ReturnType<typeof tenantWorld>>;
let alfa: SignedIn;
let approver: SignedIn;
let admin: SignedIn;
let store: AttachmentStore;

beforeAll(async () => {
  env = await startTestEnv();
  world = await tenantWorld(env.ds);
  await createUser(env.ds, 'approvatore@cit.example', 'approver');
  [alfa, approver, admin] = await Promise.all([
    env.signIn('a@alfa.example', PASSWORD),
    env.signIn('approvatore@cit.example', PASSWORD),
    env.signIn('admin@cit.example', PASSWORD),
  ]);
  store = new AttachmentStore(path.resolve(env.config.ATTACHMENTS_DIR));
});
afterAll(() => env.close());

interface Attachment {
  id: string;
  kind: string;
  sha256: string;
  purged_at: Date | null;
}
// The files of one request share their creation instant (one transaction): the form (PDF) first, then the rest.
const attachmentsOf = async (ticketId: string) =>
  (await env.ds.query(`SELECT id, kind, sha256, purged_at FROM ticket_attachments WHERE ticket_id = $1 ORDER BY created_at, kind <> 'pdf', id`, [
    ticketId,
  ])) as Attachment[];

/** An approved and applied activation: hand-signed (form + identity document) or digitally signed (the default). */
async function approvedRequest(handSigned: boolean): Promise<string> {
  const files = handSigned
    ? (({ form, identity }) => [
        { name: 'modulo.pdf', bytes: form },
        { name: 'documento.png', bytes: identity },
      ])(handSignedForm())
    : undefined;
  const created = await alfa.postRequest('/api/tickets', activationRequest(), files).expect(201);
  const id = created.body.id as string;
  await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' }).expect(200);
  expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('applied');
  return id;
}

const DAY = 86_400_000;
const config = { RETENTION_ID_DOCUMENT_MONTHS: 12, RETENTION_SIGNED_FORM_YEARS: 10 };

describe('retention of request files', () => {
  it('purges identity documents a year after approval, keeps forms while the record runs, then purges forms ten years after it ended', async () => {
    const hand = await approvedRequest(true);
    const digital = await approvedRequest(false);
    const [form, idDoc] = await attachmentsOf(hand);
    expect([form!.kind, idDoc!.kind]).toEqual(['pdf', 'image']);

    // Eleven months after the approval nothing is due.
    const approvedAt = new Date();
    const early = await runRetention(env.ds, store, config, new Date(approvedAt.getTime() + 330 * DAY));
    expect(early).toMatchObject({ identityDocuments: 0, signedForms: 0, purged: [] });

    const later = new Date(approvedAt.getTime() + 370 * DAY);
    const report = await runRetention(env.ds, store, config, later);
    expect(report).toMatchObject({ identityDocuments: 1, signedForms: 0, filesDeleted: 1, purged: [{ attachmentId: idDoc!.id, ticketId: hand, kind: 'identity_document' }] });
    expect(await store.exists(idDoc!.sha256)).toBe(false);
    expect(await store.exists(form!.sha256)).toBe(true);
    const [formAfter, idAfter] = await attachmentsOf(hand);
    expect(formAfter!.purged_at).toBeNull();
    expect(idAfter!.purged_at).not.toBeNull();

    // The ticket still lists the file; downloading it says why it is gone.
    const gone = await alfa.agent.get(`/api/tickets/${hand}/attachments/${idDoc!.id}`);
    expect([gone.status, gone.body.error.code]).toEqual([410, 'attachment_purged']);
    await alfa.agent.get(`/api/tickets/${hand}/attachments/${form!.id}`).expect(200);

    // The same day again: nothing more happens (the job may run twice).
    expect(await runRetention(env.ds, store, config, later)).toBeNull();

    // The digitally signed form: its records end, and ten years later it is purged; the running one is kept.
    await env.ds.query(`UPDATE service_records SET starts_on = '2013-01-01', ends_on = '2014-12-31' WHERE request_ticket_id = $1`, [digital]);
    const tenYears = await runRetention(env.ds, store, config, new Date('2025-01-02T12:00:00Z'));
    const [digitalForm] = await attachmentsOf(digital);
    expect(tenYears).toMatchObject({ identityDocuments: 0, signedForms: 1, purged: [{ attachmentId: digitalForm!.id, kind: 'signed_form' }] });
    expect((await attachmentsOf(hand))[0]!.purged_at).toBeNull();

    // Each purge is in the audit log, by the system, with no file content.
    const audit = (await env.ds.query(`SELECT record_id, action, actor_name FROM audit_log WHERE entity = 'personal_data' AND action = 'purge' ORDER BY id`)) as Array<{
      record_id: string;
      actor_name: string;
    }>;
    expect(audit.map((a) => a.record_id)).toEqual([idDoc!.id, digitalForm!.id]);

    // The admins read the reports.
    const runs = await admin.agent.get('/api/admin/retention').expect(200);
    expect((runs.body.items as Array<{ report: { identityDocuments: number } | null }>).some((r) => r.report?.identityDocuments === 1)).toBe(true);
  });
});

describe('export of a person’s data', () => {
  it('streams a zip with the JSON of everything kept and the files the person uploaded, and records it', async () => {
    const ticket = await approvedRequest(false);
    const res = await admin.agent.get(`/api/admin/users/${world.users.userA}/export`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain('attachment');
    const entries = readZip(res.body as Buffer);
    const data = JSON.parse(entries.get('dati.json')!.toString('utf8')) as {
      person: { email: string };
      ticketsRequested: Array<{ id: string }>;
      attachments: Array<{ id: string; purgedAt: string | null }>;
    };
    expect(data.person.email).toBe('a@alfa.example');
    expect(data.ticketsRequested.map((t) => t.id)).toContain(ticket);
    const [form] = await attachmentsOf(ticket);
    const zipped = [...entries.keys()].find((n) => n.startsWith(`file/${form!.id}-`));
    expect(zipped).toBeDefined();
    expect(entries.get(zipped!)!.length).toBeGreaterThan(100);
    // A purged file is listed in the JSON but has no content in the zip.
    const purged = data.attachments.filter((a) => a.purgedAt !== null);
    expect(purged.length).toBeGreaterThan(0);
    for (const p of purged) expect([...entries.keys()].some((n) => n.startsWith(`file/${p.id}-`))).toBe(false);

    const audit = await admin.agent.get('/api/admin/audit').query({ entity: 'personal_data', recordId: world.users.userA }).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'export', actor: { id: world.users.admin } });
  });

  it('is for admins only; an unknown user is 404', async () => {
    await alfa.agent.get(`/api/admin/users/${world.users.userA}/export`).expect(403);
    await admin.agent.get('/api/admin/users/00000000-0000-4000-8000-000000000000/export').expect(404);
  });
});

describe('pseudonymisation of a person who left', () => {
  it('replaces name and e-mail everywhere, keeps tickets and history, ends sessions, and is irreversible', async () => {
    const userB = await env.signIn('b@beta.example', PASSWORD);
    const created = await userB.postRequest('/api/tickets', activationRequest()).expect(201);
    const ticketId = created.body.id as string;
    await approver.post(`/api/tickets/${ticketId}/approval`, { decision: 'approve' }).expect(200);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, ticketId)).toBe('applied');

    await alfa.post(`/api/admin/users/${world.users.userB}/pseudonymise`).expect(403);
    const res = await admin.post(`/api/admin/users/${world.users.userB}/pseudonymise`).expect(200);
    expect(res.body).toMatchObject({ id: world.users.userB, name: expect.stringMatching(/^Utente rimosso /), email: `rimosso-${world.users.userB}@pseudonimo.invalid` });

    const [user] = (await env.ds.query(`SELECT name, email, password_hash, disabled_at FROM users WHERE id = $1`, [world.users.userB])) as Array<{
      name: string;
      email: string;
      password_hash: string | null;
      disabled_at: Date | null;
    }>;
    expect(user).toMatchObject({ name: res.body.name, email: res.body.email, password_hash: null });
    expect(user!.disabled_at).not.toBeNull();
    // Tickets and history stay, under the pseudonym.
    const [ticket] = (await env.ds.query(`SELECT requester_id FROM tickets WHERE id = $1`, [ticketId])) as Array<{ requester_id: string }>;
    expect(ticket!.requester_id).toBe(world.users.userB);
    const staff = await admin.agent.get(`/api/tickets/${ticketId}`).expect(200);
    expect(JSON.stringify(staff.body)).not.toContain('b@beta.example');
    // Nowhere in the product's tables the old address remains, except the append-only audit log of the past.
    const leftovers = (await env.ds.query(
      `SELECT 'service_records' AS t FROM service_records WHERE referent_email = 'b@beta.example'
       UNION ALL SELECT 'outgoing_mails' FROM outgoing_mails WHERE to_address = 'b@beta.example'
       UNION ALL SELECT 'users' FROM users WHERE email = 'b@beta.example'`,
    )) as unknown[];
    expect(leftovers).toEqual([]);
    // The person's session is gone and the old credentials no longer work.
    await userB.agent.get('/api/auth/me').expect(401);
    await expect(env.signIn('b@beta.example', PASSWORD)).rejects.toThrow(/401/);

    // Recorded without personal data; a second time and oneself are refused.
    const audit = await admin.agent.get('/api/admin/audit').query({ entity: 'personal_data', recordId: world.users.userB }).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'pseudonymise' });
    expect(JSON.stringify(audit.body.items[0])).not.toContain('b@beta.example');
    await admin.post(`/api/admin/users/${world.users.userB}/pseudonymise`).expect(409);
    await admin.post(`/api/admin/users/${world.users.admin}/pseudonymise`).expect(409);
  });
});
