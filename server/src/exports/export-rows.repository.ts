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
  // event, which would end the process if nobody listened. The cursor may never hear of it (its close waits for an
  // answer that cannot come), so the connection's own failure ends the iteration.
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  const onError = (err: Error) => {
    broken ??= err;
    fail(err);
  };
  const onEnd = () => onError(new Error('PostgreSQL connection ended during the export'));
  client.on('error', onError);
  client.on('end', onEnd);
  try {
    await Promise.race([client.query(`SET statement_timeout = '2h'; SET idle_in_transaction_session_timeout = '10min'`), failed]);
    const stream = client.query(new QueryStream(sql, [...params], { batchSize: BATCH_ROWS, highWaterMark: BATCH_ROWS }));
    const rows = stream[Symbol.asyncIterator]() as AsyncIterator<R>;
    const nextRow = () => {
      const next = rows.next();
      // Lost to `failed`, it may still reject later: handled here, not as an unhandled rejection.
      next.catch(() => undefined);
      return Promise.race([next, failed]);
    };
    try {
      for (let next = await nextRow(); !next.done; next = await nextRow()) yield next.value;
    } finally {
      // Left early (the HTTP client went away) on a live connection: close the cursor before the connection is reused.
      if (!broken && !stream.destroyed) stream.destroy();
    }
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
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
