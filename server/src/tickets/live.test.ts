import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TicketChangedEvent } from '@cit/shared';
import { startTestEnv, type TestEnv } from '../../test/harness';
import { PASSWORD, tenantWorld } from '../../test/fixtures';
import { until as pollUntil } from '../../test/until';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const MAIN = path.resolve(__dirname, '../../dist/main.js');
const WAIT_MS = 8_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const until = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = WAIT_MS): Promise<T> => pollUntil(what, probe, ms, 50);

function listen(url: string, cookie: string): Promise<{ socket: Client; events: TicketChangedEvent[] }> {
  const socket: Client = connectClient(url, { forceNew: true, reconnection: false, extraHeaders: { cookie } });
  const events: TicketChangedEvent[] = [];
  socket.on('ticket.changed', (e) => events.push(e));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, events }));
    socket.once('connect_error', reject);
  });
}

/**
 * Two real server processes on one database and one Redis: process A (this jest worker) does not dispatch the
 * outbox, so an event caused by a request to process B (a child `node server/dist/main.js`) can only reach a
 * socket on A through the Redis streams adapter.
 */
describe('live ticket events across server processes', () => {
  let a: TestEnv;
  let b: ChildProcess | undefined;
  let bUrl: string;
  const sockets: Client[] = [];

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} manca: esegui "npm run build" (npm test lo fa da sé)`);
    a = await startTestEnv({ OUTBOX_DISPATCH: 'false' });
    await tenantWorld(a.ds);
    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    b = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: a.config.DATABASE_URL,
        REDIS_URL: a.config.REDIS_URL,
        REDIS_PREFIX: a.config.REDIS_PREFIX,
        SESSION_SECRET: a.config.SESSION_SECRET,
        ATTACHMENTS_DIR: a.config.ATTACHMENTS_DIR,
        MIGRATE_ON_START: 'false',
        RUN_JOBS: 'false',
        SERVE_CLIENT: 'false',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // A second Node process starting on a loaded CI machine can take a while.
    await pollUntil('process B', async () => ((await fetch(`${bUrl}/api/health`).catch(() => null))?.status === 200 ? true : undefined), 40_000);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (b && b.exitCode === null) {
      const exited = new Promise((r) => b?.once('exit', r));
      b.kill('SIGTERM');
      await exited;
    }
    await a?.close();
  });

  it('delivers a ticket opened on process B to the operator connected to process A, and not to another Ente', async () => {
    const operator = await a.signIn('op@cit.example', PASSWORD);
    const otherEnte = await a.signIn('b@beta.example', PASSWORD);
    const opLive = await listen(a.url, operator.cookie);
    const otherLive = await listen(a.url, otherEnte.cookie);
    sockets.push(opLive.socket, otherLive.socket);

    // The Ente user works on process B only: its own session, CSRF token and request.
    const csrf = await fetch(`${bUrl}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const login = await fetch(`${bUrl}/api/auth/login`, {
      method: 'POST',
      headers: { cookie: csrfCookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@alfa.example', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const token = ((await login.json()) as { csrfToken: string }).csrfToken;
    const created = await fetch(`${bUrl}/api/tickets`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'incident', category: 'assistance', urgency: 'high', title: 'Rete giù', description: 'Nessun PC naviga' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const event = await until('the live event on process A', () => opLive.events.find((e) => e.ticketId === id));
    expect(event).toMatchObject({ ticketId: id, change: 'created', status: 'new' });
    expect(Object.keys(event).sort()).toEqual(['at', 'change', 'enteId', 'status', 'ticketId']);
    // A later event to the operator arrives after any the other Ente could have got: it got none.
    await operator.post(`/api/tickets/${id}/actions`, { action: 'take_charge' }).expect(200);
    await until('the take-charge event', () => opLive.events.find((e) => e.ticketId === id && e.status === 'assigned'));
    expect(otherLive.events).toEqual([]);
  });
});
