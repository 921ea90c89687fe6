import { CATALOG, SERVICE_CODES, type ServiceCode } from '@cit/shared';
import { mailLabel, mailText, type Lang } from './mail-texts';
import type { Block } from './mail-layout';

/** A re-triage the requester is told about: the urgency or the service changed (the other fields are internal). */
export interface RetriagedEvent {
  kind: 'retriaged';
  urgency: { from: string | null; to: string | null } | null;
  service: { from: string | null; to: string | null } | null;
  /** The new resolution due instant, when it moved. */
  resolveDue: string | null;
  reason: string | null;
}

const service = (code: string | null, lang: Lang) =>
  code === null ? mailText(lang, 'retriaged', 'noService') : (SERVICE_CODES as readonly string[]).includes(code) ? CATALOG[code as ServiceCode].name : code;

const when = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));

/** Subject and body block of the re-triage mail (texts in mail-texts/<lang>/retriaged.json). */
export function describeRetriage(e: RetriagedEvent, lang: Lang): { subject: string; block: Block } {
  const parts: string[] = [];
  if (e.urgency) {
    const label = (v: string | null) => (v === null ? '' : mailLabel(lang, 'urgency', v));
    parts.push(mailText(lang, 'retriaged', 'urgency', { from: label(e.urgency.from), to: label(e.urgency.to) }));
  }
  if (e.service) parts.push(mailText(lang, 'retriaged', 'service', { from: service(e.service.from, lang), to: service(e.service.to, lang) }));
  const line = [
    mailText(lang, 'retriaged', 'body', { changes: parts.join('; ') }),
    ...(e.resolveDue ? [mailText(lang, 'retriaged', 'due', { when: when(e.resolveDue, lang) })] : []),
    ...(e.reason ? [mailText(lang, 'retriaged', 'reason')] : []),
  ].join(' ');
  return { subject: mailText(lang, 'retriaged', 'subject'), block: { line, quote: e.reason } };
}
