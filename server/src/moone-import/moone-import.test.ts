import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { createEnte, createUser, PASSWORD } from '../../test/fixtures';
import { createGlpiDatabase, generateGlpi, type GeneratedGlpi, type GlpiDb } from '../../test/glpi';
import { AttachmentStore } from '../tickets/attachments/storage';
import { openGlpi } from './glpi.repository';
import { importMoOne, type ImportOptions } from './importer';
import { finishRun, startRun } from '../import-runs/import-runs.repository';
import type { ImportReport } from './report';

/**
 * The MoOne import against a real MariaDB holding a generated GLPI database, into a real PostgreSQL: reconciliation
 * with the source, a dry run that writes nothing, a second run that changes nothing, --since, refused versions.
 */
describe('MoOne import', () => {
  let env: TestEnv;
  let glpi: GlpiDb;
  let source: GeneratedGlpi;
  let docs: string;
  const enti: Array<{ id: string; name: string; fiscalCode: string }> = [];

  beforeAll(async () => {
    env = await startTestEnv();
    for (const name of ['Comune di Coccaglio', 'Comune di Gussago', 'Comune di Città Alta', 'Comune di Rovato', 'Unione dei Comuni della Franciacorta']) {
      const id = await createEnte(env.ds, name, name.startsWith('Unione') ? 'unione_comuni' : 'comune');
      const [row] = (await env.ds.query(`SELECT fiscal_code FROM enti WHERE id = $1`, [id])) as Array<{ fiscal_code: string }>;
      enti.push({ id, name, fiscalCode: row!.fiscal_code });
    }
    await env.ds.query(`INSERT INTO suppliers (name) VALUES ('Fornitore PEC di prova')`);
    // An account that already exists here keeps its role and password: the import matches it by e-mail.
    await createUser(env.ds, 'tecnico1@cit.example', 'operator');
    docs = await mkdtemp(path.join(os.tmpdir(), 'moone-docs-'));
    glpi = await createGlpiDatabase(`glpi_test_${process.pid}_${Date.now().toString(36)}`);
    source = await generateGlpi(glpi, { tickets: 330, followupsPerTicket: 2, enti, documentsDir: docs });
  });

  afterAll(async () => {
    await glpi?.drop();
    await env?.close();
    if (docs) await rm(docs, { recursive: true, force: true });
  });

  async function run(options: Partial<ImportOptions> = {}): Promise<ImportReport> {
    const reader = openGlpi(glpi.url);
    try {
      return await importMoOne(reader, env.ds, new AttachmentStore(env.config.ATTACHMENTS_DIR), {
        dryRun: false,
        since: null,
        documentsDir: docs,
        batchSize: 100,
        ...options,
      });
    } finally {
      await reader.close();
    }
  }

  const countOf = async (sql: string, params: unknown[] = []) => Number(((await env.ds.query(sql, params)) as Array<{ n: string }>)[0]!.n);
  const glpiCount = async (sql: string) => Number(((await glpi.conn.query(sql)) as unknown as [Array<{ n: number }>])[0][0]!.n);
  /** Every table the import writes, counted. */
  const snapshot = async () => ({
    tickets: await countOf(`SELECT count(*) AS n FROM tickets`),
    followups: await countOf(`SELECT count(*) AS n FROM ticket_followups`),
    history: await countOf(`SELECT count(*) AS n FROM ticket_history`),
    attachments: await countOf(`SELECT count(*) AS n FROM ticket_attachments`),
    followers: await countOf(`SELECT count(*) AS n FROM ticket_followers`),
    surveys: await countOf(`SELECT count(*) AS n FROM ticket_surveys`),
    users: await countOf(`SELECT count(*) AS n FROM users`),
    audit: await countOf(`SELECT count(*) AS n FROM audit_log`),
    map: await countOf(`SELECT count(*) AS n FROM import_source_ids`),
    lastWrite: ((await env.ds.query(`SELECT max(imported_at) AS at FROM import_source_ids`)) as Array<{ at: Date | null }>)[0]!.at?.toISOString() ?? null,
  });

  it('a dry run reads and checks everything and writes nothing', async () => {
    const before = await snapshot();
    const report = await run({ dryRun: true });
    expect(await snapshot()).toEqual(before);
    expect(report.dryRun).toBe(true);
    expect(report.kinds.tickets).toMatchObject({ read: source.tickets, imported: source.matchedTickets, skipped: source.tickets - source.matchedTickets });
    expect(report.kinds.documents).toMatchObject({ imported: source.documentsOk, failed: source.documentsBad });
  });

  it('imports MoOne and reconciles to the source counts', async () => {
    // A rule that would catch every ticket: historical tickets keep MoOne's assignment, no rule touches them.
    await env.ds.query(`INSERT INTO routing_rules (position, name, conditions, actions) VALUES (1, 'Tutti', '{}', '{"groupKey": "sistemisti", "label": "instradato"}')`);
    const report = await run();
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE channel <> 'import' OR 'instradato' = ANY(labels)`)).toBe(0);
    await env.ds.query(`DELETE FROM routing_rules`);
    const t = report.kinds.tickets;
    expect(t).toEqual({ read: source.tickets, imported: source.matchedTickets, unchanged: 0, skipped: source.tickets - source.matchedTickets, failed: 0 });
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE protocol_year = 0`)).toBe(source.matchedTickets);
    // Every kind: read = imported + unchanged + skipped + failed, and read = the rows in MoOne.
    for (const [kind, c] of Object.entries(report.kinds)) expect([kind, c.read]).toEqual([kind, c.imported + c.unchanged + c.skipped + c.failed]);
    expect(report.kinds.followups.read).toBe(await glpiCount(`SELECT count(*) AS n FROM glpi_itilfollowups WHERE itemtype = 'Ticket'`));
    expect(report.kinds.tasks.read).toBe(await glpiCount(`SELECT count(*) AS n FROM glpi_tickettasks`));
    expect(report.kinds.users.read).toBe(await glpiCount(`SELECT count(*) AS n FROM glpi_users`));
    expect(report.kinds.entities).toMatchObject({ read: enti.length + 3, imported: enti.length, skipped: 3 });
    // Follow-ups, tasks and superseded solutions are the follow-up rows of the imported tickets.
    const written = report.kinds.followups.imported + report.kinds.tasks.imported + report.kinds.solutions.imported;
    const solutionsAsTicketField = await countOf(`SELECT count(*) AS n FROM tickets WHERE protocol_year = 0 AND solution IS NOT NULL`);
    expect(await countOf(`SELECT count(*) AS n FROM ticket_followups`)).toBe(written - solutionsAsTicketField);
    expect(await countOf(`SELECT count(*) AS n FROM ticket_attachments`)).toBe(report.kinds.documents.imported);
    expect(report.kinds.documents).toMatchObject({ imported: source.documentsOk, failed: source.documentsBad });
    expect(report.failed.some((f) => /SHA-1/.test(f.reason))).toBe(true);
    expect(report.failed.some((f) => /non ammesso/.test(f.reason))).toBe(true);
    // Per status and per year, the same totals; per Ente, what the database holds.
    const sum = (table: Record<string, { read: number }>) => Object.values(table).reduce((a, c) => a + c.read, 0);
    expect(sum(report.ticketsByStatus)).toBe(source.tickets);
    expect(sum(report.ticketsByYear)).toBe(source.tickets);
    expect(Object.values(report.ticketsByEnte).reduce((a, n) => a + n, 0)).toBe(source.matchedTickets);
    expect(report.skipped.filter((s) => s.kind === 'tickets').every((s) => /Ente non abbinato/.test(s.reason))).toBe(true);
    expect(report.skipped.some((s) => s.kind === 'users' && /senza e-mail/.test(s.reason))).toBe(true);

    // Statuses: "Da testare" waits for the Ente; deleted tickets stay in the bin; none consumed a protocol number.
    const statuses = (await env.ds.query(`SELECT status, count(*)::int AS n FROM tickets GROUP BY status`)) as Array<{ status: string; n: number }>;
    expect(statuses.map((s) => s.status).sort()).toEqual(['assigned', 'closed', 'deleted', 'new', 'pending', 'planned', 'solved', 'to_test']);
    expect(await countOf(`SELECT count(*) AS n FROM ticket_protocol_counters`)).toBe(0);
    const testing = (await env.ds.query(`SELECT t.status, t.resolve_due, m.status_label FROM tickets t JOIN moone_tickets m ON m.ticket_id = t.id WHERE m.status_label = 'Da testare' LIMIT 1`)) as Array<{ status: string; resolve_due: Date | null }>;
    expect(testing[0]).toMatchObject({ status: 'to_test', resolve_due: null });
    // Closed tickets keep MoOne's SLA outcome; MoOne approvals are never applied by the services worker.
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE status = 'closed' AND sla_state NOT IN ('met', 'breached')`)).toBe(0);
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE approval_state = 'approved' AND applied_at IS NULL`)).toBe(0);
    // HTML made safe and readable.
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE description ~ '<|&lt;'`)).toBe(0);
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE title LIKE 'Problema <PEC> n° % – àèìòù'`)).toBeGreaterThan(0);
    expect(await countOf(`SELECT count(*) AS n FROM ticket_followups WHERE body ~ '<script|&lt;'`)).toBe(0);
    expect(await countOf(`SELECT count(*) AS n FROM tickets WHERE description LIKE '%«errore 500» — perché?%'`)).toBeGreaterThan(0);
    // Users: created without a password; the existing operator untouched; creations audited.
    expect(await countOf(`SELECT count(*) AS n FROM users WHERE email LIKE '%@ente%' AND password_hash IS NOT NULL`)).toBe(0);
    expect(await countOf(`SELECT count(*) AS n FROM users WHERE email = 'tecnico1@cit.example' AND password_hash IS NOT NULL`)).toBe(1);
    expect(await countOf(`SELECT count(*) AS n FROM audit_log WHERE entity = 'users' AND action = 'import'`)).toBe(report.kinds.users.imported + 1);
  });

  it('shows the MoOne ID as protocol and finds the ticket by it in the ticket search', async () => {
    const [row] = (await env.ds.query(`SELECT moone_id FROM moone_tickets ORDER BY moone_id DESC LIMIT 1`)) as Array<{ moone_id: number }>;
    const op = await env.signIn('tecnico1@cit.example', PASSWORD);
    for (const q of [String(row!.moone_id), `MoOne ${row!.moone_id}`]) {
      const res = await op.agent.get('/api/tickets').query({ q }).expect(200);
      expect(res.body.items.map((t: { protocol: string }) => t.protocol)).toContain(`MoOne/${row!.moone_id}`);
    }
  });

  it('a second run changes nothing', async () => {
    const before = await snapshot();
    const report = await run();
    expect(await snapshot()).toEqual(before);
    expect(report.kinds.tickets).toMatchObject({ imported: 0, unchanged: source.matchedTickets });
    expect(report.kinds.users.imported).toBe(0);
  });

  it('--since brings in a ticket changed in MoOne, and only that', async () => {
    const [row] = (await env.ds.query(`SELECT m.moone_id, m.ticket_id FROM moone_tickets m JOIN tickets t ON t.id = m.ticket_id WHERE t.status = 'new' ORDER BY m.moone_id LIMIT 1`)) as Array<{ moone_id: number; ticket_id: string }>;
    await glpi.conn.query(`UPDATE glpi_tickets SET name = 'Titolo cambiato in MoOne', status = 6, closedate = '2026-11-20 10:00:00', date_mod = '2026-11-20 10:00:00' WHERE id = ?`, [row!.moone_id]);
    await glpi.conn.query(`INSERT INTO glpi_itilfollowups (itemtype, items_id, date, users_id, content, is_private) VALUES ('Ticket', ?, '2026-11-20 09:00:00', 1, '&lt;p&gt;Nuova risposta&lt;/p&gt;', 0)`, [row!.moone_id]);
    const tickets = await countOf(`SELECT count(*) AS n FROM tickets`);
    const report = await run({ since: '2026-11-20' });
    expect(report.kinds.tickets).toMatchObject({ read: 1, imported: 1 });
    const [t] = (await env.ds.query(`SELECT id, title, status FROM tickets WHERE protocol_year = 0 AND protocol_number = $1`, [row!.moone_id])) as Array<{ id: string; title: string; status: string }>;
    expect(t).toEqual({ id: row!.ticket_id, title: 'Titolo cambiato in MoOne', status: 'closed' });
    expect(await countOf(`SELECT count(*) AS n FROM ticket_followups WHERE ticket_id = $1 AND body = 'Nuova risposta'`, [row!.ticket_id])).toBe(1);
    expect(await countOf(`SELECT count(*) AS n FROM tickets`)).toBe(tickets);
  });

  it('keeps the report of a real run in import_runs and lists it to admins', async () => {
    const runId = await startRun(env.ds, { source: 'moone', options: { dryRun: false } });
    const report = await run();
    await finishRun(env.ds, runId, { report, error: null });
    await createUser(env.ds, 'admin-import@cit.example', 'admin');
    const admin = await env.signIn('admin-import@cit.example', PASSWORD);
    const res = await admin.agent.get('/api/admin/import-runs').expect(200);
    expect(res.body.items[0]).toMatchObject({ id: runId, source: 'moone', status: 'done' });
    expect(res.body.items[0].report.kinds.tickets.unchanged).toBe(source.matchedTickets);
    const referent = await env.signIn('tecnico1@cit.example', PASSWORD);
    await referent.agent.get('/api/admin/import-runs').expect(403);
  });

  it.each(['9.3.2', '10.1.0'])('refuses GLPI %s, naming the version', async (version) => {
    await glpi.conn.query(`UPDATE glpi_configs SET value = ? WHERE context = 'core' AND name = 'version'`, [version]);
    try {
      await expect(run()).rejects.toThrow(new RegExp(`GLPI non supportata: ${version.replace(/\./g, '\\.')}`));
    } finally {
      await glpi.conn.query(`UPDATE glpi_configs SET value = '10.0.7' WHERE context = 'core' AND name = 'version'`);
    }
  });
});
