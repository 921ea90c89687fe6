import { Queue } from 'bullmq';
import type { ParsedMail } from 'mailparser';
import { startTestEnv, type SignedIn, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD, tenantWorld } from '../../test/fixtures';
import { SmtpSink } from '../../test/smtp-sink';
import { until } from '../../test/until';
import { QUEUE_NAME } from '../platform/jobs/jobs';
import { insertServiceRecord } from '../service-records/service-records.repository';
import { applyApprovedTicket } from './apply';
import { reconcileApprovals } from './reconcile';

/** Every "today" of this file: 10 March 2026, under the 2026-2030 list (which has no pagoPA). */
const NOW = new Date('2026-03-10T10:00:00+01:00');
const PAGOPA_2026 = 'Il servizio «Portale pagoPA» non è previsto dal listino 2026-2030.';

const request = (over: Record<string, unknown> = {}) => ({
  type: 'request',
  category: 'activation',
  serviceCode: 'pec',
  urgency: 'medium',
  title: 'Attivazione servizio',
  description: 'Richiesta di attivazione di un servizio del CIT.',
  ...over,
});

describe('the price list in force is the law; failures that retrying cannot fix are not retried', () => {
  const sink = new SmtpSink();
  let env: TestEnv;
  let world: Awaited<ReturnType<typeof tenantWorld>>;
  let alfa: SignedIn;
  let beta: SignedIn;
  let approver: SignedIn;
  let admin: SignedIn;
  let outsider: SignedIn;
  let nonMember: string;
  let queue: Queue;

  beforeAll(async () => {
    await sink.start();
    env = await startTestEnv({ SMTP_URL: sink.url, PUBLIC_URL: 'https://helpdesk.example.it', RUN_JOBS: 'true' }, { now: () => NOW });
    world = await tenantWorld(env.ds);
    await createUser(env.ds, 'approvatore@cit.example', 'approver');
    nonMember = await createEnte(env.ds, 'Comune di Fuori');
    await env.ds.query(`DELETE FROM memberships WHERE ente_id = $1`, [nonMember]);
    await createUser(env.ds, 'f@fuori.example', 'ente_user', { enti: [nonMember] });
    [alfa, beta, approver, admin, outsider] = await Promise.all([
      env.signIn('a@alfa.example', PASSWORD),
      env.signIn('b@beta.example', PASSWORD),
      env.signIn('approvatore@cit.example', PASSWORD),
      env.signIn('admin@cit.example', PASSWORD),
      env.signIn('f@fuori.example', PASSWORD),
    ]);
    queue = new Queue(QUEUE_NAME, { connection: { url: env.config.REDIS_URL }, prefix: `${env.config.REDIS_PREFIX}:bull` });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await env.close();
    await sink.stop();
  });

  const ticketsOf = async (enteId: string) =>
    ((await env.ds.query(`SELECT count(*)::int AS n FROM tickets WHERE ente_id = $1`, [enteId])) as Array<{ n: number }>)[0]?.n;
  const recordsOf = async (ticketId: string) =>
    (await env.ds.query(`SELECT unit_index, free FROM service_records WHERE request_ticket_id = $1 ORDER BY unit_index`, [ticketId])) as Array<{
      unit_index: number;
      free: boolean;
    }>;
  const entriesOf = async (enteId: string) =>
    (await env.ds.query(`SELECT kind, amount_cents FROM billing_entries WHERE ente_id = $1`, [enteId])) as Array<{ kind: string; amount_cents: number }>;
  const header = (m: ParsedMail, name: string) => String(m.headers.get(name) ?? '');
  const mailsAbout = (address: string, ticketId: string, subject: RegExp) =>
    sink.to(address).filter((m) => header(m, 'x-cit-ticket') === ticketId && subject.test(m.subject ?? ''));

  /** A request that got in before the rule (or was changed by hand): the ticket says pagoPA. */
  async function legacyPagopaRequest(who: SignedIn): Promise<string> {
    const created = await who.postRequest('/api/tickets', request({ quantity: 1 })).expect(201);
    await env.ds.query(`UPDATE tickets SET service_code = 'pagopa', service_variant = 'regione' WHERE id = $1`, [created.body.id]);
    return created.body.id as string;
  }

  it('shows the Ente the catalogue of the list in force, and previews no cost for what it does not offer', async () => {
    const catalog = await alfa.agent.get('/api/catalog').expect(200);
    expect([catalog.body.today, catalog.body.priceListInForce]).toEqual(['2026-03-10', '2026-2030']);
    expect(catalog.body.offered).toContain('pec');
    expect(catalog.body.offered).not.toContain('pagopa');
    // The old list stays readable: records of 2021-2025 still resolve.
    expect(catalog.body.services.map((s: { code: string }) => s.code)).toContain('pagopa');

    const quote = await alfa.agent.get('/api/services/quote').query({ serviceCode: 'pagopa', variant: 'regione' });
    expect([quote.status, quote.body.error.code, quote.body.error.message]).toEqual([409, 'not_offered', PAGOPA_2026]);
    expect(quote.body.error.details.fields).toEqual([{ path: 'serviceCode', message: PAGOPA_2026 }]);
  });

  it('refuses at submission a service the list does not offer, naming the list and the field; nothing is written', async () => {
    const before = await ticketsOf(world.enteA);
    const res = await alfa.postRequest('/api/tickets', request({ serviceCode: 'pagopa', variant: 'regione' }));
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([409, 'not_offered', PAGOPA_2026]);
    expect(res.body.error.details.fields).toEqual([{ path: 'serviceCode', message: PAGOPA_2026 }]);
    // A variant the service does not have is refused on the variant field.
    const variant = await alfa.postRequest('/api/tickets', request({ variant: 'regione' }));
    expect([variant.status, variant.body.error.details.fields[0].path]).toEqual([409, 'variant']);
    expect(variant.body.error.message).toBe('Il servizio «Casella PEC» non prevede modalità (ricevuto «regione»).');
    expect(await ticketsOf(world.enteA)).toBe(before);
  });

  it('refuses an activation from an Ente without a membership in force, but not its assistance ticket', async () => {
    const res = await outsider.postRequest('/api/tickets', request());
    expect([res.status, res.body.error.code, res.body.error.details.fields[0].path]).toEqual([409, 'not_a_member', 'enteId']);
    expect(res.body.error.message).toBe(
      "L'Ente non ha una convenzione con il CIT in vigore il 10/03/2026: può aprire richieste di assistenza, ma non attivare servizi.",
    );
    await outsider.post('/api/tickets', { type: 'incident', category: 'assistance', urgency: 'low', title: 'Stampante', description: 'Non stampa.' }).expect(201);
    expect(await ticketsOf(nonMember)).toBe(1);
  });

  it('approval re-checks the list of the request date and refuses with the same message', async () => {
    const id = await legacyPagopaRequest(alfa);
    const res = await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' });
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([409, 'not_offered', PAGOPA_2026]);
    const detail = await approver.agent.get(`/api/tickets/${id}`).expect(200);
    expect([detail.body.approvalState, detail.body.applyFailure]).toEqual(['requested', null]);
    expect((await env.ds.query(`SELECT 1 FROM outbox WHERE topic = 'jobs.enqueue' AND payload->'data'->>'ticketId' = $1`, [id])) as unknown[]).toEqual([]);
  });

  it('lets an Ente cancel an old pagoPA record although the new list no longer offers pagoPA', async () => {
    const holder = await alfa.postRequest('/api/tickets', request({ category: 'assistance', type: 'incident', serviceCode: undefined })).expect(201);
    const recordId = await insertServiceRecord(env.ds.manager, {
      enteId: world.enteA,
      payerEnteId: world.enteA,
      serviceCode: 'pagopa',
      variant: 'regione',
      unitIndex: 1,
      unitLabel: null,
      conventionPeriod: '2021-2025',
      requestTicketId: holder.body.id as string,
      requestUnit: 1,
      requestDate: '2023-04-01',
      protocol: '2023/000100',
      referentName: 'a',
      referentEmail: 'a@alfa.example',
      formAttachmentId: null,
      feeType: 'annual',
      free: false,
      freeReason: 'Servizio a pagamento',
      annualCents: 30000,
      supplierId: null,
    });
    const cancel = await alfa.postRequest('/api/tickets', request({ category: 'cancellation', serviceCode: 'pagopa', targetRecordIds: [recordId], title: 'Disdetta pagoPA' }));
    expect(cancel.status).toBe(201);
    await approver.post(`/api/tickets/${cancel.body.id}/approval`, { decision: 'approve' }).expect(200);
    const ended = await until('the cancellation applied', async () => {
      const [r] = (await env.ds.query(`SELECT ends_on FROM service_records WHERE id = $1`, [recordId])) as Array<{ ends_on: string | null }>;
      return r?.ends_on ?? undefined;
    });
    expect(ended).toBe('2026-12-31');
  });

  it('a request that can never apply ends «non applicata» after one attempt, is not re-queued, tells both sides; re-applied once fixed', async () => {
    // A unit entered by hand with a gap (n. 2 only): the 2nd PEC box of the next request collides with it.
    const holder = await beta.postRequest('/api/tickets', request({ category: 'assistance', type: 'incident', serviceCode: undefined })).expect(201);
    const handEntered = await insertServiceRecord(env.ds.manager, {
      enteId: world.enteB,
      payerEnteId: world.enteB,
      serviceCode: 'pec',
      variant: null,
      unitIndex: 2,
      unitLabel: 'protocollo@pec.beta.it',
      conventionPeriod: '2026-2030',
      requestTicketId: holder.body.id as string,
      requestUnit: 1,
      requestDate: '2026-01-10',
      protocol: '2026/000001',
      referentName: 'b',
      referentEmail: 'b@beta.example',
      formAttachmentId: null,
      feeType: 'annual',
      free: true,
      freeReason: 'Compresa nella convenzione',
      annualCents: null,
      supplierId: null,
    });
    const created = await beta.postRequest('/api/tickets', request({ quantity: 1, unitLabels: 'tributi@pec.beta.it' })).expect(201);
    const id = created.body.id as string;
    await approver.post(`/api/tickets/${id}/approval`, { decision: 'approve' }).expect(200);

    const reason =
      "L'unità n. 2 di «Casella PEC» risulta già registrata per l'Ente in questa convenzione: correggere i servizi attivi e riapplicare la richiesta.";
    const failed = await until('«non applicata»', async () => {
      const detail = await approver.agent.get(`/api/tickets/${id}`).expect(200);
      return detail.body.applyFailure ? detail.body : undefined;
    });
    expect([failed.approvalState, failed.applyFailure, failed.status]).toEqual(['approved', reason, 'new']);
    expect(failed.applyFailedAt).not.toBeNull();
    expect(failed.timeline.filter((e: { field?: string }) => e.field === 'apply_failure').map((e: { to: string }) => e.to)).toEqual([reason]);

    // One attempt, failed for good (UnrecoverableError), not 8 with backoff.
    const job = await until('the failed job', async () => {
      const j = await queue.getJob(`services.apply-${id}`);
      return j && (await j.getState()) === 'failed' ? j : undefined;
    });
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/non applicata/);

    // Nothing half-written: no record for the request, no billing entry.
    expect(await recordsOf(id)).toEqual([]);
    expect(await entriesOf(world.enteB)).toEqual([]);

    // The reconcile job leaves it alone (it was approved "long ago": 10 March), and a stray rerun changes nothing.
    const queued = async () =>
      ((await env.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'jobs.enqueue' AND payload->'data'->>'ticketId' = $1`, [id])) as Array<{ n: number }>)[0]?.n;
    const before = await queued();
    expect(await reconcileApprovals(env.ds)).toBe(0);
    expect(await queued()).toBe(before);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('not_applied');

    // The approvals inbox lists it with the reason.
    const inbox = await approver.agent.get('/api/approvals').query({ state: 'not_applied' }).expect(200);
    expect(inbox.body.items.map((t: { id: string; applyFailure: string }) => [t.id, t.applyFailure])).toEqual([[id, reason]]);

    // E-mail to the Ente's requester and to the approver who approved it.
    for (const address of ['b@beta.example', 'approvatore@cit.example']) {
      const [mail] = await until(`mail to ${address}`, () => {
        const found = mailsAbout(address, id, /Richiesta non applicata/);
        return found.length ? found : undefined;
      });
      expect(mail?.text).toContain(reason);
      expect(mail?.text).toContain('nessun servizio né addebito è stato registrato');
    }

    // Only an approver or an admin re-applies, and only a request that failed.
    expect((await beta.post(`/api/tickets/${id}/reapply`)).status).toBe(403);
    // The admin corrects the cause (the hand-entered unit is n. 1), then re-applies from the ticket.
    await env.ds.query(`UPDATE service_records SET unit_index = 1 WHERE id = $1`, [handEntered]);
    const again = await admin.post(`/api/tickets/${id}/reapply`);
    expect([again.status, again.body.applyFailure, again.body.applyFailedAt]).toEqual([200, null, null]);
    const recs = await until('the record after re-apply', async () => {
      const rows = await recordsOf(id);
      return rows.length ? rows : undefined;
    });
    expect(recs).toEqual([{ unit_index: 2, free: true }]);
    const applied = await approver.agent.get(`/api/tickets/${id}`).expect(200);
    expect(applied.body.timeline.some((e: { field?: string }) => e.field === 'applied')).toBe(true);
    expect(applied.body.status).toBe('solved');
    const twice = await admin.post(`/api/tickets/${id}/reapply`);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'not_reapplicable']);
    expect((await approver.agent.get('/api/approvals').query({ state: 'not_applied' }).expect(200)).body.items).toEqual([]);
  }, 60_000);

  it('records a missing membership and a price list that no longer offers the service as «non applicata», with the rule’s message', async () => {
    // Approved outside the API (as data migrated from MoOne would be): only the worker's own checks stand in the way.
    const pagopa = await legacyPagopaRequest(alfa);
    await env.ds.query(`UPDATE tickets SET approval_state = 'approved', approved_at = now() WHERE id = $1`, [pagopa]);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, pagopa)).toBe('not_applied');
    const [row] = (await env.ds.query(`SELECT apply_failure FROM tickets WHERE id = $1`, [pagopa])) as Array<{ apply_failure: string }>;
    expect(row?.apply_failure).toBe(PAGOPA_2026);
    expect(await recordsOf(pagopa)).toEqual([]);

    const member = await createEnte(env.ds, 'Comune di Delta');
    await createUser(env.ds, 'd@delta.example', 'ente_user', { enti: [member] });
    const delta = await env.signIn('d@delta.example', PASSWORD);
    const created = await delta.postRequest('/api/tickets', request({ quantity: 5 })).expect(201);
    await env.ds.query(`UPDATE tickets SET approval_state = 'approved', approved_at = now() WHERE id = $1`, [created.body.id]);
    await env.ds.query(`DELETE FROM memberships WHERE ente_id = $1`, [member]);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, created.body.id as string)).toBe('not_applied');
    const [failed] = (await env.ds.query(`SELECT apply_failure FROM tickets WHERE id = $1`, [created.body.id])) as Array<{ apply_failure: string }>;
    expect(failed?.apply_failure).toMatch(/^L'Ente non ha una convenzione con il CIT in vigore il \d{2}\/\d{2}\/\d{4}/);
    expect(await recordsOf(created.body.id as string)).toEqual([]);
    expect(await entriesOf(member)).toEqual([]);
  });

  it('records missing residents as «non applicata» when the price depends on them (pagoPA by band, 2021-2025)', async () => {
    const comune = await createEnte(env.ds, 'Comune di Epsilon');
    await createUser(env.ds, 'e@epsilon.example', 'ente_user', { enti: [comune] });
    await env.ds.query(
      `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
       VALUES ($1, '2021-2025', '2020-12-10', 'Delibera C.C. n. 3', '2020-12-01', 'Sindaco')`,
      [comune],
    );
    const epsilon = await env.signIn('e@epsilon.example', PASSWORD);
    const created = await epsilon.postRequest('/api/tickets', request({ quantity: 1 })).expect(201);
    const id = created.body.id as string;
    // Filed in June 2025 (under the 2021-2025 list, which prices pagoPA by residents) and approved then.
    await env.ds.query(
      `UPDATE tickets SET service_code = 'pagopa', service_variant = 'regione', created_at = '2025-06-12T10:00:00+02:00',
              approval_state = 'approved', approved_at = now() WHERE id = $1`,
      [id],
    );
    // The request date is the day the form reached the platform.
    await env.ds.query(`UPDATE ticket_attachments SET created_at = '2025-06-12T10:00:00+02:00' WHERE ticket_id = $1`, [id]);
    // Only 31/12/2024 goes: the older years on file must not stand in for it.
    await env.ds.query(`DELETE FROM ente_population WHERE ente_id = $1 AND as_of_year = 2024`, [comune]);
    expect(await applyApprovedTicket(env.ds, env.tickets.service, id)).toBe('not_applied');
    const [row] = (await env.ds.query(`SELECT t.apply_failure, e.name FROM tickets t JOIN enti e ON e.id = t.ente_id WHERE t.id = $1`, [id])) as Array<{
      apply_failure: string;
      name: string;
    }>;
    expect(row?.apply_failure).toBe(
      `Mancano gli abitanti al 31/12/2024 del ${row?.name}: inseriscili in Amministrazione → Enti prima di calcolare importi e franchigie 2025.`,
    );
    expect(await recordsOf(id)).toEqual([]);
    expect(await entriesOf(comune)).toEqual([]);

    // Once the residents are recorded, the re-applied request is priced by its band.
    await env.ds.query(`INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) VALUES ($1, 2024, 1800, 90)`, [comune]);
    await admin.post(`/api/tickets/${id}/reapply`).expect(200);
    const recs = await until('the pagoPA record', async () => {
      const rows = await recordsOf(id);
      return rows.length ? rows : undefined;
    });
    expect(recs).toEqual([{ unit_index: 1, free: false }]);
    const bills = await until('the pagoPA entries', async () => {
      const rows = await entriesOf(comune);
      return rows.length ? rows : undefined;
    });
    // 1,800 residents: the band up to 2,000 (€ 500 a year), plus € 1,500 activation via Regione.
    expect(bills.map((b) => [b.kind, b.amount_cents]).sort()).toEqual([
      ['activation', 150000],
      ['annual', 50000],
    ]);
  }, 30_000);
});
