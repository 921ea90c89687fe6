import { filetypeinfo } from 'magic-bytes.js';

/**
 * What an uploaded file really is, decided from its bytes only: the client's file name and Content-Type are
 * never consulted, because both are trivially forged (an `.exe` renamed `.pdf` must not get through).
 */
export interface SniffResult {
  mime: string;
  extension: string;
  kind: 'pdf' | 'signed_p7m' | 'image' | 'office' | 'text';
}

/**
 * Allow-list sniffing: returns the type for PDF, CAdES `.p7m`, common images, Office/LibreOffice documents and
 * UTF-8 text, and `null` for anything else (executables, plain ZIP archives, HTML/SVG, binary junk, empty files).
 */
export function sniffAttachment(bytes: Uint8Array): SniffResult | null {
  if (bytes.length === 0) return null;
  return sniffByMagic(bytes) ?? sniffZip(bytes) ?? sniffOle2(bytes) ?? sniffP7m(bytes) ?? sniffText(bytes);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixed signatures (PDF and images), through magic-bytes.js.

const IMAGE_TYPES: Record<string, SniffResult> = {
  png: { mime: 'image/png', extension: 'png', kind: 'image' },
  jpg: { mime: 'image/jpeg', extension: 'jpg', kind: 'image' },
  gif: { mime: 'image/gif', extension: 'gif', kind: 'image' },
  webp: { mime: 'image/webp', extension: 'webp', kind: 'image' },
  tif: { mime: 'image/tiff', extension: 'tiff', kind: 'image' },
  tiff: { mime: 'image/tiff', extension: 'tiff', kind: 'image' },
};

function sniffByMagic(bytes: Uint8Array): SniffResult | null {
  // The library only compares a short prefix, so hand it just that instead of a multi-MB buffer.
  const guesses = filetypeinfo(bytes.subarray(0, 64));
  for (const guess of guesses) {
    if (guess.typename === 'pdf') return { mime: 'application/pdf', extension: 'pdf', kind: 'pdf' };
    const image = IMAGE_TYPES[guess.typename];
    if (image) return { ...image };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// ZIP containers: OOXML and ODF documents are ZIP files, but an arbitrary ZIP (which may carry executables past
// any scanner) is not allowed, so the container must prove it is a document.

const OOXML_TYPES: Array<{ folder: string; result: SniffResult }> = [
  {
    folder: 'word/',
    result: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', kind: 'office' },
  },
  {
    folder: 'xl/',
    result: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', kind: 'office' },
  },
  {
    folder: 'ppt/',
    result: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', kind: 'office' },
  },
];

const ODF_TYPES: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_CENTRAL_DIR = 0x06054b50;
/** The end record is 22 bytes plus a comment of at most 65,535 bytes, so it is always within this tail. */
const ZIP_EOCD_SEARCH = 22 + 0xffff;
/** Real documents have tens or hundreds of entries; a bound keeps a crafted directory from costing CPU. */
const ZIP_MAX_ENTRIES = 10_000;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const latin1 = new TextDecoder('latin1');

function sniffZip(bytes: Uint8Array): SniffResult | null {
  if (bytes.length < 30 || view(bytes).getUint32(0, true) !== ZIP_LOCAL_HEADER) return null;
  return sniffOdf(bytes) ?? sniffOoxml(bytes);
}

/** ODF requires the first entry to be an uncompressed `mimetype` file, precisely so that it can be sniffed. */
function sniffOdf(bytes: Uint8Array): SniffResult | null {
  const dv = view(bytes);
  const method = dv.getUint16(8, true);
  const storedSize = dv.getUint32(18, true);
  const nameLength = dv.getUint16(26, true);
  const extraLength = dv.getUint16(28, true);
  const nameStart = 30;
  if (method !== 0 || nameStart + nameLength > bytes.length) return null;
  if (latin1.decode(bytes.subarray(nameStart, nameStart + nameLength)) !== 'mimetype') return null;
  const dataStart = nameStart + nameLength + extraLength;
  if (storedSize > 200 || dataStart + storedSize > bytes.length) return null;
  const mime = latin1.decode(bytes.subarray(dataStart, dataStart + storedSize));
  const extension = ODF_TYPES[mime];
  // The central directory must still be sound, or this is a mimetype prefix glued onto something else.
  if (!extension || zipEntryNames(bytes) === null) return null;
  return { mime, extension, kind: 'office' };
}

function sniffOoxml(bytes: Uint8Array): SniffResult | null {
  const names = zipEntryNames(bytes);
  if (!names || !names.includes('[Content_Types].xml')) return null;
  // Macro-enabled variants (.docm/.xlsm/.pptm) share the layout but carry VBA: not on the allow-list.
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return null;
  for (const { folder, result } of OOXML_TYPES) {
    if (names.some((n) => n.startsWith(folder))) return { ...result };
  }
  return null;
}

/**
 * Entry names from the central directory, found through the end-of-central-directory record: only the tail of
 * the file and the directory itself are read, nothing is inflated. `null` when the structure is not a sound ZIP.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const dv = view(bytes);
  const searchFrom = Math.max(0, bytes.length - ZIP_EOCD_SEARCH);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= searchFrom; i--) {
    if (dv.getUint32(i, true) === ZIP_END_OF_CENTRAL_DIR) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = dv.getUint16(eocd + 10, true);
  const dirSize = dv.getUint32(eocd + 12, true);
  const dirOffset = dv.getUint32(eocd + 16, true);
  // ZIP64 markers (0xFFFF / 0xFFFFFFFF) only appear past 65,535 entries or 4 GB: not an office attachment.
  if (entries === 0xffff || dirOffset === 0xffffffff || entries > ZIP_MAX_ENTRIES) return null;
  if (dirOffset + dirSize > eocd) return null;
  const names: string[] = [];
  let p = dirOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > eocd || dv.getUint32(p, true) !== ZIP_CENTRAL_HEADER) return null;
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    const end = p + 46 + nameLength;
    if (end > eocd) return null;
    names.push(latin1.decode(bytes.subarray(p + 46, end)));
    p = end + extraLength + commentLength;
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// OLE2 / Compound File Binary: legacy .doc/.xls/.ppt. The same container also holds MSI installers and Outlook
// messages, so the signature alone is not enough: the directory must contain the stream that names the format.

const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OLE2_STREAMS: Array<{ names: string[]; result: SniffResult }> = [
  { names: ['WordDocument'], result: { mime: 'application/msword', extension: 'doc', kind: 'office' } },
  { names: ['Workbook', 'Book'], result: { mime: 'application/vnd.ms-excel', extension: 'xls', kind: 'office' } },
  { names: ['PowerPoint Document'], result: { mime: 'application/vnd.ms-powerpoint', extension: 'ppt', kind: 'office' } },
];
const CFB_END_OF_CHAIN = 0xfffffffe;
const CFB_MAX_SECTOR = 0xfffffffa;
const utf16 = new TextDecoder('utf-16le');

function sniffOle2(bytes: Uint8Array): SniffResult | null {
  if (bytes.length < 512 || !OLE2_SIGNATURE.every((b, i) => bytes[i] === b)) return null;
  const names = cfbDirectoryNames(bytes);
  if (!names) return null;
  // VBA macros live in a `_VBA_PROJECT_CUR` / `Macros` storage: an allow-list of documents excludes them.
  if (names.includes('_VBA_PROJECT_CUR') || names.includes('Macros') || names.includes('_VBA_PROJECT')) return null;
  for (const { names: wanted, result } of OLE2_STREAMS) {
    if (wanted.some((w) => names.includes(w))) return { ...result };
  }
  return null;
}

/** Names in the CFB directory, following the FAT chain from the header; every index is bounds-checked. */
function cfbDirectoryNames(bytes: Uint8Array): string[] | null {
  const dv = view(bytes);
  const sectorShift = dv.getUint16(0x1e, true);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const sectorOffset = (s: number) => (s + 1) * sectorSize;
  const validSector = (s: number) => s <= CFB_MAX_SECTOR && sectorOffset(s) + sectorSize <= bytes.length;

  // FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(dv.getUint32(0x4c + i * 4, true));
  let difat = dv.getUint32(0x44, true);
  const perDifat = sectorSize / 4 - 1;
  for (let guard = 0; difat !== CFB_END_OF_CHAIN && validSector(difat); guard++) {
    if (guard > sectorCount) return null;
    const base = sectorOffset(difat);
    for (let i = 0; i < perDifat; i++) fatSectors.push(dv.getUint32(base + i * 4, true));
    difat = dv.getUint32(base + perDifat * 4, true);
  }
  const fat = fatSectors.filter(validSector);
  const perFat = sectorSize / 4;
  const next = (s: number): number => {
    const fatSector = fat[Math.floor(s / perFat)];
    if (fatSector === undefined) return CFB_END_OF_CHAIN;
    return dv.getUint32(sectorOffset(fatSector) + (s % perFat) * 4, true);
  };

  const names: string[] = [];
  let sector = dv.getUint32(0x30, true);
  for (let guard = 0; sector !== CFB_END_OF_CHAIN; guard++) {
    if (guard > sectorCount || !validSector(sector)) return null;
    const base = sectorOffset(sector);
    for (let e = base; e < base + sectorSize; e += 128) {
      const nameBytes = dv.getUint16(e + 0x40, true);
      const type = bytes[e + 0x42];
      if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
      names.push(utf16.decode(bytes.subarray(e, e + nameBytes - 2)));
    }
    sector = next(sector);
  }
  return names.length > 0 ? names : null;
}

// ---------------------------------------------------------------------------------------------------------------
// CAdES (.p7m): a CMS ContentInfo whose contentType is id-signedData. Only the envelope is checked; the signed
// payload inside is not unpacked here (that belongs to signature verification).

/** DER encoding of OID 1.2.840.113549.1.7.2 (id-signedData), tag and length included. */
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const P7M: SniffResult = { mime: 'application/pkcs7-mime', extension: 'p7m', kind: 'signed_p7m' };

function isSignedDataDer(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false;
  const lengthByte = bytes[1];
  if (lengthByte === undefined) return false;
  // Short form, long form (up to 4 length bytes) or BER indefinite length (0x80), which signing tools emit.
  let p: number;
  if (lengthByte < 0x80 || lengthByte === 0x80) p = 2;
  else if (lengthByte <= 0x84) p = 2 + (lengthByte & 0x7f);
  else return false;
  if (!SIGNED_DATA_OID.every((b, i) => bytes[p + i] === b)) return false;
  // The signed content follows as [0] EXPLICIT.
  return bytes[p + SIGNED_DATA_OID.length] === 0xa0;
}

const PEM_HEADER = /^-----BEGIN (?:PKCS7|CMS|PKCS #7 SIGNED DATA)-----\r?\n([\s\S]*?)-----END (?:PKCS7|CMS|PKCS #7 SIGNED DATA)-----\s*$/;
/** Written without overlapping quantifiers so that a crafted multi-MB body cannot make the regex backtrack. */
const BASE64_BODY = /^[A-Za-z0-9+/\s]*(?:=[\s=]*)?$/;

function sniffP7m(bytes: Uint8Array): SniffResult | null {
  if (isSignedDataDer(bytes)) return { ...P7M };
  // Some signing tools save the envelope base64-encoded (optionally PEM-armoured). The whole file must be
  // base64, or a text file that merely starts like one would slip through as "signed".
  if (bytes[0] !== 0x2d && bytes[0] !== 0x4d) return null; // '-' or 'M' (base64 of 0x30 0x8x)
  const text = latin1.decode(bytes);
  const body = PEM_HEADER.exec(text)?.[1] ?? text;
  if (!BASE64_BODY.test(body)) return null;
  const prefix = body.replace(/\s+/g, '').slice(0, 64);
  const decoded = Buffer.from(prefix.slice(0, prefix.length - (prefix.length % 4)), 'base64');
  return isSignedDataDer(decoded) ? { ...P7M } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Plain text (and CSV). Must be valid UTF-8 without NUL bytes and mostly printable; markup that a browser would
// execute (HTML, SVG, XML with scripts) is refused even though it is text.

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Share of control characters (other than tab, newlines, form feed) tolerated: stray ones appear in old exports. */
const MAX_CONTROL_RATIO = 0.01;
const MARKUP_START = /^\s*<(?:!doctype|html|head|body|svg|\?xml|script|iframe|object|embed|xsl)/i;
const ACTIVE_MARKUP = /<\s*(?:script|iframe|object|embed|svg|html)\b/i;

function sniffText(bytes: Uint8Array): SniffResult | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim().length === 0) return null;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) controls++;
  }
  if (controls > text.length * MAX_CONTROL_RATIO) return null;
  if (MARKUP_START.test(text) || ACTIVE_MARKUP.test(text)) return null;
  return looksLikeCsv(text)
    ? { mime: 'text/csv', extension: 'csv', kind: 'text' }
    : { mime: 'text/plain', extension: 'txt', kind: 'text' };
}

/**
 * A guess, so that `dati.csv` keeps its extension: at least two lines and every one of the first twenty has the
 * same (non-zero) number of one delimiter. Italian spreadsheets export with `;`. Quoted delimiters are ignored.
 */
function looksLikeCsv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0)
    .slice(0, 20)
    .map((l) => l.replace(/"[^"]*"/g, '""'));
  if (lines.length < 2) return false;
  return [';', ',', '\t'].some((d) => {
    const counts = lines.map((l) => l.split(d).length - 1);
    const first = counts[0] ?? 0;
    return first > 0 && counts.every((c) => c === first);
  });
}
