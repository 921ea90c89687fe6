import { z } from 'zod';
import { SupportGroupSchema, TicketTypeSchema } from './tickets/lifecycle';

/** Mailboxes over IMAP (issue 21): ordinary e-mail or PEC (certified e-mail, whose messages come in envelopes). */
export const MAILBOX_KINDS = ['ordinary', 'pec'] as const;
export const MailboxKindSchema = z.enum(MAILBOX_KINDS, 'Tipo di casella non valido.');
export type MailboxKind = z.infer<typeof MailboxKindSchema>;

const text = (label: string, max: number) =>
  z.string(`${label}: campo obbligatorio.`).trim().min(1, `${label}: campo obbligatorio.`).max(max, `${label}: al massimo ${max} caratteri.`);

/** What an admin sends to create or change a mailbox; on change an absent secret keeps the stored one. */
export const SaveMailboxSchema = z
  .object({
    name: text('Nome', 80),
    kind: MailboxKindSchema,
    host: text('Server', 253).regex(/^[A-Za-z0-9.-]+$/, 'Server: indicare un nome di host o un indirizzo IP.'),
    port: z.coerce.number('Porta: numero non valido.').int('Porta: numero non valido.').min(1, 'Porta: da 1 a 65535.').max(65535, 'Porta: da 1 a 65535.'),
    tls: z.boolean('TLS: indicare sì o no.'),
    username: text('Utente', 254),
    secret: z.string().min(1, 'Password: campo obbligatorio.').max(500, 'Password: al massimo 500 caratteri.').optional(),
    folder: text('Cartella', 200).default('INBOX'),
    /** Where handled messages are moved; without it they stay in the folder, marked as read and processed. */
    doneFolder: text('Cartella dei messaggi elaborati', 200).nullish(),
    defaultGroup: SupportGroupSchema.nullish(),
    defaultType: TicketTypeSchema.default('request'),
    active: z.boolean().default(true),
    /** Optimistic lock on change (the version read). */
    version: z.number().int().min(0).optional(),
  })
  .meta({ id: 'SaveMailbox' });
export type SaveMailbox = z.infer<typeof SaveMailboxSchema>;

/** A mailbox as the API shows it: the secret never leaves the server, only whether one is stored. */
export const MailboxSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: MailboxKindSchema,
    host: z.string(),
    port: z.number().int(),
    tls: z.boolean(),
    username: z.string(),
    hasSecret: z.boolean(),
    folder: z.string(),
    doneFolder: z.string().nullable(),
    defaultGroup: z.string().nullable(),
    defaultType: TicketTypeSchema,
    active: z.boolean(),
    lastError: z.string().nullable(),
    lastSyncAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Mailbox' });
export type Mailbox = z.infer<typeof MailboxSchema>;
export const MailboxListSchema = z.array(MailboxSchema);

export const UNASSIGNED_STATUSES = ['open', 'ticket', 'discarded'] as const;
export const UnassignedStatusSchema = z.enum(UNASSIGNED_STATUSES, 'Stato non valido.');

export const UnassignedMailSchema = z
  .object({
    id: z.uuid(),
    mailboxName: z.string().nullable(),
    fromAddress: z.string().nullable(),
    fromName: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    reason: z.string(),
    receivedAt: z.string(),
    status: UnassignedStatusSchema,
    ticketId: z.uuid().nullable(),
  })
  .meta({ id: 'UnassignedMail' });
export type UnassignedMail = z.infer<typeof UnassignedMailSchema>;
export const UnassignedMailListSchema = z.array(UnassignedMailSchema);

export const UnassignedQuerySchema = z.object({ status: UnassignedStatusSchema.default('open') });

/** An operator turns an unassigned message into a ticket for a chosen Ente and requester (a referent of it). */
export const UnassignedToTicketSchema = z
  .object({
    enteId: z.uuid('Ente: identificativo non valido.'),
    /** A referent of the Ente; absent: the Ente's first active referent. */
    requesterId: z.uuid('Richiedente: identificativo non valido.').optional(),
    type: TicketTypeSchema.default('request'),
  })
  .meta({ id: 'UnassignedToTicket' });
export type UnassignedToTicket = z.infer<typeof UnassignedToTicketSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Pure rules.

/** Header names lower-cased, values as text (first occurrence), as mail parsers hand them. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * Why a message is machine-generated and must neither open a ticket nor be answered (mail loops), or null for a
 * message a person wrote. RFC 3834 (Auto-Submitted), the older Precedence and X-Autoreply conventions, mailing
 * lists (RFC 2919 List-Id, RFC 2369 List-Unsubscribe), bounces (null return path, DSN/MDN report types, the
 * MAILER-DAEMON sender).
 */
export function automatedMailReason(header: HeaderLookup, contentType: string, sender: string | null): string | null {
  const auto = (header('auto-submitted') ?? 'no').trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return `risposta automatica (Auto-Submitted: ${auto})`;
  const precedence = (header('precedence') ?? '').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `messaggio automatico o di lista (Precedence: ${precedence})`;
  if (header('x-autoreply') || header('x-autorespond') || header('x-auto-response-suppress')?.toLowerCase().includes('all')) return 'risposta automatica';
  if (header('list-id') || header('list-unsubscribe') || header('list-post')) return 'messaggio di una lista di distribuzione';
  const returnPath = header('return-path');
  if (returnPath !== undefined && /^\s*<\s*>\s*$/.test(returnPath)) return 'notifica di mancato recapito (mittente nullo)';
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/report') || type.includes('delivery-status') || type.includes('disposition-notification')) {
    return 'notifica di recapito o di lettura';
  }
  if (sender && /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i.test(sender)) return `mittente automatico (${sender})`;
  return null;
}

/** A protocol number in a subject («Re: [2026/000123] …», «protocollo 2026/123»), or null. */
export function protocolInSubject(subject: string): { year: number; number: number } | null {
  const m = /(?:^|[^\d/])((?:19|20)\d\d)\/(\d{1,6})(?!\d)/.exec(subject);
  if (!m?.[1] || !m[2]) return null;
  return { year: Number(m[1]), number: Number(m[2]) };
}

/** The reply token of a `reply+<token>@domain` address, or null. */
export function replyTokenOf(address: string, domain: string): string | null {
  const m = /^reply\+([0-9a-f]{32})@(.+)$/.exec(address.trim().toLowerCase());
  return m?.[1] && m[2] === domain.toLowerCase() ? m[1] : null;
}

/** The ticket id in one of our thread roots (`<ticket-<uuid>@domain>`), the first found in the references, or null. */
export function ticketIdInReferences(references: readonly string[]): string | null {
  for (const ref of references) {
    const m = /^<?ticket-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@/i.exec(ref.trim());
    if (m?.[1]) return m[1].toLowerCase();
  }
  return null;
}

/**
 * The PEC message types of the technical rules (DM 2 November 2005, `tipo` attribute of daticert.xml): `posta-certificata`
 * carries a message; the others are receipts and notices about one the product sent.
 */
export const PEC_RECEIPT_KINDS = [
  'accettazione',
  'non-accettazione',
  'presa-in-carico',
  'avvenuta-consegna',
  'posta-certificata',
  'errore-consegna',
  'preavviso-errore-consegna',
  'rilevazione-virus',
] as const;
export type PecType = (typeof PEC_RECEIPT_KINDS)[number];

/** Receipts that say a message the product sent did not reach its recipient: staff are alerted. */
export function pecDeliveryFailed(type: PecType): boolean {
  return type === 'non-accettazione' || type === 'errore-consegna' || type === 'preavviso-errore-consegna' || type === 'rilevazione-virus';
}

/** Whether one more message from a sender within the window is over the limit (flooding). */
export function isFlooding(recentFromSender: number, limitPerHour: number): boolean {
  return recentFromSender >= limitPerHour;
}

/**
 * Official notices by PEC (an approval, a rejection, a half-year statement sent to the Ente's PEC address):
 * `queued` until the PEC account took it (`sent`), then as the provider's receipts say; `not_sendable` when it
 * could not leave (no PEC address, no PEC account configured), with the reason.
 */
export const OFFICIAL_NOTICE_STATUSES = ['queued', 'not_sendable', 'sent', 'accepted', 'delivered', 'failed'] as const;
export type OfficialNoticeStatus = (typeof OFFICIAL_NOTICE_STATUSES)[number];
export const OFFICIAL_NOTICE_ACTS = ['approval', 'rejection', 'statement'] as const;
export type OfficialNoticeAct = (typeof OFFICIAL_NOTICE_ACTS)[number];

/** How far a notice got: a late receipt never moves it back (an acceptance that arrives after the delivery). */
const NOTICE_RANK: Record<OfficialNoticeStatus, number> = { not_sendable: 0, queued: 1, sent: 2, accepted: 3, delivered: 4, failed: 5 };

/**
 * The status of a notice after one receipt of the provider, or null when the receipt changes nothing. A failed
 * delivery wins over everything (one recipient per notice: the provider will not deliver it later).
 */
export function noticeStatusAfterReceipt(current: OfficialNoticeStatus, receipt: PecType): OfficialNoticeStatus | null {
  if (current === 'not_sendable') return null;
  const next: OfficialNoticeStatus | null = pecDeliveryFailed(receipt)
    ? 'failed'
    : receipt === 'avvenuta-consegna'
      ? 'delivered'
      : receipt === 'accettazione' || receipt === 'presa-in-carico'
        ? 'accepted'
        : null;
  if (!next || NOTICE_RANK[next] <= NOTICE_RANK[current]) return null;
  return next;
}

export const OfficialNoticeSchema = z
  .object({
    id: z.uuid(),
    act: z.enum(OFFICIAL_NOTICE_ACTS),
    enteId: z.uuid(),
    enteName: z.string(),
    ticketId: z.uuid().nullable(),
    statementId: z.uuid().nullable(),
    toAddress: z.string().nullable(),
    subject: z.string(),
    messageId: z.string(),
    status: z.enum(OFFICIAL_NOTICE_STATUSES),
    reason: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'OfficialNotice' });
export type OfficialNotice = z.infer<typeof OfficialNoticeSchema>;
export const OfficialNoticeListSchema = z
  .object({
    /** Whether the PEC account is configured (PEC_SMTP_URL and PEC_FROM): without it no notice leaves. */
    pecConfigured: z.boolean(),
    notices: z.array(OfficialNoticeSchema),
  })
  .meta({ id: 'OfficialNoticeList' });
export const OfficialNoticesQuerySchema = z.object({
  status: z.enum(OFFICIAL_NOTICE_STATUSES, { error: 'Scelga uno stato valido: queued, not_sendable, sent, accepted, delivered, failed.' }).optional(),
});
