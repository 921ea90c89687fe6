import { constants as zlibConstants, inflateSync } from 'node:zlib';

/** The few PDF facts the form check needs, read from the bytes without a full PDF parser. */

/** Readers accept the header anywhere in the first 1024 bytes (ISO 32000-1, Annex H). */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).includes('%PDF-');
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

export interface PdfADeclaration {
  declared: boolean;
  part: number | null;
  conformance: string | null;
}

const MAX_METADATA_STREAMS = 200;
const MAX_INFLATED_BYTES = 20 * 1024 * 1024;
const MAX_PACKET_CHARS = 2 * 1024 * 1024;

/**
 * PDF/A identification from the XMP packets (pdfaid:part / pdfaid:conformance). Only the declaration is read:
 * validating the file against the PDF/A rules needs a real validator (veraPDF).
 */
export function readPdfA(bytes: Uint8Array): PdfADeclaration {
  return firstInXmp(bytes, pdfaIdentification) ?? { declared: false, part: null, conformance: null };
}

/** Namespace of the identification the platform writes in the XMP of the request forms it generates. */
export const FORM_XMP_NS = 'https://cit.provincia.brescia.it/ns/modulo-richiesta/1.0/';

export interface FormIdentification {
  category: 'activation' | 'cancellation';
  serviceCode: string;
  quantity: number;
  enteFiscalCode: string;
  ticketProtocol: string | null;
}

/** The form's identification (service, quantity, Ente) from its XMP, when the platform generated it. */
export function readFormIdentification(bytes: Uint8Array): FormIdentification | null {
  return firstInXmp(bytes, formIdentification);
}

/** The first packet (plain, or in a compressed metadata stream as PDF/A-2 allows) where `read` finds something. */
function firstInXmp<T>(bytes: Uint8Array, read: (packet: string) => T | null): T | null {
  const text = latin1(bytes);
  for (const packet of xmpPackets(text)) {
    const found = read(packet);
    if (found) return found;
  }
  for (const packet of inflatedMetadata(bytes, text)) {
    for (const inner of xmpPackets(packet)) {
      const found = read(inner);
      if (found) return found;
    }
  }
  return null;
}

/** The value of `prefix:name`, as an attribute or as an element of the packet. */
function xmpValue(packet: string, namespace: RegExp, fallbackPrefix: string, name: string, pattern: string): string | null {
  const prefix = escapeRegExp(namespace.exec(packet)?.[1] ?? fallbackPrefix);
  const attr = new RegExp(`${prefix}:${name}\\s*=\\s*["']\\s*(${pattern})\\s*["']`).exec(packet);
  const elem = new RegExp(`<${prefix}:${name}>\\s*(${pattern})\\s*</${prefix}:${name}>`).exec(packet);
  return attr?.[1] ?? elem?.[1] ?? null;
}

const FORM_NS = new RegExp(`xmlns:([A-Za-z][\\w.-]*)\\s*=\\s*["']${escapeRegExp(FORM_XMP_NS)}["']`);

function formIdentification(packet: string): FormIdentification | null {
  if (!FORM_NS.test(packet)) return null;
  const v = (name: string, pattern: string) => xmpValue(packet, FORM_NS, 'citform', name, pattern);
  const category = v('category', 'activation|cancellation');
  const serviceCode = v('service', '[a-z0-9_]{1,40}');
  const quantity = v('quantity', '\\d{1,4}');
  const enteFiscalCode = v('ente', '[0-9A-Z]{11,16}');
  if (!category || !serviceCode || !quantity || !enteFiscalCode) return null;
  return { category: category as FormIdentification['category'], serviceCode, quantity: Number(quantity), enteFiscalCode, ticketProtocol: v('protocol', '[A-Za-z0-9/_-]{1,40}') };
}

function* xmpPackets(text: string): Generator<string> {
  const start = /<(?:[A-Za-z][\w.-]*:)?xmpmeta[\s>]/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const end = text.indexOf('xmpmeta>', m.index + 8);
    const stop = end < 0 ? Math.min(text.length, m.index + MAX_PACKET_CHARS) : Math.min(end + 8, m.index + MAX_PACKET_CHARS);
    yield text.slice(m.index, stop);
    start.lastIndex = stop;
  }
}

const PDFA_NS = /xmlns:([A-Za-z][\w.-]*)\s*=\s*["']http:\/\/www\.aiim\.org\/pdfa\/ns\/id\/?["']/;

function pdfaIdentification(packet: string): PdfADeclaration | null {
  const partText = xmpValue(packet, PDFA_NS, 'pdfaid', 'part', '\\d{1,2}');
  const part = partText === null ? null : Number(partText);
  if (part === null || part < 1 || part > 4) return null;
  // PDF/A-4 has no conformance level; earlier parts always carry one.
  const conformance = xmpValue(packet, PDFA_NS, 'pdfaid', 'conformance', '[A-Za-z]')?.toUpperCase() ?? null;
  return { declared: true, part, conformance };
}

/** Bodies of FlateDecode streams whose dictionary marks them as metadata, inflated within a global budget. */
function* inflatedMetadata(bytes: Uint8Array, text: string): Generator<string> {
  const streamKeyword = />>\s*stream(?:\r\n|\n|\r)/g;
  let inspected = 0;
  let budget = MAX_INFLATED_BYTES;
  for (let m = streamKeyword.exec(text); m && inspected < MAX_METADATA_STREAMS && budget > 0; m = streamKeyword.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const dict = enclosingDictionary(text, m.index + 2);
    if (dict === null) continue;
    if (!/\/Type\s*\/Metadata\b/.test(dict) && !/\/Subtype\s*\/XML\b/.test(dict)) continue;
    const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1];
    if (!filter || filter.replace(/[[\]\s]/g, '') !== '/FlateDecode') continue;
    inspected++;
    const bodyEnd = text.indexOf('endstream', bodyStart);
    if (bodyEnd < 0) continue;
    streamKeyword.lastIndex = bodyEnd;
    try {
      const inflated = inflateSync(bytes.subarray(bodyStart, bodyEnd), {
        maxOutputLength: budget,
        // Tolerates the end-of-line before `endstream` and streams cut short.
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
      });
      budget -= inflated.length;
      yield inflated.toString('latin1');
    } catch {
      // Corrupt or over-budget stream: it simply declares nothing.
    }
  }
}

/** Text of the dictionary that ends just before `end` (exclusive), matching nested << >>; null when not found nearby. */
function enclosingDictionary(text: string, end: number): string | null {
  let depth = 0;
  const floor = Math.max(0, end - 16 * 1024);
  for (let i = end - 1; i > floor; i--) {
    if (text[i] === '>' && text[i - 1] === '>') {
      depth++;
      i--;
    } else if (text[i] === '<' && text[i - 1] === '<') {
      depth--;
      i--;
      if (depth === 0) return text.slice(i, end);
    }
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PadesField {
  byteRange: [number, number, number, number];
  /** Dictionary text around the field, without the /Contents hex. */
  dictionary: string;
  isTimestamp: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/g;

/** Every /ByteRange of the file, in file order; `malformed` counts the ones that are not four integers. */
export function findSignatureFields(text: string): { fields: PadesField[]; malformed: number } {
  const fields: PadesField[] = [];
  let total = 0;
  for (let i = text.indexOf('/ByteRange'); i >= 0; i = text.indexOf('/ByteRange', i + 10)) total++;
  BYTE_RANGE.lastIndex = 0;
  for (let m = BYTE_RANGE.exec(text); m; m = BYTE_RANGE.exec(text)) {
    const byteRange: [number, number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    // The dictionary is the indirect object around the match; the hex of /Contents (the gap) is cut out.
    const objStart = Math.max(text.lastIndexOf(' obj', m.index), m.index - 64 * 1024, 0);
    const gapStart = byteRange[0] + byteRange[1];
    const gapEnd = byteRange[2];
    const objEndSearchFrom = gapStart <= m.index && gapEnd > m.index ? gapEnd : m.index;
    let objEnd = text.indexOf('endobj', Math.max(objEndSearchFrom, m.index));
    if (objEnd < 0 || objEnd - m.index > 64 * 1024 + Math.max(0, gapEnd - gapStart)) objEnd = Math.min(text.length, m.index + 64 * 1024);
    const dictionary =
      gapStart >= objStart && gapEnd <= objEnd ? text.slice(objStart, gapStart) + text.slice(gapEnd, objEnd) : text.slice(objStart, objEnd);
    const isTimestamp = /\/Type\s*\/DocTimeStamp\b/.test(dictionary) || /\/SubFilter\s*\/ETSI\.RFC3161\b/.test(dictionary);
    fields.push({ byteRange, dictionary, isTimestamp });
  }
  return { fields, malformed: total - fields.length };
}

/** /M of a signature dictionary (PDF date, e.g. D:20240315103000+01'00'), the signing time PAdES baseline uses. */
export function pdfDate(dictionary: string): Date | null {
  const m = /\/M\s*\(D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?\)/.exec(dictionary);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (sign === '+' || sign === '-') time -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date;
}
