import { mailLabel, mailText, type Lang } from './mail-texts';
import { greeting, renderLayout, type Block, type RenderedMail } from './mail-layout';
import { describeRetriage, type RetriagedEvent } from './retriage-template';

export type { Lang } from './mail-texts';
export type { RenderedMail } from './mail-layout';
export { renderAccountMail, type AccountMailKind, type AccountMailFacts } from './account-mail-template';

/** What every mail about a ticket shows: who we are, which ticket, where to open it. */
export interface TicketFacts {
  protocol: string;
  title: string;
  enteName: string;
  serviceName: string | null;
  link: string;
}

/** A new ticket as the operators triage it: who, what, how urgent, the start of the description, the files. */
export interface TriageFacts {
  requester: string;
  type: string;
  category: string;
  urgency: string;
  description: string;
  attachments: string[];
}

/** The description shown in the mail: the first 1,000 characters, then an ellipsis. */
export const TRIAGE_DESCRIPTION_CHARS = 1000;

/** One thing that happened, as the recipient should read it. Each kind's texts are in mail-texts/<lang>/<kind>.json. */
export type MailEvent =
  | { kind: 'received' }
  /** To the operators: what they need to triage without opening the app. */
  | { kind: 'new_ticket'; triage: TriageFacts }
  | { kind: 'taken' }
  | { kind: 'planned'; at: string | null }
  | { kind: 'pending'; reason: string | null }
  | { kind: 'solved'; solution: string | null }
  /** «Da testare»; `link` (the requester's signed confirm/reopen page) only in the requester's mail. */
  | { kind: 'to_test'; solution: string | null; link: string | null }
  | { kind: 'closed' }
  | { kind: 'reopened' }
  | { kind: 'deleted' }
  | { kind: 'status'; status: string }
  | { kind: 'followup'; author: string; body: string }
  /** To the CIT: the Ente answered by e-mail a closed ticket; the reply is on the ticket, which stays closed. */
  | { kind: 'closed_reply'; author: string; body: string }
  | { kind: 'approval_requested' }
  | { kind: 'approved' }
  | { kind: 'rejected'; reason: string | null }
  | { kind: 'applied'; cancellation: boolean; summary: string | null }
  | { kind: 'not_applied'; reason: string | null }
  | { kind: 'sla'; state: 'at_risk' | 'breached' }
  | { kind: 'assigned_to_you' }
  | { kind: 'supplier_assigned' }
  | { kind: 'survey'; links: string[]; expires: Date }
  | RetriagedEvent;

export type MailKind = MailEvent['kind'];

/**
 * What the small print says about replying, which follows from the Reply-To the mail carries: `open` (a reply is
 * added to the ticket), `closed` (added, the ticket stays closed and the CIT is told), `deleted` (no reply address:
 * how to reach the CIT instead), `none` (no reply address and nothing to say: surveys, alarms, no inbound listener).
 */
export type ReplyFooter = { mode: 'open' | 'closed' | 'none' } | { mode: 'deleted'; portal: string; helpdeskAddress: string | null };

function when(iso: string | null, lang: Lang): string {
  if (!iso) return mailText(lang, 'layout', 'dateToBeDefined');
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));
}

const day = (d: Date, lang: Lang) => new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(d);

function triageBlock(f: TriageFacts, t: TicketFacts, lang: Lang): Block {
  const text = (key: 'intro' | 'requester' | 'type' | 'typeWithService' | 'urgency' | 'attachments' | 'description', vars = {}) =>
    mailText(lang, 'new-ticket', key, { ente: t.enteName, title: t.title, ...vars });
  const kind = { type: mailLabel(lang, 'type', f.type), category: mailLabel(lang, 'category', f.category) };
  const facts = [
    text('requester', { name: f.requester }),
    t.serviceName ? text('typeWithService', { ...kind, service: t.serviceName }) : text('type', kind),
    text('urgency', { urgency: mailLabel(lang, 'urgency', f.urgency) }),
    ...(f.attachments.length > 0 ? [text('attachments', { names: f.attachments.join(', ') })] : []),
  ];
  const quote =
    f.description.length <= TRIAGE_DESCRIPTION_CHARS
      ? f.description
      : `${f.description.slice(0, TRIAGE_DESCRIPTION_CHARS)}… ${mailText(lang, 'new-ticket', 'continues')}`;
  return { line: `${text('intro')}\n${facts.join('\n')}\n${text('description')}`, quote };
}

/** Subject phrase and body block of one event, in the recipient's language. */
function describe(e: MailEvent, t: TicketFacts, lang: Lang): { subject: string; block: Block } {
  const simple = (ns: 'received' | 'taken' | 'closed' | 'reopened' | 'deleted' | 'approved' | 'assigned-to-you' | 'supplier-assigned', vars = {}) => ({
    subject: mailText(lang, ns, 'subject'),
    block: { line: mailText(lang, ns, 'body', vars) },
  });
  const quoted = (ns: 'pending' | 'solved' | 'rejected', quote: string | null) => ({ subject: mailText(lang, ns, 'subject'), block: { line: mailText(lang, ns, 'body'), quote } });
  switch (e.kind) {
    case 'received':
      return simple('received', { title: t.title });
    case 'new_ticket':
      return { subject: mailText(lang, 'new-ticket', 'subject', { ente: t.enteName }), block: triageBlock(e.triage, t, lang) };
    case 'taken':
    case 'closed':
    case 'reopened':
    case 'deleted':
    case 'approved':
      return simple(e.kind);
    case 'assigned_to_you':
      return simple('assigned-to-you');
    case 'supplier_assigned':
      return simple('supplier-assigned');
    case 'planned':
      return { subject: mailText(lang, 'planned', 'subject'), block: { line: mailText(lang, 'planned', 'body', { when: when(e.at, lang) }) } };
    case 'pending':
      return quoted('pending', e.reason);
    case 'solved':
      return quoted('solved', e.solution);
    case 'rejected':
      return quoted('rejected', e.reason);
    case 'to_test':
      return {
        subject: mailText(lang, 'to-test', 'subject'),
        block: {
          line: mailText(lang, 'to-test', e.link ? 'bodyWithLink' : 'body'),
          quote: e.solution,
          ...(e.link ? { links: [{ label: mailText(lang, 'to-test', 'link'), href: e.link }] } : {}),
        },
      };
    case 'status': {
      const status = mailLabel(lang, 'status', e.status);
      return { subject: mailText(lang, 'status', 'subject', { status }), block: { line: mailText(lang, 'status', 'body', { status }) } };
    }
    case 'followup':
      return { subject: mailText(lang, 'followup', 'subject'), block: { line: mailText(lang, 'followup', 'body', { author: e.author }), quote: e.body } };
    case 'closed_reply':
      return { subject: mailText(lang, 'closed-reply', 'subject'), block: { line: mailText(lang, 'closed-reply', 'body', { author: e.author }), quote: e.body } };
    case 'approval_requested':
      return {
        subject: mailText(lang, 'approval-requested', 'subject'),
        block: { line: mailText(lang, 'approval-requested', t.serviceName ? 'body' : 'bodyNoService', { ente: t.enteName, service: t.serviceName ?? '' }) },
      };
    case 'applied': {
      const key = `${e.cancellation ? 'cancelled' : 'activated'}${t.serviceName ? '' : 'NoService'}` as const;
      return {
        subject: mailText(lang, 'applied', e.cancellation ? 'subjectCancelled' : 'subjectActivated'),
        block: { line: mailText(lang, 'applied', key, { service: t.serviceName ?? '' }), quote: e.summary },
      };
    }
    case 'not_applied':
      return {
        subject: mailText(lang, 'not-applied', 'subject'),
        block: { line: mailText(lang, 'not-applied', t.serviceName ? 'body' : 'bodyNoService', { service: t.serviceName ?? '' }), quote: e.reason },
      };
    case 'sla':
      return {
        subject: mailText(lang, 'sla', e.state === 'breached' ? 'subjectBreached' : 'subjectAtRisk'),
        block: { line: mailText(lang, 'sla', e.state === 'breached' ? 'breached' : 'atRisk') },
      };
    case 'retriaged':
      return describeRetriage(e, lang);
    case 'survey':
      return {
        subject: mailText(lang, 'survey', 'subject'),
        block: { line: mailText(lang, 'survey', 'body', { until: day(e.expires, lang) }), links: e.links.map((href, i) => ({ label: String(i + 1), href })) },
      };
  }
}

function footer(f: ReplyFooter, lang: Lang): string[] {
  switch (f.mode) {
    case 'open':
      return [mailText(lang, 'layout', 'replyFooter')];
    case 'closed':
      return [mailText(lang, 'layout', 'replyFooterClosed')];
    case 'deleted': {
      const byMail = f.helpdeskAddress ? mailText(lang, 'layout', 'deletedFooterByMail', { address: f.helpdeskAddress }) : '';
      return [mailText(lang, 'layout', 'deletedFooter', { portal: f.portal, byMail })];
    }
    case 'none':
      return [];
  }
}

/** A mail about one ticket: the first event gives the subject, every event adds its block to the body. */
export function renderMail(events: readonly MailEvent[], t: TicketFacts, recipientName: string, lang: Lang, reply: ReplyFooter = { mode: 'open' }): RenderedMail {
  if (events.length === 0) throw new Error('a mail needs at least one event');
  const parts = events.map((e) => describe(e, t, lang));
  return renderLayout({
    lang,
    subject: `[CIT ${t.protocol}] ${parts[0]?.subject ?? ''} – ${t.title}`,
    sections: [
      {
        lang,
        blocks: [greeting(lang, recipientName), { line: mailText(lang, 'layout', 'ticketRef', { protocol: t.protocol, title: t.title, ente: t.enteName }), muted: true }, ...parts.map((p) => p.block)],
      },
    ],
    action: { label: mailText(lang, 'layout', 'openTicket'), href: t.link },
    notes: footer(reply, lang),
  });
}

/** Whether a reply to it makes sense at all: surveys have their own page, alarms and new-ticket notices go to staff who work in the app. */
export function invitesReply(kind: MailKind): boolean {
  return kind !== 'survey' && kind !== 'new_ticket' && kind !== 'sla';
}

/** Whether an opted-out user still gets it: everything but other people's replies, SLA alarms and surveys. */
export function isEssential(kind: MailKind): boolean {
  return kind !== 'followup' && kind !== 'sla' && kind !== 'survey';
}
