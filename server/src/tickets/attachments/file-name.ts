const MAX_LENGTH = 120;
const FALLBACK_BASE = 'allegato';
/** Characters Windows refuses in names, plus both path separators. */
const RESERVED = /[\\/:*?"<>|]/g;
/** Control and format characters: the latter include bidi overrides that make `fdp.exe` look like `exe.pdf`. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** What the user's name counts as an extension, to be replaced by the sniffed one. */
const TRAILING_EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i;

/**
 * Spellings that mean the same type as the sniffed extension: the user's choice is kept (`foto.jpeg` stays
 * `.jpeg`), because it is equally safe and the user recognizes the file. For text, CSV detection is a heuristic,
 * so a `.csv`/`.log` the heuristic did not spot is not renamed `.txt`.
 */
const EQUIVALENT: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg', 'jpe'],
  tiff: ['tiff', 'tif'],
  txt: ['txt', 'csv', 'log', 'text'],
  csv: ['csv', 'txt'],
};

/**
 * A download name that is readable (accents and spaces kept) but carries no path, no characters that break
 * headers or file systems, and always the extension of the sniffed type, so that the name cannot disguise what
 * the file is: `modulo.exe` sniffed as PDF becomes `modulo.pdf`; `Modulo firmato.pdf.p7m` keeps `.pdf.p7m`.
 */
export function safeFileName(original: string, extension: string): string {
  const ext = clean(extension).replace(/^\.+/, '').toLowerCase() || 'bin';
  const lastSegment = original.split(/[\\/]/).pop() ?? '';
  let base = clean(lastSegment);

  let finalExt = ext;
  const current = TRAILING_EXTENSION.exec(base)?.[0].slice(1).toLowerCase();
  if (current !== undefined) {
    if ((EQUIVALENT[ext] ?? [ext]).includes(current)) finalExt = current;
    // A signed file keeps the inner extension (`.pdf.p7m`), so only the `.p7m` itself is dropped; any other
    // extension on the user's name is replaced, whatever it claimed to be.
    if (ext !== 'p7m' || current === 'p7m') base = base.slice(0, -current.length - 1);
  }
  base = trimEdges(base);
  if (WINDOWS_DEVICE.test(base)) base = `${base}_`;

  const room = MAX_LENGTH - finalExt.length - 1;
  base = trimEdges(Array.from(base).slice(0, room).join(''));
  return `${base || FALLBACK_BASE}.${finalExt}`;
}

function clean(value: string): string {
  // Tabs and line breaks separate words, so they become spaces before the remaining control characters go.
  return value.normalize('NFC').replace(/\s+/g, ' ').replace(INVISIBLE, '').replace(RESERVED, ' ').replace(/\s+/g, ' ');
}

/** Leading dots would hide the file on Unix; trailing dots and spaces are silently dropped by Windows. */
function trimEdges(value: string): string {
  return value.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}
