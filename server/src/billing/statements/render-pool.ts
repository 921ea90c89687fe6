import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as PiscinaModule from 'piscina';
import { renderStatementPdf, type StatementDocument } from './pdf';

export type RenderPdf = (doc: StatementDocument) => Promise<Buffer>;

export interface RenderPool {
  render: RenderPdf;
  close(): Promise<void>;
}

/**
 * Renders statements on worker threads, one per core. Rendering is synchronous CPU work (about 4 ms a statement,
 * 20,000 of them in a half-year run), so on one thread it is the whole run; the threads start with the first
 * statement and end after a minute without work, so an idle worker process holds none of them.
 * `filename` is the compiled worker entry (pdf.worker.js).
 */
export function createRenderPool(filename: string, threads = os.availableParallelism()): RenderPool {
  // Loaded on first use, like pdfkit: only the statements job renders.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Piscina } = require('piscina') as typeof PiscinaModule;
  const pool = new Piscina({ filename, name: 'render', minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
  return {
    // Structured clone turns the thread's Buffer into a Uint8Array; this views the same memory, no copy.
    render: async (doc) => {
      const pdf = (await pool.run(doc)) as Uint8Array;
      return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    },
    close: () => pool.close(),
  };
}

let renderer: RenderPdf | undefined;

/**
 * How statements are rendered: on the thread pool when running compiled code; in this thread when the worker
 * entry is not there, i.e. under the TypeScript test runner (its own test builds a pool on the compiled file).
 */
export function statementRenderer(): RenderPdf {
  const compiled = path.join(__dirname, 'pdf.worker.js');
  renderer ??= existsSync(compiled) ? createRenderPool(compiled).render : renderStatementPdf;
  return renderer;
}
