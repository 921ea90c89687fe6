import { mailLines, mailText, type Lang } from './mail-texts';
import { greeting, renderLayout, type RenderedMail } from './mail-layout';

/** Mails about the account itself, not about a ticket: they carry a one-time link and nothing to reply to. */
export type AccountMailKind = 'account_invite' | 'password_reset';

export interface AccountMailFacts {
  link: string;
  expiresAt: Date;
}

export function renderAccountMail(kind: AccountMailKind, facts: AccountMailFacts, recipientName: string, lang: Lang): RenderedMail {
  const ns = kind === 'account_invite' ? 'account-invite' : 'password-reset';
  const until = new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(facts.expiresAt);
  return renderLayout({
    lang,
    subject: mailText(lang, ns, 'subject'),
    sections: [{ lang, blocks: [greeting(lang, recipientName), ...mailLines(lang, ns, 'lines').map((line) => ({ line }))] }],
    action: { label: mailText(lang, ns, 'action'), href: facts.link },
    notes: [mailText(lang, ns, 'validity', { until }), mailText(lang, 'layout', 'noReply')],
  });
}
