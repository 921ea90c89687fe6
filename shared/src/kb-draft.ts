/**
 * A knowledge-base draft made from a ticket (issue 18, point 3): the question and the public answers, without what
 * identifies people. The staff reviews the draft before publishing it, but what leaves the ticket must already be
 * free of the requester's contact data, since a draft may be published with a single click.
 */

export interface KbDraftSource {
  title: string;
  description: string;
  solution: string | null;
  /** The public messages of the ticket, oldest first (internal notes must not be passed). */
  replies: readonly string[];
  /** Names of the people in the ticket (requester, who opened it, authors): written out in a message, they are hidden. */
  names: readonly string[];
}

export interface KbDraft {
  title: string;
  body: string;
}

const TITLE_MAX = 200;
const BODY_MAX = 100_000;

// E-mail and PEC addresses, Italian fiscal codes, phone numbers (7+ digits, spaces, dots, dashes, a leading +), IBANs.
const EMAIL = /[\p{L}0-9._%+-]+@[\p{L}0-9.-]+\.[\p{L}]{2,}/giu;
const FISCAL_CODE = /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi;
const IBAN = /\bIT\d{2}[A-Z]\d{10}[0-9A-Z]{12}\b/gi;
const PHONE = /(?<![\w/])\+?\d[\d .-]{5,}\d(?![\w/])/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with contact data and the given names replaced by neutral placeholders. */
export function withoutPersonalData(text: string, names: readonly string[] = []): string {
  let out = text.replace(EMAIL, '[e-mail]').replace(IBAN, '[IBAN]').replace(FISCAL_CODE, '[codice fiscale]').replace(PHONE, (m) => {
    // Dates and amounts also are digit runs: only a run with 7+ digits is taken for a phone number.
    return m.replace(/\D/g, '').length >= 7 ? '[telefono]' : m;
  });
  // Longest first, so «Maria Rossi» goes before a lone «Maria»; short tokens (initials, «—») are left alone.
  for (const name of [...new Set(names.map((n) => n.trim()))].filter((n) => n.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRegExp(name)}(?![\\p{L}])`, 'giu'), '[nome]');
  }
  return out;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The draft's title and Markdown body: the request, the public answers, the solution. */
export function kbDraftFromTicket(src: KbDraftSource): KbDraft {
  const clean = (s: string) => withoutPersonalData(s.trim(), src.names);
  const title = clean(src.title);
  const sections = [`## Richiesta\n\n${clean(src.description)}`];
  const replies = src.replies.map(clean).filter((r) => r.length > 0);
  if (replies.length) sections.push(`## Risposte\n\n${replies.join('\n\n---\n\n')}`);
  if (src.solution?.trim()) sections.push(`## Soluzione\n\n${clean(src.solution)}`);
  return { title: clip(title.length >= 3 ? title : `Ticket: ${title}`, TITLE_MAX), body: clip(sections.join('\n\n'), BODY_MAX) };
}
