import { once } from 'node:events';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import type { ExportFormat } from '@cit/shared';
import { AppError } from '../platform/http/errors';

export type Cell = string | number | null;

export interface ExportColumn<R> {
  header: string;
  value: (row: R) => Cell;
  /** Width in the XLSX sheet, in characters. */
  width?: number;
}

/** One export: what to call the file, its columns, and the rows (already in the list's order and scope). */
export interface ExportSource<R> {
  /** The file name without extension, e.g. `ticket-2026-12-04`. */
  name: string;
  /** The worksheet's name in the XLSX file. */
  sheet: string;
  columns: ReadonlyArray<ExportColumn<R>>;
  rows: AsyncIterable<R>;
}

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Long exports hold a database connection each: beyond this many at once per process, the next one waits its turn (429). */
const MAX_RUNNING = 2;
let running = 0;

/**
 * Streams an export to the response, row by row, never holding the whole file: a CSV (semicolon-separated, UTF-8
 * with BOM, as Excel in Italian expects) or an XLSX workbook written as it goes (exceljs's streaming writer).
 *
 * A failure before the first row is an ordinary error answer. A failure after it (the database connection lost, a
 * statement cancelled) cannot change the status any more: the response is aborted instead (the chunked body never
 * gets its final chunk), so the browser marks the download failed and the page says so; a truncated file is never
 * delivered as if it were complete.
 */
export async function sendExport<R>(res: Response, format: ExportFormat, source: ExportSource<R>): Promise<void> {
  if (running >= MAX_RUNNING) throw new AppError(429, 'too_many_exports', 'Sono già in corso altre esportazioni: riprovi tra qualche minuto.');
  running++;
  const iterator = source.rows[Symbol.asyncIterator]();
  try {
    // The first row decides whether the query works at all, while an error can still be answered as JSON.
    const first = await iterator.next();
    res.status(200);
    res.setHeader('Content-Type', MIME[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${source.name}.${format}"`);
    res.flushHeaders();
    const cells = async function* (): AsyncGenerator<Cell[]> {
      if (first.done) return;
      yield source.columns.map((c) => c.value(first.value));
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield source.columns.map((c) => c.value(next.value));
    };
    try {
      if (format === 'csv') await writeCsv(res, source, cells());
      else await writeXlsx(res, source, cells());
    } catch (err) {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  } finally {
    running--;
    await iterator.return?.(undefined);
  }
}

/** Resolves when the socket takes more, rejects when it is gone (a client that left never drains). */
async function drained(res: Response): Promise<void> {
  const gone = new AbortController();
  const closed = once(res, 'close', { signal: gone.signal }).then(() => {
    throw new Error('export aborted: the client went away');
  });
  try {
    await Promise.race([once(res, 'drain', { signal: gone.signal }), closed]);
  } finally {
    gone.abort();
    closed.catch(() => undefined);
  }
}

/** What the sheet's stream has handed to the zip and the zip has not compressed yet, above which rows wait. */
const ZIP_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Waits until the compressor behind the worksheet's stream has taken in its backlog. exceljs exposes no signal for
 * it: the stream's `pipes` (its readers, the zip entry's compressor) are read as plain Node writables.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    const writable = pipe as Writable & { _writableState?: { length?: number } };
    // archiver's PassThrough may come from an older readable-stream, without `writableLength`.
    const backlog = () => writable.writableLength ?? writable._writableState?.length ?? 0;
    while (backlog() > ZIP_BACKLOG_BYTES && !writable.destroyed) {
      await new Promise<void>((resolve) => {
        // 'drain' is only promised to writers that were told to wait: look again shortly either way, and leave no
        // listener behind (one per wait would pile up on the stream).
        const done = () => {
          clearTimeout(timer);
          writable.off('drain', done);
          resolve();
        };
        const timer = setTimeout(done, 50);
        writable.once('drain', done);
      });
    }
  }
}

async function writeCsv<R>(res: Response, source: ExportSource<R>, rows: AsyncIterable<Cell[]>): Promise<void> {
  const csv = stringify({
    delimiter: ';',
    bom: true,
    header: true,
    columns: source.columns.map((c) => c.header),
    record_delimiter: '\r\n',
    // Italian spreadsheets read a decimal comma (the semicolon separates the fields).
    cast: { number: (n) => String(n).replace('.', ',') },
  });
  // pipeline: backpressure from the socket back to the cursor, and the response destroyed if any step fails.
  await pipeline(Readable.from(rows), csv, res);
}

async function writeXlsx<R>(res: Response, source: ExportSource<R>, rows: AsyncIterable<Cell[]>): Promise<void> {
  // Through a pass-through so that the response is only ended once the workbook is complete.
  const out = new Transform({ transform: (chunk: Buffer, _enc, done) => done(null, chunk) });
  const piped = pipeline(out, res);
  // Awaited at the end; if a row fails first, its rejection (the response destroyed) must not go unhandled.
  piped.catch(() => undefined);
  // Loaded at the first XLSX export: exceljs is the heaviest module of the server (a third of a second at every start).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stream } = require('exceljs') as typeof ExcelJS;
  const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(source.sheet);
  sheet.columns = source.columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row).commit();
    // exceljs does not wait for its reader: its sheet stream writes into the zip's compressor whatever that has
    // taken so far. Pause the cursor while the compressor holds too much, or the socket is full.
    if (++count % 100 === 0) await zipCaughtUp(sheet);
    if (res.writableNeedDrain) await drained(res);
  }
  sheet.commit();
  await workbook.commit();
  await piped;
}
