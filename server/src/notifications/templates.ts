import escapeHtml from 'escape-html';
import { describeRetriage, type RetriagedEvent } from './retriage-template';

export type Lang = 'it' | 'en';

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

const TRIAGE_LABELS: Record<Lang, Record<string, string>> = {
  it: {
    incident: 'Guasto/malfunzionamento',
    request: 'Richiesta',
    assistance: 'Assistenza',
    activation: 'Attivazione servizio',
    cancellation: 'Cessazione servizio',
    blocking: 'Bloccante',
    high: 'Alta',
    medium: 'Media',
    low: 'Bassa',
    very_low: 'Molto bassa',
  },
  en: {
    incident: 'Fault',
    request: 'Request',
    assistance: 'Assistance',
    activation: 'Service activation',
    cancellation: 'Service cancellation',
    blocking: 'Blocking',
    high: 'High',
    medium: 'Medium',
    low: 'Low',
    very_low: 'Very low',
  },
};
/** The description shown in the mail: the first 1,000 characters, then an ellipsis. */
export const TRIAGE_DESCRIPTION_CHARS = 1000;

/** One thing that happened, as the recipient should read it. */
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
  | { kind: 'status'; status: string }
  | { kind: 'followup'; author: string; body: string }
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

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A block of the body: a sentence, optionally followed by text quoted from the ticket (reason, solution, reply). */
interface Block {
  line: string;
  quote?: string | null;
  /** Survey: the 1–5 links. */
  links?: Array<{ label: string; href: string }>;
}

const STATUS: Record<Lang, Record<string, string>> = {
  it: {
    new: 'Nuovo',
    assigned: 'In lavorazione – assegnato',
    planned: 'In lavorazione – pianificato',
    pending: 'In sospeso',
    to_test: 'Da testare',
    solved: 'Risolto',
    closed: 'Chiuso',
    deleted: 'Eliminato',
  },
  en: { new: 'New', assigned: 'In progress – assigned', planned: 'In progress – planned', pending: 'Pending', to_test: 'To test', solved: 'Solved', closed: 'Closed', deleted: 'Deleted' },
};

function when(iso: string | null, lang: Lang): string {
  if (!iso) return lang === 'it' ? 'data da definire' : 'date to be defined';
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));
}

const day = (d: Date, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(d);

function triageLine(f: TriageFacts, t: TicketFacts, lang: Lang): string {
  const label = (v: string) => TRIAGE_LABELS[lang][v] ?? v;
  const it = lang === 'it';
  const facts = [
    `${it ? 'Richiedente' : 'Requester'}: ${f.requester} (${t.enteName})`,
    `${it ? 'Tipo' : 'Type'}: ${label(f.type)} – ${label(f.category)}${t.serviceName ? ` – ${t.serviceName}` : ''}`,
    `${it ? 'Urgenza' : 'Urgency'}: ${label(f.urgency)}`,
    ...(f.attachments.length > 0 ? [`${it ? 'Allegati' : 'Attachments'}: ${f.attachments.join(', ')}`] : []),
  ];
  return `${it ? `${t.enteName} ha aperto il ticket «${t.title}».` : `${t.enteName} opened the ticket “${t.title}”.`}\n${facts.join('\n')}\n${it ? 'Descrizione:' : 'Description:'}`;
}

function triageQuote(f: TriageFacts, lang: Lang): string {
  if (f.description.length <= TRIAGE_DESCRIPTION_CHARS) return f.description;
  return `${f.description.slice(0, TRIAGE_DESCRIPTION_CHARS)}… ${lang === 'it' ? '(continua nel ticket)' : '(continues in the ticket)'}`;
}

/** Subject phrase and body block of one event, in the recipient's language. */
function describe(e: MailEvent, t: TicketFacts, lang: Lang): { subject: string; block: Block } {
  const it = lang === 'it';
  switch (e.kind) {
    case 'received':
      return {
        subject: it ? 'Richiesta ricevuta' : 'Request received',
        block: { line: it ? `Abbiamo ricevuto la tua richiesta «${t.title}». Ti scriveremo a ogni novità.` : `We have received your request “${t.title}”. We will write to you whenever it moves on.` },
      };
    case 'new_ticket':
      return {
        subject: it ? `Nuovo ticket da ${t.enteName}` : `New ticket from ${t.enteName}`,
        block: { line: triageLine(e.triage, t, lang), quote: triageQuote(e.triage, lang) },
      };
    case 'taken':
      return {
        subject: it ? 'Presa in carico' : 'Taken in charge',
        block: { line: it ? 'Un operatore del CIT ha preso in carico la richiesta.' : 'A CIT operator has taken your request in charge.' },
      };
    case 'planned':
      return {
        subject: it ? 'Intervento pianificato' : 'Work planned',
        block: { line: it ? `L'intervento è pianificato per ${when(e.at, lang)}.` : `The work is planned for ${when(e.at, lang)}.` },
      };
    case 'pending':
      return {
        subject: it ? 'Richiesta in sospeso' : 'Request pending',
        block: { line: it ? 'La richiesta è in sospeso. Motivo:' : 'The request is pending. Reason:', quote: e.reason },
      };
    case 'solved':
      return {
        subject: it ? 'Richiesta risolta' : 'Request solved',
        block: {
          line: it
            ? 'La richiesta è stata risolta. Se il problema persiste, rispondi a questa e-mail: il ticket verrà riaperto. Soluzione:'
            : 'The request has been solved. If the problem persists, reply to this e-mail and the ticket will be reopened. Solution:',
          quote: e.solution,
        },
      };
    case 'to_test':
      return {
        subject: it ? 'Correzione da testare' : 'Fix to test',
        block: {
          line: it
            ? `Il CIT ha consegnato una correzione: prova e conferma che funziona, oppure riapri la richiesta${e.link ? ' (dal ticket o dal collegamento qui sotto, senza accedere)' : ''}. Correzione:`
            : `The CIT has delivered a fix: try it and confirm that it works, or reopen the request${e.link ? ' (from the ticket or from the link below, without signing in)' : ''}. Fix:`,
          quote: e.solution,
          ...(e.link ? { links: [{ label: it ? 'Conferma o riapri' : 'Confirm or reopen', href: e.link }] } : {}),
        },
      };
    case 'closed':
      return { subject: it ? 'Richiesta chiusa' : 'Request closed', block: { line: it ? 'La richiesta è chiusa.' : 'The request is closed.' } };
    case 'reopened':
      return {
        subject: it ? 'Richiesta riaperta' : 'Request reopened',
        block: { line: it ? 'La richiesta è stata riaperta e torna all’help-desk.' : 'The request has been reopened and goes back to the help-desk.' },
      };
    case 'status':
      return {
        subject: it ? `Stato: ${STATUS.it[e.status] ?? e.status}` : `Status: ${STATUS.en[e.status] ?? e.status}`,
        block: { line: it ? `Nuovo stato della richiesta: ${STATUS.it[e.status] ?? e.status}.` : `New status of the request: ${STATUS.en[e.status] ?? e.status}.` },
      };
    case 'followup':
      return {
        subject: it ? 'Nuova risposta' : 'New reply',
        block: { line: it ? `${e.author} ha scritto:` : `${e.author} wrote:`, quote: e.body },
      };
    case 'approval_requested':
      return {
        subject: it ? 'Approvazione richiesta' : 'Approval requested',
        block: {
          line: it
            ? `${t.enteName} chiede ${t.serviceName ? `«${t.serviceName}»` : 'un servizio'}: la richiesta attende la tua approvazione.`
            : `${t.enteName} asks for ${t.serviceName ? `“${t.serviceName}”` : 'a service'}: the request awaits your approval.`,
        },
      };
    case 'approved':
      return {
        subject: it ? 'Richiesta approvata' : 'Request approved',
        block: { line: it ? 'La richiesta è stata approvata; il servizio verrà registrato a breve.' : 'The request has been approved; the service will be recorded shortly.' },
      };
    case 'rejected':
      return {
        subject: it ? 'Richiesta respinta' : 'Request rejected',
        block: { line: it ? 'La richiesta è stata respinta. Motivo:' : 'The request has been rejected. Reason:', quote: e.reason },
      };
    case 'applied':
      return {
        subject: e.cancellation ? (it ? 'Servizio disdetto' : 'Service cancelled') : it ? 'Servizio attivato' : 'Service activated',
        block: {
          line: e.cancellation
            ? it
              ? `La disdetta di ${t.serviceName ?? 'servizio'} è stata registrata.`
              : `The cancellation of ${t.serviceName ?? 'the service'} has been recorded.`
            : it
              ? `${t.serviceName ?? 'Il servizio'} è stato attivato. Dettaglio e costi:`
              : `${t.serviceName ?? 'The service'} has been activated. Details and costs:`,
          quote: e.summary,
        },
      };
    case 'not_applied':
      return {
        subject: it ? 'Richiesta non applicata' : 'Request not applied',
        block: {
          line: it
            ? `La richiesta approvata di ${t.serviceName ? `«${t.serviceName}»` : 'servizio'} non è stata applicata: nessun servizio né addebito è stato registrato. Il CIT ne correggerà la causa e la riapplicherà. Motivo:`
            : `The approved request for ${t.serviceName ? `“${t.serviceName}”` : 'a service'} could not be applied: no service and no charge were recorded. The CIT will correct the cause and apply it again. Reason:`,
          quote: e.reason,
        },
      };
    case 'sla':
      return {
        subject: e.state === 'breached' ? (it ? 'SLA superato' : 'SLA breached') : it ? 'SLA a rischio' : 'SLA at risk',
        block: {
          line:
            e.state === 'breached'
              ? it
                ? 'Il tempo previsto dallo SLA per questo ticket è scaduto.'
                : 'The SLA time for this ticket has run out.'
              : it
                ? "Il ticket ha usato oltre l'80% del tempo previsto dallo SLA."
                : 'The ticket has used more than 80% of its SLA time.',
        },
      };
    case 'assigned_to_you':
      return {
        subject: it ? 'Ticket assegnato a te' : 'Ticket assigned to you',
        block: { line: it ? 'Il ticket è stato assegnato a te.' : 'The ticket has been assigned to you.' },
      };
    case 'supplier_assigned':
      return {
        subject: it ? 'Ticket assegnato al vostro servizio' : 'Ticket assigned to your team',
        block: { line: it ? 'Il CIT ha assegnato questo ticket al vostro servizio di competenza.' : 'The CIT has assigned this ticket to your team.' },
      };
    case 'retriaged':
      return describeRetriage(e, t, lang);
    case 'survey':
      return {
        subject: it ? 'Come è andata?' : 'How did we do?',
        block: {
          line: it
            ? `La richiesta è chiusa. Quanto sei soddisfatto del servizio? Un clic sul voto (1 = per niente, 5 = molto); il link vale fino al ${day(e.expires, lang)}.`
            : `The request is closed. How satisfied are you with the service? One click on a score (1 = not at all, 5 = very); the link is valid until ${day(e.expires, lang)}.`,
          links: e.links.map((href, i) => ({ label: String(i + 1), href })),
        },
      };
  }
}

/** A mail about one ticket: the first event gives the subject, every event adds its block to the body. */
export function renderMail(events: readonly MailEvent[], t: TicketFacts, recipientName: string, lang: Lang): RenderedMail {
  const first = events[0];
  if (!first) throw new Error('a mail needs at least one event');
  const parts = events.map((e) => describe(e, t, lang));
  const it = lang === 'it';
  const cit = 'CIT – Centro Innovazione e Tecnologie, Provincia di Brescia';
  const subject = `[CIT ${t.protocol}] ${parts[0]?.subject ?? ''} – ${t.title}`.replace(/[\r\n]+/g, ' ');
  const greeting = it ? `Gentile ${recipientName},` : `Dear ${recipientName},`;
  const ref = it ? `Ticket ${t.protocol} – ${t.title} (${t.enteName})` : `Ticket ${t.protocol} – ${t.title} (${t.enteName})`;
  const open = it ? 'Apri il ticket' : 'Open the ticket';
  const footer = it
    ? 'Puoi rispondere a questa e-mail: la risposta viene aggiunta al ticket.'
    : 'You can reply to this e-mail: your answer is added to the ticket.';
  const noReply = first.kind === 'survey' || first.kind === 'new_ticket' || first.kind === 'sla';

  const text = [
    greeting,
    '',
    ref,
    '',
    ...parts.flatMap(({ block }) => [
      block.line,
      ...(block.quote ? ['', ...block.quote.split(/\r?\n/).map((l) => `  ${l}`)] : []),
      ...(block.links ? ['', ...block.links.map((l) => `  ${l.label}: ${l.href}`)] : []),
      '',
    ]),
    `${open}: ${t.link}`,
    '',
    ...(noReply ? [] : [footer, '']),
    '-- ',
    cit,
  ].join('\n');

  const esc = (s: string) => escapeHtml(s);
  const blockHtml = ({ block }: { block: Block }) =>
    `<p style="margin:0 0 12px;white-space:pre-line">${esc(block.line)}</p>` +
    (block.quote
      ? `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #0b5394;background:#f3f6fa;white-space:pre-wrap">${esc(block.quote)}</blockquote>`
      : '') +
    (block.links
      ? `<p style="margin:0 0 12px">${block.links
          .map((l) => `<a href="${esc(l.href)}" style="display:inline-block;margin-right:8px;padding:8px 14px;border:1px solid #0b5394;border-radius:4px;color:#0b5394;text-decoration:none;font-weight:bold">${esc(l.label)}</a>`)
          .join('')}</p>`
      : '');
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1a1a1a;line-height:1.45">
<div style="max-width:640px;margin:0 auto">
<div style="background:#0b5394;color:#fff;padding:12px 16px;font-weight:bold">${esc(cit)}</div>
<div style="padding:16px">
<p style="margin:0 0 12px">${esc(greeting)}</p>
<p style="margin:0 0 16px;color:#555"><strong>${esc(`Ticket ${t.protocol}`)}</strong> – ${esc(t.title)} (${esc(t.enteName)})</p>
${parts.map(blockHtml).join('\n')}
<p style="margin:16px 0"><a href="${esc(t.link)}" style="background:#0b5394;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${esc(open)}</a></p>
${noReply ? '' : `<p style="margin:0;color:#555;font-size:13px">${esc(footer)}</p>`}
</div></div></body></html>`;
  return { subject, text, html };
}

/** Whether an opted-out user still gets it: everything but other people's replies, SLA alarms and surveys. */
export function isEssential(kind: MailKind): boolean {
  return kind !== 'followup' && kind !== 'sla' && kind !== 'survey';
}

/** Mails about the account itself, not about a ticket: they carry a one-time link and nothing to reply to. */
export type AccountMailKind = 'account_invite' | 'password_reset';

export interface AccountMailFacts {
  link: string;
  expiresAt: Date;
}

export function renderAccountMail(kind: AccountMailKind, facts: AccountMailFacts, recipientName: string, lang: Lang): RenderedMail {
  const it = lang === 'it';
  const cit = 'CIT – Centro Innovazione e Tecnologie, Provincia di Brescia';
  const until = new Intl.DateTimeFormat(it ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(facts.expiresAt);
  const invite = kind === 'account_invite';
  const subject = invite
    ? it
      ? 'Il tuo accesso all’help-desk del CIT'
      : 'Your access to the CIT help-desk'
    : it
      ? 'Reimposta la password dell’help-desk del CIT'
      : 'Reset your CIT help-desk password';
  const greeting = it ? `Gentile ${recipientName},` : `Dear ${recipientName},`;
  const lines = invite
    ? it
      ? ['il CIT ha creato il tuo account per l’help-desk e le richieste di servizio.', 'Per iniziare, scegli la tua password dal collegamento qui sotto.']
      : ['the CIT has created your account for the help-desk and service requests.', 'To get started, choose your password with the link below.']
    : it
      ? ['abbiamo ricevuto una richiesta di reimpostare la password del tuo account.', 'Se non l’hai chiesta tu, ignora questa e-mail: la password attuale resta valida.']
      : ['we have received a request to reset the password of your account.', 'If you did not ask for it, ignore this e-mail: your current password stays valid.'];
  const action = invite ? (it ? 'Imposta la password' : 'Set your password') : it ? 'Reimposta la password' : 'Reset your password';
  const validity = it
    ? `Il collegamento funziona una sola volta ed è valido fino al ${until}. Se è scaduto, chiedine uno nuovo dalla pagina di accesso («Password dimenticata?»).`
    : `The link works once and is valid until ${until}. If it has expired, ask for a new one on the sign-in page (“Forgot your password?”).`;
  const noReply = it ? 'Questa e-mail è inviata automaticamente: non rispondere.' : 'This e-mail is sent automatically: please do not reply.';

  const text = [greeting, '', ...lines, '', `${action}: ${facts.link}`, '', validity, '', noReply, '', '-- ', cit].join('\n');
  const esc = (s: string) => escapeHtml(s);
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1a1a1a;line-height:1.45">
<div style="max-width:640px;margin:0 auto">
<div style="background:#0b5394;color:#fff;padding:12px 16px;font-weight:bold">${esc(cit)}</div>
<div style="padding:16px">
<p style="margin:0 0 12px">${esc(greeting)}</p>
${lines.map((l) => `<p style="margin:0 0 12px">${esc(l)}</p>`).join('\n')}
<p style="margin:16px 0"><a href="${esc(facts.link)}" style="background:#0b5394;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${esc(action)}</a></p>
<p style="margin:0 0 12px;color:#555;font-size:13px">${esc(validity)}</p>
<p style="margin:0;color:#555;font-size:13px">${esc(noReply)}</p>
</div></div></body></html>`;
  return { subject, text, html };
}
