import { safeFileName } from './file-name';

it.each([
  ['modulo.exe', 'pdf', 'modulo.pdf'],
  ['Modulo firmato.pdf.p7m', 'p7m', 'Modulo firmato.pdf.p7m'],
  ['Determina dirigenziale.PDF.P7M', 'p7m', 'Determina dirigenziale.PDF.p7m'],
  ['documento.pdf', 'p7m', 'documento.pdf.p7m'],
  ['Richiesta d’intervento – Città di Brescia.docx', 'docx', 'Richiesta d’intervento – Città di Brescia.docx'],
  ['foto.JPEG', 'jpg', 'foto.jpeg'],
  ['scansione', 'tiff', 'scansione.tiff'],
  ['dati comuni.csv', 'txt', 'dati comuni.csv'],
  ['C:\\Users\\mario\\Desktop\\fattura.pdf', 'pdf', 'fattura.pdf'],
  ['../../etc/passwd', 'txt', 'passwd.txt'],
  ['..pdf', 'pdf', 'allegato.pdf'],
  ['.htaccess', 'txt', 'allegato.txt'],
  ['...nascosto.txt', 'txt', 'nascosto.txt'],
  ['a:b*c?d"e<f>g|h.pdf', 'pdf', 'a b c d e f g h.pdf'],
  ['riga\r\nnuova\t\u0000file.pdf', 'pdf', 'riga nuova file.pdf'],
  ['fattura\u202Efdp.exe', 'pdf', 'fatturafdp.pdf'],
  ['  troppi     spazi   .pdf', 'pdf', 'troppi spazi.pdf'],
  ['', 'pdf', 'allegato.pdf'],
  ['   ', 'png', 'allegato.png'],
  ['CON.txt', 'txt', 'CON_.txt'],
])('safeFileName(%j, %j) → %j', (original, extension, expected) => {
  expect(safeFileName(original, extension)).toBe(expected);
});

it('caps the name at 120 characters, keeping the extension and whole characters', () => {
  const name = safeFileName(`${'è'.repeat(200)}.pdf`, 'pdf');
  expect(Array.from(name)).toHaveLength(120);
  expect(name.endsWith('è.pdf')).toBe(true);
  const emoji = safeFileName(`${'📄'.repeat(130)}.docx`, 'docx');
  expect(Array.from(emoji)).toHaveLength(120);
  expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
});

it('normalizes decomposed accents (macOS) to composed ones', () => {
  expect(safeFileName('Citta\u0300.pdf', 'pdf')).toBe('Città.pdf');
});
