import type { Config } from '../config';

/** Mail is sent only when an SMTP server is configured; `npm start` points it at the local catcher. */
export function mailEnabled(config: Config): boolean {
  return Boolean(config.SMTP_URL || config.SMTP_HOST);
}

/** Official notices by PEC leave only when the CIT's PEC account is set: its server and its sender. */
export function pecEnabled(config: Pick<Config, 'PEC_SMTP_URL' | 'PEC_FROM'>): boolean {
  return Boolean(config.PEC_SMTP_URL && config.PEC_FROM);
}

/** The domain of our own Message-IDs: the sender's, so that threads look like ours in every client. */
export function messageIdDomain(config: Config): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(config.MAIL_FROM);
  return m?.[1] ?? 'cit.provincia.brescia.it';
}

/** The root every mail of a ticket refers to: mail clients thread on it. */
export function ticketRootId(config: Config, ticketId: string): string {
  return `<ticket-${ticketId}@${messageIdDomain(config)}>`;
}

export function mailSecret(config: Config): string {
  return config.MAIL_TOKEN_SECRET ?? config.SESSION_SECRET;
}

export const SURVEY_VALID_DAYS = 30;

/** How long the «Da testare» confirm/reopen link in the requester's mail stays valid. */
export const TEST_LINK_VALID_DAYS = 30;

/** The template of the answer to a refused inbound message (inbound-refusal.ts); the mailer marks it `Auto-Submitted: auto-replied`. */
export const REFUSAL_TEMPLATE = 'inbound_refused';
