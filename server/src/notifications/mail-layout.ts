import escapeHtml from 'escape-html';
import { mailText, type Lang } from './mail-texts';

export type { Lang } from './mail-texts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph of the body: a sentence, then optionally text quoted from the ticket, a list or a row of links. */
export interface Block {
  line: string;
  /** Quoted as written (a reason, a solution, a reply). */
  quote?: string | null;
  items?: readonly string[];
  /** Buttons (the survey's 1–5). */
  links?: ReadonlyArray<{ label: string; href: string }>;
  /** Secondary information (the ticket reference). */
  muted?: boolean;
}

/** The same content in one language; a mail to an institutional address carries two. */
export interface Section {
  lang: Lang;
  blocks: readonly Block[];
}

export interface LayoutInput {
  lang: Lang;
  subject: string;
  sections: readonly Section[];
  /** The main button (open the ticket, set the password). */
  action?: { label: string; href: string } | undefined;
  /** Small print at the end: whether and how to reply, link validity. */
  notes?: readonly string[];
}

const esc = (s: string) => escapeHtml(s);
const BLUE = '#0b5394';

/**
 * The one layout of every mail: the CIT band, the body blocks, the main button, the small print and the signature.
 * Every value is escaped in the HTML part; the text part keeps what people wrote.
 */
export function renderLayout(m: LayoutInput): RenderedMail {
  const sender = mailText(m.lang, 'layout', 'sender');
  const subject = m.subject.replace(/[\r\n]+/g, ' ');
  const notes = m.notes ?? [];

  const blockText = (b: Block) => [
    b.line,
    ...(b.items && b.items.length > 0 ? ['', ...b.items.map((i) => `- ${i}`)] : []),
    ...(b.quote ? ['', ...b.quote.split(/\r?\n/).map((l) => `  ${l}`)] : []),
    ...(b.links ? ['', ...b.links.map((l) => `  ${l.label}: ${l.href}`)] : []),
    '',
  ];
  const text = [
    ...m.sections.flatMap((s, i) => [...(i > 0 ? [`— ${s.lang === 'en' ? 'English' : 'Italiano'} —`, ''] : []), ...s.blocks.flatMap(blockText)]),
    ...(m.action ? [`${m.action.label}: ${m.action.href}`, ''] : []),
    ...notes.flatMap((n) => [n, '']),
    '-- ',
    sender,
  ].join('\n');

  const blockHtml = (b: Block) =>
    `<p style="margin:0 0 12px;white-space:pre-line${b.muted ? ';color:#555' : ''}">${esc(b.line)}</p>` +
    (b.items && b.items.length > 0 ? `<ul style="margin:0 0 12px">${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '') +
    (b.quote
      ? `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid ${BLUE};background:#f3f6fa;white-space:pre-wrap">${esc(b.quote)}</blockquote>`
      : '') +
    (b.links
      ? `<p style="margin:0 0 12px">${b.links
          .map(
            (l) =>
              `<a href="${esc(l.href)}" style="display:inline-block;margin-right:8px;padding:8px 14px;border:1px solid ${BLUE};border-radius:4px;color:${BLUE};text-decoration:none;font-weight:bold">${esc(l.label)}</a>`,
          )
          .join('')}</p>`
      : '');
  const sectionHtml = (s: Section, i: number) => `${i > 0 ? '<hr>\n' : ''}<div lang="${s.lang}">\n${s.blocks.map(blockHtml).join('\n')}\n</div>`;
  const html = `<!doctype html>
<html lang="${m.lang}"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1a1a1a;line-height:1.45">
<div style="max-width:640px;margin:0 auto">
<div style="background:${BLUE};color:#fff;padding:12px 16px;font-weight:bold">${esc(sender)}</div>
<div style="padding:16px">
${m.sections.map(sectionHtml).join('\n')}
${m.action ? `<p style="margin:16px 0"><a href="${esc(m.action.href)}" style="background:${BLUE};color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${esc(m.action.label)}</a></p>` : ''}
${notes.map((n) => `<p style="margin:0 0 12px;color:#555;font-size:13px">${esc(n)}</p>`).join('\n')}
</div></div></body></html>`;
  return { subject, text, html };
}

/** «Gentile Nome,» in the recipient's language (or a neutral greeting when the name is not known). */
export function greeting(lang: Lang, name: string | null): Block {
  return { line: name ? mailText(lang, 'layout', 'greeting', { name }) : mailText(lang, 'layout', 'greetingUnknown') };
}
