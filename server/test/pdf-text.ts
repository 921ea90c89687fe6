import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Response } from 'supertest';

/** supertest parser that keeps a binary body (a PDF) as a Buffer. */
export function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * Text of a PDF, extracted with pdf-parse (pdf.js) in a plain Node process: pdf.js loads its parser with a dynamic
 * import(), which jest's CommonJS runtime refuses, while Node's own require/import handle it.
 */
export function pdfText(bytes: Buffer): Promise<string> {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      process.stdout.write((await parser.getText()).text);
      await parser.destroy();
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '../..'), timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pdf-parse: ${err.message} ${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(bytes);
  });
}
