import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { liveSocketOptions } from '@cit/shared';

jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What one page saw of its live connection. */
interface PageStats {
  connects: number;
  errors: string[];
  disconnects: string[];
  ticks: number;
  transport: string | undefined;
}

/**
 * The SPA's live connection behind a load balancer that is not sticky: two socket.io processes behind a layer-4
 * round-robin proxy (each new TCP connection to the next process), as in fault drill 5 (drills/cluster.mjs).
 * A real browser opens the connection with the SPA's own options and must keep it: no refused engine.io
 * request ("Session ID unknown" when a request of a session lands on the other process), no disconnection.
 */
describe('live connection of the SPA behind a round-robin balancer', () => {
  const servers: http.Server[] = [];
  const sessionUnknown: string[] = [];
  let proxy: net.Server;
  let browser: Browser;
  let url = '';

  beforeAll(async () => {
    const page = '<!doctype html><title>live</title><script src="/socket.io/socket.io.js"></script>';
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const server = http.createServer((req, res) => {
        if (req.url !== '/') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      });
      const io = new Server(server);
      io.engine.on('connection_error', (err: { message: string }) => sessionUnknown.push(`process ${i}: ${err.message}`));
      // The page also talks (as the SPA's ticket.watch does), so requests go both ways while it is connected.
      io.on('connection', (socket) => socket.on('ping-x', (ack: () => void) => ack()));
      setInterval(() => io.emit('tick'), 100).unref();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      ports.push((server.address() as AddressInfo).port);
      servers.push(server);
    }
    let next = 0;
    const open = new Set<net.Socket>();
    proxy = net.createServer((client) => {
      const upstream = net.connect(ports[next++ % ports.length] ?? 0, '127.0.0.1');
      for (const s of [client, upstream]) {
        open.add(s);
        s.on('error', () => undefined);
        s.on('close', () => open.delete(s));
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    proxy.on('close', () => open.forEach((s) => s.destroy()));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium non trovato in ${CHROMIUM}: apt-get install -y chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => proxy?.close(resolve));
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('keeps one stable connection per page and receives the events, whichever process it lands on', async () => {
    const seen: PageStats[] = [];
    // One page after the other: each page's requests then alternate between the processes, as they would for
    // a browser among many behind the balancer.
    for (let n = 0; n < 4; n++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      seen.push(
        await page.evaluate(async (options) => {
          const io = (globalThis as unknown as { io: (o: object) => Socket }).io;
          const stats: PageStats = { connects: 0, errors: [], disconnects: [], ticks: 0, transport: undefined };
          const socket = io(options);
          socket.on('connect', () => stats.connects++);
          socket.on('connect_error', (e) => stats.errors.push(e.message));
          socket.on('disconnect', (reason) => stats.disconnects.push(reason));
          socket.on('tick', () => stats.ticks++);
          const talk = setInterval(() => socket.connected && socket.emit('ping-x', () => undefined), 150);
          await new Promise((resolve) => setTimeout(resolve, 2_500));
          clearInterval(talk);
          stats.transport = socket.io.engine?.transport?.name;
          socket.removeAllListeners();
          socket.close();
          return stats;
        }, liveSocketOptions()),
      );
      await context.close();
    }
    const stable = { connects: 1, errors: [], disconnects: [], ticks: true, transport: 'websocket' };
    expect(seen.map((s) => ({ ...s, ticks: s.ticks > 10 }))).toEqual(seen.map(() => stable));
    expect(sessionUnknown).toEqual([]);
  });
});
