import type { ParsedMail } from 'mailparser';
import { startTestEnv, type TestEnv } from './harness';
import type { SmtpSink } from './smtp-sink';
import { until } from './until';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const header = (m: ParsedMail, name: string): string => String(m.headers.get(name) ?? '');
export const replyToOf = (m: ParsedMail): string => m.replyTo?.value[0]?.address ?? '';

/** A server that mails through the sink and listens for replies on a free port (domain risposte.test). */
export function startMailTestEnv(sink: SmtpSink, overrides: Record<string, string> = {}): Promise<TestEnv> {
  return startTestEnv({
    SMTP_URL: sink.url,
    INBOUND_SMTP_PORT: '0',
    INBOUND_SMTP_HOST: '127.0.0.1',
    INBOUND_DOMAIN: 'risposte.test',
    PUBLIC_URL: 'https://helpdesk.example.it',
    MAIL_BACKOFF_MS: '250',
    RUN_JOBS: 'true',
    ...overrides,
  });
}

/** Reading what the sink received: one ticket's mails, waiting for one, and letting the queue run dry. */
export function mailHelpers(env: () => TestEnv, sink: SmtpSink) {
  const ticketMails = (address: string, id: string) => sink.to(address).filter((m) => header(m, 'x-cit-ticket') === id);
  return {
    ticketMails,
    /** The first mail to `address` whose subject matches, about ticket `id` when given. */
    waitMail: (address: string, id: string | undefined, subject: RegExp) =>
      until(`mail ${subject} to ${address}`, () => (id ? ticketMails(address, id) : sink.to(address)).find((m) => subject.test(m.subject ?? ''))),
    /** Lets the outbox and the queue run dry, so "no mail" is not just "not yet". */
    settle: async () => {
      await sleep(300);
      await env().outbox.idle();
      await until('queued mails sent', async () => {
        const [row] = (await env().ds.query(`SELECT count(*)::int AS n FROM outgoing_mails WHERE status = 'queued'`)) as Array<{ n: number }>;
        return row?.n === 0 ? true : undefined;
      });
    },
  };
}
