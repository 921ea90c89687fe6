import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import type { TicketStatus, TicketType, Urgency } from '@cit/shared';

/**
 * Pure rules that turn MoOne's GLPI rows into this product's values. No I/O: unit-tested in mapping.test.ts.
 */

/** GLPI versions whose schema the reader knows (the columns it reads exist from 9.4 to 10.0). */
export function supportedGlpiVersion(version: string): boolean {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return (major === 9 && minor >= 4) || (major === 10 && minor === 0);
}

/**
 * MoOne's customisation "Da testare" (a fix delivered, waiting for the Ente to confirm it) is a seventh status value
 * next to GLPI's six: it becomes the product's own `to_test` state (SLA clocks stopped, not auto-closed; the Ente
 * confirms or reopens it), and the label is kept in moone_tickets.status_label.
 */
export const MOONE_TESTING_STATUS = 7;

export const GLPI_STATUS_LABELS: Readonly<Record<number, string>> = {
  1: 'Nuovo',
  2: 'In lavorazione (assegnato)',
  3: 'In lavorazione (pianificato)',
  4: 'In attesa',
  5: 'Risolto',
  6: 'Chiuso',
  [MOONE_TESTING_STATUS]: 'Da testare',
};

export interface MappedStatus {
  status: TicketStatus;
  /** Where a pending ticket goes back when it resumes. */
  returnStatus: TicketStatus | null;
  pendingReason: string | null;
}

/** GLPI status (and is_deleted) to the product's lifecycle; null for a value MoOne should not have. */
export function mapStatus(glpiStatus: number, isDeleted: boolean): MappedStatus | null {
  const plain = (status: TicketStatus): MappedStatus => ({ status, returnStatus: null, pendingReason: null });
  let mapped: MappedStatus;
  switch (glpiStatus) {
    case 1:
      mapped = plain('new');
      break;
    case 2:
      mapped = plain('assigned');
      break;
    case 3:
      mapped = plain('planned');
      break;
    case 4:
      mapped = { status: 'pending', returnStatus: 'assigned', pendingReason: 'In attesa (MoOne).' };
      break;
    case 5:
      mapped = plain('solved');
      break;
    case 6:
      mapped = plain('closed');
      break;
    case MOONE_TESTING_STATUS:
      mapped = plain('to_test');
      break;
    default:
      return null;
  }
  // A ticket in MoOne's bin is soft-deleted here; restoring it brings back the state it had.
  if (isDeleted) return { status: 'deleted', returnStatus: mapped.status === 'pending' ? 'assigned' : mapped.status, pendingReason: null };
  return mapped;
}

/** GLPI urgency 1 (very low) … 5 (very high) to the five MoOne urgencies; null for anything else. */
export function mapUrgency(glpiUrgency: number): Urgency | null {
  const urgencies: Record<number, Urgency> = { 1: 'very_low', 2: 'low', 3: 'medium', 4: 'high', 5: 'blocking' };
  return urgencies[glpiUrgency] ?? null;
}

/** GLPI ticket type: 1 incident, 2 request. */
export function mapType(glpiType: number): TicketType {
  return glpiType === 1 ? 'incident' : 'request';
}

export type ApprovalDecision = 'requested' | 'approved' | 'rejected';

/** GLPI validation status: 2 waiting, 3 accepted, 4 refused (1 = none). */
export function mapValidation(glpiStatus: number): ApprovalDecision | null {
  return glpiStatus === 2 ? 'requested' : glpiStatus === 3 ? 'approved' : glpiStatus === 4 ? 'rejected' : null;
}

/**
 * GLPI stores rich text HTML-encoded ("&lt;p&gt;…", from 9.4 to 10.0), sometimes twice. The result is plain text:
 * block elements become line breaks, list items "- ", links keep their address, scripts and styles vanish, and
 * nothing of the source HTML reaches a page (the product renders text, never HTML).
 */
export function htmlToPlainText(content: string | null): string {
  if (!content) return '';
  let html = content;
  // Decode the storage encoding until the markup shows (at most twice: double-encoded bodies exist).
  for (let i = 0; i < 2 && /&(lt|gt|#60|#62|quot|amp);/i.test(html) && !/<[a-z/!]/i.test(html); i++) html = decodeHTML(html);
  if (!/[<&]/.test(html)) return html.trim();
  return htmlText(html);
}

const BLOCKS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr', 'section', 'article']);
const PARAGRAPHS = new Set(['p', 'ul', 'ol', 'table', 'blockquote', 'pre']);
const SKIPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript']);

/**
 * HTML to text with htmlparser2's streaming parser (entities decoded by it): the formatting libraries built on it
 * (html-to-text) build a DOM and a selector tree per document, ten times slower on an import of 250,000 bodies.
 */
function htmlText(html: string): string {
  const lines: string[] = [];
  let line = '';
  let skip = 0;
  let pre = 0;
  const links: Array<{ href: string; start: number }> = [];
  const breakLine = () => {
    const text = line.replace(/[ \t]+/g, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  // Paragraphs, lists and tables end with a blank line, as people write e-mails.
  const blankLine = () => {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIPPED.has(name)) skip++;
        else if (name === 'pre') pre++;
        if (BLOCKS.has(name)) breakLine();
        if (name === 'li') line += '- ';
        if (name === 'a') links.push({ href: attrs.href ?? '', start: line.length });
        if (name === 'td' || name === 'th') line += line ? ' | ' : '';
      },
      ontext(text) {
        if (skip > 0) return;
        line += pre > 0 ? text : text.replace(/\s+/g, ' ');
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skip = Math.max(0, skip - 1);
        else if (name === 'pre') pre = Math.max(0, pre - 1);
        if (name === 'a') {
          const link = links.pop();
          const label = link ? line.slice(link.start).trim() : '';
          if (link && /^(https?:|mailto:)/i.test(link.href) && link.href !== label && `mailto:${label}` !== link.href) line += ` (${link.href})`;
        }
        if (BLOCKS.has(name) && name !== 'br') breakLine();
        if (PARAGRAPHS.has(name)) blankLine();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  breakLine();
  return lines.join('\n').trim();
}

/**
 * A ticket title fit for the product (1–200 characters). GLPI titles are plain text stored entity-encoded: they are
 * decoded, not parsed ("Problema <PEC>" stays as written; the product shows titles as text, never as HTML).
 */
export function ticketTitle(name: string | null, moOneId: number): string {
  const text = decodeHTML(decodeHTML(name ?? '')).replace(/\s+/g, ' ').trim();
  if (!text) return `Ticket MoOne ${moOneId}`;
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}

/**
 * Names compared the way people write them: case, accents, punctuation and the usual prefixes ("Comune di",
 * "Comune di X (BS)") do not matter. Used both for GLPI entities and for the product's Enti.
 */
export function normaliseEnteName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(\s*bs\s*\)/g, ' ')
    .replace(/['’`.,;:\-_/"]/g, ' ')
    .replace(/^\s*comune\s+(di|de|d)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The 11-digit codice fiscale / P.IVA found in an entity's registration number or comment, if exactly one. */
export function fiscalCodeIn(...texts: Array<string | null | undefined>): string | null {
  const found = new Set<string>();
  for (const text of texts) for (const m of (text ?? '').matchAll(/(?<!\d)(\d{11})(?!\d)/g)) found.add(m[1] as string);
  return found.size === 1 ? ([...found][0] as string) : null;
}

export interface EnteCandidate {
  id: string;
  name: string;
  fiscalCode: string;
}

export type EnteMatch = { enteId: string; by: 'fiscal_code' | 'name' } | { enteId: null; reason: string };

/**
 * Matches a GLPI entity to an Ente: by codice fiscale when the entity carries one, else by normalised name.
 * Never guesses: no candidate, or several with the same name, leaves the entity unmatched with the reason.
 */
export function matchEnte(
  entity: { name: string; registrationNumber: string | null; comment: string | null },
  byFiscalCode: ReadonlyMap<string, EnteCandidate>,
  byName: ReadonlyMap<string, EnteCandidate[]>,
): EnteMatch {
  const code = fiscalCodeIn(entity.registrationNumber, entity.comment);
  if (code) {
    const ente = byFiscalCode.get(code);
    if (ente) return { enteId: ente.id, by: 'fiscal_code' };
  }
  const candidates = byName.get(normaliseEnteName(entity.name)) ?? [];
  if (candidates.length === 1) return { enteId: (candidates[0] as EnteCandidate).id, by: 'name' };
  if (candidates.length > 1) return { enteId: null, reason: `nome «${entity.name}» ambiguo tra ${candidates.length} Enti` };
  return { enteId: null, reason: code ? `nessun Ente con codice fiscale ${code} né con nome «${entity.name}»` : `nessun Ente con nome «${entity.name}»` };
}

/** A GLPI e-mail as the product stores it, or null when it is not an address. */
export function normaliseEmail(email: string | null | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

/** A user's display name from GLPI's realname (surname) and firstname, else the login. */
export function userName(u: { realname: string | null; firstname: string | null; name: string | null }, email: string): string {
  const full = [u.firstname, u.realname].map((s) => (s ?? '').trim()).filter(Boolean).join(' ');
  return full || (u.name ?? '').trim() || email;
}

/**
 * The user who made a change in glpi_logs: GLPI writes "Surname Name (12)" with the user's id, or a plain name
 * for automatic actions (cron, mail collector).
 */
export function logUserId(userName: string | null): number | null {
  const m = /\((\d+)\)\s*$/.exec(userName ?? '');
  return m ? Number(m[1]) : null;
}

/** glpi_logs search option numbers of a ticket's main fields, as readable history fields. */
const LOG_FIELDS: Readonly<Record<number, string>> = {
  1: 'title',
  7: 'category',
  10: 'urgency',
  12: 'status',
  14: 'type',
  21: 'description',
};

export function logField(searchOption: number, linkedAction: number): string {
  if (searchOption === 0 && linkedAction > 0) return `moone:azione_${linkedAction}`;
  return LOG_FIELDS[searchOption] ?? `moone:campo_${searchOption}`;
}

/** A logged value made readable: status and urgency numbers become the product's values. */
export function logValue(field: string, value: string | null): string | null {
  if (value === null || value === '') return null;
  if (field === 'status' && /^\d+$/.test(value)) return mapStatus(Number(value), false)?.status ?? value;
  if (field === 'urgency' && /^\d+$/.test(value)) return mapUrgency(Number(value)) ?? value;
  return htmlToPlainText(value);
}

/** Summer time in Italy (EU rule since 1996): from the last Sunday of March to the last Sunday of October, 01:00 UTC. */
const summerCache = new Map<number, readonly [number, number]>();
function summerTime(year: number): readonly [number, number] {
  let span = summerCache.get(year);
  if (!span) {
    const lastSunday = (month: number) => {
      const last = new Date(Date.UTC(year, month + 1, 0));
      return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
    };
    span = [lastSunday(2), lastSunday(9)] as const;
    summerCache.set(year, span);
  }
  return span;
}

const isSummer = (utcMs: number) => {
  const [from, to] = summerTime(new Date(utcMs).getUTCFullYear());
  return utcMs >= from && utcMs < to;
};

/**
 * GLPI writes DATETIME columns as the wall-clock time of its server (Europe/Rome for MoOne). "YYYY-MM-DD HH:MM:SS"
 * becomes the instant; zero and malformed dates become null. Computed, not looked up through Intl: an import reads
 * millions of dates. The hour that does not exist in spring reads as winter time; the repeated one in autumn as
 * the first (summer) one.
 */
export function romeDate(value: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value ?? '');
  if (!m || m[1] === '0000') return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  const summer = wall - 2 * 3_600_000;
  return new Date(isSummer(summer) ? summer : wall - 3_600_000);
}
