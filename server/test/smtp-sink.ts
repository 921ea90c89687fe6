import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP server on loopback that keeps what it receives. The first start takes a free port; it can be
 * stopped and started again on the same port (an SMTP outage).
 */
export class SmtpSink {
  readonly mails: Array<{ to: string[]; parsed: ParsedMail }> = [];
  private server: SMTPServer | undefined;
  port = 0;
  /** Addresses refused with 550 (a permanent failure). */
  refuse = new Set<string>();

  /** SMTP_URL for the server under test. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      hideSTARTTLS: true,
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (!this.refuse.has(address.address)) return cb();
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
      },
      onData: (stream, session, cb) => {
        simpleParser(stream).then(
          (parsed) => {
            this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
            cb();
          },
          (err: Error) => cb(err),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The mails delivered to `address`, oldest first. */
  to(address: string): ParsedMail[] {
    return this.mails.filter((m) => m.to.includes(address)).map((m) => m.parsed);
  }
}
