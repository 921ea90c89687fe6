import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { CSRF_HEADER, type ClientToServerEvents, type ServerToClientEvents, type TicketChangedEvent, type TicketWatchAck } from '@cit/shared';
import { PASSWORD } from './fixtures';
import { nextTotpCode } from './totp';

/** socket.io clients for the tests of live events: signed in with a real session cookie, recording what arrives. */
export type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

export const WAIT_MS = 5_000;
/** Silence long enough to trust a non-delivery, measured after a positive control event has arrived. */
export const QUIET_MS = 300;

export interface Login {
  cookie: string;
  csrfToken: string;
}

export function sessionCookie(res: Response): string {
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cit.sid='));
  if (!cookie) throw new Error('no session cookie in the response');
  return cookie;
}

export async function login(baseUrl: string, email: string): Promise<Login> {
  const first = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await first.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { cookie: sessionCookie(first), [CSRF_HEADER]: csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status}`);
  const cookie = sessionCookie(res);
  const body = (await res.json()) as { csrfToken: string; secondFactor?: 'verify' | 'enrol' };
  if (!body.secondFactor) return { cookie, csrfToken: body.csrfToken };
  // Admins and approvers have the demo authenticator: the code completes the login, as a person would.
  if (body.secondFactor !== 'verify') throw new Error(`login of ${email} asks to enrol a second factor`);
  const second = await fetch(`${baseUrl}/api/auth/second-factor`, {
    method: 'POST',
    headers: { cookie, [CSRF_HEADER]: body.csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ code: await nextTotpCode(email) }),
  });
  if (second.status !== 200) throw new Error(`second factor of ${email} failed: ${second.status}`);
  const renewed = second.headers.getSetCookie().some((c) => c.startsWith('cit.sid=')) ? sessionCookie(second) : cookie;
  return { cookie: renewed, csrfToken: ((await second.json()) as { csrfToken: string }).csrfToken };
}

export const clients: Client[] = [];

/** A connected client that records every event it receives. */
export interface Recorder {
  socket: Client;
  tickets: TicketChangedEvent[];
  counts: number;
}

export function open(baseUrl: string, cookie?: string, options: { websocketOnly?: boolean; origin?: string } = {}): Client {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (options.origin) headers.origin = options.origin;
  const socket: Client = connectClient(baseUrl, {
    // Without forceNew every client of one URL would share one connection (and one cookie).
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
    ...(options.websocketOnly ? { transports: ['websocket'] } : {}),
  });
  clients.push(socket);
  return socket;
}

export async function connect(baseUrl: string, cookie: string, websocketOnly = false): Promise<Recorder> {
  const socket = open(baseUrl, cookie, { websocketOnly });
  const recorder: Recorder = { socket, tickets: [], counts: 0 };
  socket.on('ticket.changed', (e) => recorder.tickets.push(e));
  socket.on('counts.changed', () => recorder.counts++);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timed out')), WAIT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return recorder;
}

export function refusal(socket: Client): Promise<Error & { data?: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither refused nor connected in time')), WAIT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('connected, but it should have been refused'));
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

export async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS));

export function watch(socket: Client, ticketId: string): Promise<TicketWatchAck> {
  return socket.timeout(WAIT_MS).emitWithAck('ticket.watch', ticketId);
}

export function disconnected(socket: Client): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected')), WAIT_MS);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}


export const received = (r: Recorder, e: TicketChangedEvent) => r.tickets.filter((t) => t.ticketId === e.ticketId);
