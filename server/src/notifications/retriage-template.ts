import { CATALOG, SERVICE_CODES, type ServiceCode } from '@cit/shared';
import type { Lang, TicketFacts } from './templates';

/** A re-triage the requester is told about: the urgency or the service changed (the other fields are internal). */
export interface RetriagedEvent {
  kind: 'retriaged';
  urgency: { from: string | null; to: string | null } | null;
  service: { from: string | null; to: string | null } | null;
  /** The new resolution due instant, when it moved. */
  resolveDue: string | null;
  reason: string | null;
}

const URGENCY: Record<Lang, Record<string, string>> = {
  it: { blocking: 'Bloccante', high: 'Alta', medium: 'Media', low: 'Bassa', very_low: 'Molto bassa' },
  en: { blocking: 'Blocking', high: 'High', medium: 'Medium', low: 'Low', very_low: 'Very low' },
};

const service = (code: string | null, lang: Lang) =>
  code === null ? (lang === 'it' ? 'nessuno' : 'none') : (SERVICE_CODES as readonly string[]).includes(code) ? CATALOG[code as ServiceCode].name : code;

const when = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));

/** Subject and body block of the re-triage mail, in the recipient's language. */
export function describeRetriage(e: RetriagedEvent, _t: TicketFacts, lang: Lang): { subject: string; block: { line: string; quote?: string | null } } {
  const it = lang === 'it';
  const parts: string[] = [];
  if (e.urgency) {
    const [from, to] = [URGENCY[lang][e.urgency.from ?? ''] ?? e.urgency.from, URGENCY[lang][e.urgency.to ?? ''] ?? e.urgency.to];
    parts.push(it ? `l’urgenza è passata da «${from}» a «${to}»` : `the urgency changed from “${from}” to “${to}”`);
  }
  if (e.service) {
    const [from, to] = [service(e.service.from, lang), service(e.service.to, lang)];
    parts.push(it ? `il servizio è passato da «${from}» a «${to}»` : `the service changed from “${from}” to “${to}”`);
  }
  const due = e.resolveDue ? (it ? ` La nuova scadenza per la risoluzione è ${when(e.resolveDue, lang)}.` : ` The new resolution due time is ${when(e.resolveDue, lang)}.`) : '';
  const line = it
    ? `Il CIT ha riclassificato la richiesta: ${parts.join('; ')}.${due}${e.reason ? ' Motivo:' : ''}`
    : `The CIT has re-classified the request: ${parts.join('; ')}.${due}${e.reason ? ' Reason:' : ''}`;
  return { subject: it ? 'Richiesta riclassificata' : 'Request re-classified', block: { line, quote: e.reason } };
}
