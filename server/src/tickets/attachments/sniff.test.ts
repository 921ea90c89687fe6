import { crc32 } from 'node:zlib';
import { sniffAttachment, zipEntryNames } from './sniff';

// ---------------------------------------------------------------------------------------------------------------
// Sample builders: minimal but structurally real files, assembled here so the tests need no binary fixtures.

/** A stored (uncompressed) ZIP with local headers, central directory and end record, like any zip writer's. */
function storedZip(entries: Array<[name: string, content: string | Uint8Array]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

const docx = () =>
  storedZip([
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', '<Relationships/>'],
    ['word/document.xml', '<w:document/>'],
  ]);

const odf = (mime: string) =>
  storedZip([
    ['mimetype', mime],
    ['META-INF/manifest.xml', '<manifest:manifest/>'],
    ['content.xml', '<office:document-content/>'],
  ]);

/** A one-FAT-sector compound file (512-byte sectors) whose directory holds the given stream names. */
function ole2(streamNames: string[]): Buffer {
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory starts at sector 1
  header.writeUInt32LE(0x1000, 0x38);
  header.writeUInt32LE(0xfffffffe, 0x3c);
  header.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);

  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0 is the FAT itself
  fat.writeUInt32LE(0xfffffffe, 4); // sector 1 (directory) ends its chain

  const directory = Buffer.alloc(512, 0);
  ['Root Entry', ...streamNames].slice(0, 4).forEach((name, i) => {
    const e = i * 128;
    directory.write(name, e, 'utf16le');
    directory.writeUInt16LE((name.length + 1) * 2, e + 0x40);
    directory[e + 0x42] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, directory]);
}

/** The opening of a CMS ContentInfo(signedData) as signing tools write it, then some filler. */
const SIGNED_DATA_PREFIX = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0];
const p7mDer = () => Buffer.from([0x30, 0x82, 0x01, 0x00, ...SIGNED_DATA_PREFIX, 0x82, 0x00, 0xf0, 0x30, 0x82, ...new Array<number>(64).fill(1)]);
const p7mBer = () => Buffer.from([0x30, 0x80, ...SIGNED_DATA_PREFIX, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00]);

const tinyPdf = () =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
      'trailer<</Root 1 0 R>>\n%%EOF\n',
  );

// ---------------------------------------------------------------------------------------------------------------

describe('sniffAttachment: allowed types', () => {
  it('recognizes a PDF from its header', () => {
    expect(sniffAttachment(tinyPdf())).toEqual({ mime: 'application/pdf', extension: 'pdf', kind: 'pdf' });
  });

  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52], 'image/png', 'png'],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], 'image/jpeg', 'jpg'],
    ['GIF', [...Buffer.from('GIF89a'), 1, 0, 1, 0], 'image/gif', 'gif'],
    ['WebP', [...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'image/webp', 'webp'],
    ['TIFF little-endian', [0x49, 0x49, 0x2a, 0x00, 0x08, 0, 0, 0], 'image/tiff', 'tiff'],
    ['TIFF big-endian', [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 0x08], 'image/tiff', 'tiff'],
  ])('recognizes %s', (_name, bytes, mime, extension) => {
    expect(sniffAttachment(Uint8Array.from(bytes))).toEqual({ mime, extension, kind: 'image' });
  });

  it.each([
    ['word/', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xl/', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['ppt/', 'pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ])('recognizes OOXML with a %s part as %s', (folder, extension, mime) => {
    const zip = storedZip([
      ['[Content_Types].xml', CONTENT_TYPES],
      [`${folder}main.xml`, '<x/>'],
    ]);
    expect(sniffAttachment(zip)).toEqual({ mime, extension, kind: 'office' });
  });

  it.each([
    ['application/vnd.oasis.opendocument.text', 'odt'],
    ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
    ['application/vnd.oasis.opendocument.presentation', 'odp'],
  ])('recognizes ODF %s', (mime, extension) => {
    expect(sniffAttachment(odf(mime))).toEqual({ mime, extension, kind: 'office' });
  });

  it('reads the ZIP central directory without inflating anything', () => {
    expect(zipEntryNames(docx())).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
  });

  it.each([
    [['WordDocument', '1Table'], 'doc', 'application/msword'],
    [['Workbook'], 'xls', 'application/vnd.ms-excel'],
    [['Current User', 'PowerPoint Document'], 'ppt', 'application/vnd.ms-powerpoint'],
  ])('recognizes a legacy OLE2 document with streams %j', (streams, extension, mime) => {
    expect(sniffAttachment(ole2(streams))).toEqual({ mime, extension, kind: 'office' });
  });

  it('recognizes a CAdES .p7m envelope in DER and BER (indefinite length)', () => {
    const p7m = { mime: 'application/pkcs7-mime', extension: 'p7m', kind: 'signed_p7m' };
    expect(sniffAttachment(p7mDer())).toEqual(p7m);
    expect(sniffAttachment(p7mBer())).toEqual(p7m);
  });

  it('recognizes a base64 and a PEM-armoured .p7m', () => {
    const b64 = p7mDer().toString('base64').replace(/(.{64})/g, '$1\r\n');
    expect(sniffAttachment(Buffer.from(b64))?.kind).toBe('signed_p7m');
    const pem = `-----BEGIN PKCS7-----\n${b64}\n-----END PKCS7-----\n`;
    expect(sniffAttachment(Buffer.from(pem))?.kind).toBe('signed_p7m');
  });

  it('accepts UTF-8 text with Italian accents, with or without BOM', () => {
    const text = 'Buongiorno,\nla stampante dell’ufficio protocollo non è raggiungibile.\nGrazie, Attilio Rossi\n';
    expect(sniffAttachment(Buffer.from(text))).toEqual({ mime: 'text/plain', extension: 'txt', kind: 'text' });
    expect(sniffAttachment(Buffer.from(`\uFEFF${text}`))?.kind).toBe('text');
  });

  it('recognizes CSV exported with semicolons', () => {
    const csv = 'Comune;Abitanti;Provincia\nBrescia;196000;BS\n"Desenzano; del Garda";29000;BS\n';
    expect(sniffAttachment(Buffer.from(csv))).toEqual({ mime: 'text/csv', extension: 'csv', kind: 'text' });
  });
});

describe('sniffAttachment: everything else is refused', () => {
  it('refuses a Windows executable whatever it is called', () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from('This program cannot be run in DOS mode.')]);
    expect(sniffAttachment(exe)).toBeNull();
  });

  it('refuses an ELF binary', () => {
    expect(sniffAttachment(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array<number>(56).fill(0)]))).toBeNull();
  });

  it('refuses a plain ZIP archive, even one with an office-like name inside', () => {
    expect(sniffAttachment(storedZip([['fattura.pdf.exe', 'MZ...']]))).toBeNull();
    // `word/` without [Content_Types].xml is not OOXML.
    expect(sniffAttachment(storedZip([['word/document.xml', '<x/>']]))).toBeNull();
  });

  it('refuses a macro-enabled OOXML document', () => {
    const docm = storedZip([
      ['[Content_Types].xml', CONTENT_TYPES],
      ['word/document.xml', '<w:document/>'],
      ['word/vbaProject.bin', 'VBA'],
    ]);
    expect(sniffAttachment(docm)).toBeNull();
  });

  it('refuses a ZIP whose ODF mimetype is not a document type, or whose directory is broken', () => {
    expect(sniffAttachment(odf('application/java-archive'))).toBeNull();
    expect(sniffAttachment(docx().subarray(0, 60))).toBeNull();
  });

  it('refuses OLE2 containers that are not documents (MSI installers, Outlook messages) and VBA macros', () => {
    expect(sniffAttachment(ole2(['\u4840\u3f3f\u4577', 'SummaryInformation']))).toBeNull();
    expect(sniffAttachment(ole2(['__substg1.0_0037001F']))).toBeNull();
    expect(sniffAttachment(ole2(['WordDocument', 'Macros']))).toBeNull();
    expect(sniffAttachment(ole2(['WordDocument']).subarray(0, 520))).toBeNull();
  });

  it('refuses a p7m whose contentType is not signedData', () => {
    // id-data (1.2.840.113549.1.7.1) instead of id-signedData.
    const data = p7mDer();
    data[14] = 0x01;
    expect(sniffAttachment(data)).toBeNull();
  });

  it('refuses text with NUL bytes, invalid UTF-8 and control-character soup', () => {
    expect(sniffAttachment(Buffer.from('testo\u0000nascosto\n'))).toBeNull();
    expect(sniffAttachment(Buffer.from([0x63, 0x69, 0x74, 0xe0, 0x0a]))).toBeNull(); // Latin-1 «à»
    expect(sniffAttachment(Buffer.from('a\u0001b\u0002c\u0003d\u0004e\n'))).toBeNull();
  });

  it('refuses HTML and SVG, which a browser would execute', () => {
    expect(sniffAttachment(Buffer.from('<!DOCTYPE html><html><body>ciao</body></html>'))).toBeNull();
    expect(sniffAttachment(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffAttachment(Buffer.from('Nota innocua\n<script>alert(document.cookie)</script>\n'))).toBeNull();
  });

  it('refuses random binary junk and empty files', () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    expect(sniffAttachment(junk)).toBeNull();
    expect(sniffAttachment(new Uint8Array(0))).toBeNull();
    expect(sniffAttachment(Buffer.from('   \n\n'))).toBeNull();
  });
});
