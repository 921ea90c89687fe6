import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

/** Rows fetched from PostgreSQL per round trip: small enough to keep memory flat, large enough to keep the link busy. */
const BATCH_ROWS = 1_000;

/**
 * Streams the rows of one SELECT through a server-side cursor on a connection of its own: memory stays that of one
 * batch however many rows match. The statement runs as long as the download does, so the API's 30 s statement
 * timeout is lifted for it (and restored before the connection goes back to the pool); a client that stops
 * reading for 10 minutes ends the export.
 */
export async function* streamRows<R>(pool: Pool, sql: string, params: readonly unknown[]): AsyncGenerator<R> {
  const client: PoolClient = await pool.connect();
  let broken: Error | undefined;
  // A session that ends under a checked-out client (server restart, terminated backend) is reported as an 'error'
  // event, which would end the process if nobody listened, and the cursor may never hear of it (its close waits for
  // an answer that cannot come): the pending read is failed here instead. One pending read at a time, so nothing
  // piles up per row (racing every read against one long-lived promise would keep a reaction per row alive).
  let failPending: ((err: Error) => void) | undefined;
  const onError = (err: Error) => {
    broken ??= err;
    failPending?.(err);
  };
  const onEnd = () => onError(new Error('PostgreSQL connection ended during the export'));
  const guarded = <T>(work: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (broken) {
        work.catch(() => undefined);
        reject(broken);
        return;
      }
      failPending = reject;
      work.then(
        (v) => {
          failPending = undefined;
          resolve(v);
        },
        (err: unknown) => {
          failPending = undefined;
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  client.on('error', onError);
  client.on('end', onEnd);
  try {
    await guarded(client.query(`SET statement_timeout = '2h'; SET idle_in_transaction_session_timeout = '10min'`));
    const stream = client.query(new QueryStream(sql, [...params], { batchSize: BATCH_ROWS, highWaterMark: BATCH_ROWS }));
    const rows = stream[Symbol.asyncIterator]() as AsyncIterator<R>;
    try {
      for (let next = await guarded(rows.next()); !next.done; next = await guarded(rows.next())) yield next.value;
    } finally {
      // Left early (the HTTP client went away) on a live connection: close the cursor before the connection is reused.
      if (!broken && !stream.destroyed) stream.destroy();
    }
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    failPending = undefined;
    client.off('error', onError);
    client.off('end', onEnd);
    if (broken) client.release(broken);
    else {
      try {
        await client.query('RESET statement_timeout; RESET idle_in_transaction_session_timeout');
        client.release();
      } catch (err) {
        client.release(err instanceof Error ? err : true);
      }
    }
  }
}
