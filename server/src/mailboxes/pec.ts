import { XMLParser } from 'fast-xml-parser';
import type { ParsedMail } from 'mailparser';
import { PEC_RECEIPT_KINDS, type PecType } from '@cit/shared';

/**
 * A PEC message as its provider delivers it (DPR 68/2005, technical rules of DM 2 November 2005): an envelope
 * signed by the provider (`smime.p7s`) holding the certification data (`daticert.xml`) and, for a message, the
 * original as `postacert.eml`; receipts (accettazione, avvenuta consegna, errore di consegna…) carry only the
 * certification data of the message they are about.
 */
export interface PecEnvelope {
  type: PecType;
  /** `nessuno` when all went well, otherwise the error class (`no-dest`, `virus`, `altro`…). */
  error: string;
  /** The extended error text of a failed delivery, when the provider gives one. */
  errorDetail: string | null;
  /** The Message-ID of the message certified (the one the product sent, for receipts). */
  msgid: string | null;
  /** The original sender (for a message: the Ente's PEC address). */
  sender: string | null;
  recipients: string[];
  /** For delivery receipts: the address the message was delivered to (or could not be). */
  delivery: string | null;
  subject: string | null;
  daticert: string;
  /** The original message (postacert.eml), only in a `posta-certificata` envelope. */
  inner: Buffer | null;
  /** Whether the provider's signature part is present (its certificate chain is not verified here). */
  signed: boolean;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, processEntities: true });

type Node = Record<string, unknown>;
const child = (n: unknown, key: string): unknown => (n && typeof n === 'object' ? (n as Node)[key] : undefined);
const textOf = (n: unknown): string | null => {
  if (typeof n === 'string') return n.trim() || null;
  if (n && typeof n === 'object' && typeof (n as Node)['#text'] === 'string') return ((n as Node)['#text'] as string).trim() || null;
  return null;
};
const listOf = (n: unknown): unknown[] => (n === undefined ? [] : Array.isArray(n) ? n : [n]);

function isDaticert(name: string | undefined, type: string): boolean {
  return (name ?? '').toLowerCase() === 'daticert.xml' || (type.includes('xml') && (name ?? '').toLowerCase().endsWith('daticert.xml'));
}

/** Reads the envelope, or returns null for a message that is no PEC envelope (no daticert.xml). */
export function parsePecEnvelope(parsed: ParsedMail): PecEnvelope | null {
  const parts = parsed.attachments;
  const daticertPart = parts.find((a) => isDaticert(a.filename, a.contentType));
  if (!daticertPart) return null;
  const daticert = daticertPart.content.toString('utf8');
  const root = child(xml.parse(daticert), 'postacert');
  if (!root) return null;
  const tipo = String(child(root, '@tipo') ?? '').trim() as PecType;
  if (!(PEC_RECEIPT_KINDS as readonly string[]).includes(tipo)) return null;
  const header = child(root, 'intestazione');
  const data = child(root, 'dati');
  const inner = parts.find((a) => (a.filename ?? '').toLowerCase() === 'postacert.eml' || (tipo === 'posta-certificata' && a.contentType === 'message/rfc822'));
  return {
    type: tipo,
    error: String(child(root, '@errore') ?? 'nessuno'),
    errorDetail: textOf(child(data, 'errore-esteso')),
    msgid: textOf(child(data, 'msgid')),
    sender: textOf(child(header, 'mittente'))?.toLowerCase() ?? null,
    recipients: listOf(child(header, 'destinatari'))
      .map(textOf)
      .filter((v): v is string => !!v)
      .map((v) => v.toLowerCase()),
    delivery: textOf(child(data, 'consegna'))?.toLowerCase() ?? null,
    subject: textOf(child(header, 'oggetto')),
    daticert,
    inner: inner ? inner.content : null,
    signed: parts.some((a) => (a.filename ?? '').toLowerCase() === 'smime.p7s' || a.contentType.includes('pkcs7-signature')),
  };
}
