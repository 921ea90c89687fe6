import { formatEuro } from '@cit/shared';
import { mailText, type Lang } from '../notifications/mail-texts';
import { greeting, renderLayout, type Block, type RenderedMail, type Section } from '../notifications/mail-layout';
import { serviceName } from '../notifications/notifier';
import { formatProtocol } from '../tickets/tickets.service';
import type { StatementFacts, TicketActFacts } from './official-notices.repository';

const LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };

/** "€ 1.234,56" as the CIT's documents (and the statement itself) write it; "€1,234.56" in English. */
export const euros = (cents: number, lang: Lang) =>
  lang === 'it' ? formatEuro(cents) : new Intl.NumberFormat(LOCALES.en, { style: 'currency', currency: 'EUR' }).format(cents / 100);
/** A calendar date (YYYY-MM-DD) as people write it: "31/07/2026" / "31 July 2026". */
const calendarDate = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALES[lang], { day: '2-digit', month: lang === 'it' ? '2-digit' : 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
/** The day of an act, in Italy's time. */
const actDate = (at: Date, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALES[lang], { day: '2-digit', month: lang === 'it' ? '2-digit' : 'long', year: 'numeric', timeZone: 'Europe/Rome' }).format(at);

/**
 * The official notice of an approval or a rejection. It goes to the Ente's PEC box, read by the protocol office, so
 * it carries both languages (Italian first) like every mail to an institutional address.
 */
export function renderTicketActNotice(act: 'approval' | 'rejection', t: TicketActFacts, at: Date, link: string): RenderedMail {
  const protocol = formatProtocol(t.protocolYear, t.protocolNumber);
  const section = (lang: Lang): Section => {
    const vars = { ente: t.enteName, protocol, title: t.title, service: serviceName(t.serviceCode) ?? mailText(lang, 'official-notice', 'noService'), date: actDate(at, lang) };
    const body: Block = act === 'approval' ? { line: mailText(lang, 'official-notice', 'approval', vars) } : { line: mailText(lang, 'official-notice', 'rejection', vars), quote: t.approvalReason ?? '—' };
    return { lang, blocks: [{ line: mailText(lang, 'official-notice', 'greeting', vars) }, body, { line: mailText(lang, 'official-notice', 'portal', { link }) }] };
  };
  const key = act === 'approval' ? 'subjectApproval' : 'subjectRejection';
  return renderLayout({
    lang: 'it',
    subject: `[CIT ${protocol}] ${mailText('it', 'official-notice', key, { protocol })}`,
    sections: [section('it'), section('en')],
    notes: [mailText('it', 'official-notice', 'noReply'), mailText('en', 'official-notice', 'noReply')],
  });
}

const statementVars = (s: StatementFacts, lang: Lang) => ({
  ente: s.enteName,
  number: s.number,
  year: s.year,
  half: s.half,
  version: s.version,
  amount: euros(s.outstandingCents, lang),
  dueOn: calendarDate(s.dueOn, lang),
});

/** The official notice that a half-year statement is available, to the payer's PEC box (both languages). */
export function renderStatementNotice(s: StatementFacts, link: string): RenderedMail {
  const section = (lang: Lang): Section => ({
    lang,
    blocks: [
      { line: mailText(lang, 'official-notice', 'greeting', statementVars(s, lang)) },
      { line: mailText(lang, 'official-notice', 'statement', statementVars(s, lang)) },
      { line: mailText(lang, 'official-notice', 'attached') },
      { line: mailText(lang, 'official-notice', 'portal', { link }) },
    ],
  });
  return renderLayout({
    lang: 'it',
    subject: mailText('it', 'official-notice', 'subjectStatement', statementVars(s, 'it')),
    sections: [section('it'), section('en')],
    notes: [mailText('it', 'official-notice', 'noReply'), mailText('en', 'official-notice', 'noReply')],
  });
}

/** The ordinary "statement available" e-mail to one referent of the payer, in their language. */
export function renderStatementAvailable(s: StatementFacts, name: string, lang: Lang, link: string, byPec: boolean): RenderedMail {
  const vars = statementVars(s, lang);
  return renderLayout({
    lang,
    subject: mailText(lang, 'statement-available', 'subject', vars),
    sections: [{ lang, blocks: [greeting(lang, name), { line: mailText(lang, 'statement-available', 'body', vars) }, ...(byPec ? [{ line: mailText(lang, 'statement-available', 'pec') }] : [])] }],
    action: { label: mailText(lang, 'statement-available', 'action'), href: link },
    notes: [mailText(lang, 'layout', 'noReply')],
  });
}

/** To the CIT staff: the payers of a run whose statement notice could not be sent, having no PEC address. */
export function renderUnsendable(items: ReadonlyArray<{ enteName: string; number: number; year: number }>, name: string, lang: Lang): RenderedMail {
  const lines = items.map((i) =>
    mailText(lang, 'official-notice-unsendable', 'noPec', {
      ente: i.enteName,
      what: mailText(lang, 'official-notice-unsendable', 'statement', { number: i.number, year: i.year }),
    }),
  );
  return renderLayout({
    lang,
    subject: mailText(lang, 'official-notice-unsendable', 'subject'),
    sections: [{ lang, blocks: [greeting(lang, name), { line: mailText(lang, 'official-notice-unsendable', 'body'), items: lines }, { line: mailText(lang, 'official-notice-unsendable', 'hint') }] }],
    notes: [mailText(lang, 'layout', 'noReply')],
  });
}
