import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { createEnte } from '../../test/fixtures';
import { createGlpiDatabase, generateGlpi, type GeneratedGlpi, type GlpiDb } from '../../test/glpi';

/**
 * `npm run import -- moone` killed with SIGKILL in the middle of the import, then run again: no duplicates and no
 * half-written ticket (every ticket there has all its follow-ups), and the second run completes the import.
 */
const COMMAND = path.resolve(__dirname, '../../dist/moone-import/import-command.js');

describe('MoOne import killed mid-run', () => {
  let env: TestEnv;
  let glpi: GlpiDb;
  let source: GeneratedGlpi;
  let reports: string;

  beforeAll(async () => {
    if (!existsSync(COMMAND)) throw new Error(`${COMMAND} manca: esegui "npm run build" (npm test lo fa da sé)`);
    env = await startTestEnv();
    const enti = [];
    for (const name of ['Comune di Coccaglio', 'Comune di Gussago', 'Comune di Rovato']) {
      const id = await createEnte(env.ds, name);
      const [row] = (await env.ds.query(`SELECT fiscal_code FROM enti WHERE id = $1`, [id])) as Array<{ fiscal_code: string }>;
      enti.push({ name, fiscalCode: row!.fiscal_code });
    }
    glpi = await createGlpiDatabase(`glpi_kill_${process.pid}_${Date.now().toString(36)}`);
    source = await generateGlpi(glpi, { tickets: 6000, followupsPerTicket: 2, enti });
    reports = await mkdtemp(path.join(os.tmpdir(), 'moone-reports-'));
  }, 120_000);

  afterAll(async () => {
    await glpi?.drop();
    await env?.close();
    if (reports) await rm(reports, { recursive: true, force: true });
  });

  function spawnImport(): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
    const child = spawn(process.execPath, [COMMAND, 'moone', '--from', glpi.url, '--report', reports], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: env.config.DATABASE_URL,
        REDIS_URL: env.config.REDIS_URL,
        SESSION_SECRET: 'x'.repeat(40),
        ATTACHMENTS_DIR: env.config.ATTACHMENTS_DIR,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, exited };
  }

  const n = async (sql: string) => Number(((await env.ds.query(sql)) as Array<{ n: string }>)[0]!.n);

  /** Follow-ups per imported ticket against MoOne's: a ticket is there whole or not at all. */
  async function halfWritten(): Promise<number[]> {
    const [rows] = (await glpi.conn.query(
      `SELECT items_id AS id, count(*) AS n FROM glpi_itilfollowups WHERE itemtype = 'Ticket' GROUP BY items_id`,
    )) as unknown as [Array<{ id: number; n: number }>];
    const expected = new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
    const local = (await env.ds.query(
      `SELECT t.protocol_number AS id, count(f.id) FILTER (WHERE NOT f.body LIKE 'Attività:%' AND NOT f.body LIKE 'Soluzione%') AS n
         FROM tickets t LEFT JOIN ticket_followups f ON f.ticket_id = t.id WHERE t.protocol_year = 0 GROUP BY t.protocol_number`,
    )) as Array<{ id: number; n: string }>;
    return local.filter((r) => Number(r.n) !== (expected.get(Number(r.id)) ?? 0)).map((r) => r.id);
  }

  it('resumes without duplicates or half-written tickets', async () => {
    const first = spawnImport();
    // Killed once the first batches are committed and before the last one.
    const deadline = Date.now() + 60_000;
    let ended: { code: number | null; stderr: string } | undefined;
    void first.exited.then((e) => (ended = e));
    while (Date.now() < deadline && !ended) {
      if ((await n(`SELECT count(*) AS n FROM import_source_ids`)) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    if (ended) throw new Error(`the import ended before it was killed (${ended.code}): ${ended.stderr}`);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const afterKill = await n(`SELECT count(*) AS n FROM tickets`);
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(source.matchedTickets);
    expect(await n(`SELECT count(*) AS n FROM import_source_ids`)).toBe(afterKill);
    expect(await n(`SELECT count(*) AS n FROM moone_tickets`)).toBe(afterKill);
    expect(await halfWritten()).toEqual([]);
    // The killed run is left as «running»: it never finished.
    expect(await n(`SELECT count(*) AS n FROM import_runs WHERE status = 'running'`)).toBe(1);

    const second = spawnImport();
    const done = await second.exited;
    expect({ ...done, stderr: done.code === 0 ? '' : done.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(await n(`SELECT count(*) AS n FROM tickets`)).toBe(source.matchedTickets);
    expect(await n(`SELECT count(DISTINCT protocol_number) AS n FROM tickets WHERE protocol_year = 0`)).toBe(source.matchedTickets);
    expect(await halfWritten()).toEqual([]);
    const runs = (await env.ds.query(`SELECT status, report FROM import_runs ORDER BY started_at`)) as Array<{ status: string; report: { kinds: { tickets: { imported: number; unchanged: number } } } | null }>;
    expect(runs.map((r) => r.status)).toEqual(['running', 'done']);
    expect(runs[1]!.report!.kinds.tickets).toMatchObject({ imported: source.matchedTickets - afterKill, unchanged: afterKill });
    expect((await readdir(reports)).filter((f) => /^moone-.*\.(md|json)$/.test(f))).toHaveLength(2);
  }, 180_000);
});
