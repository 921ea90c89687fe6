import { Transform } from 'node:stream';

/**
 * Passes the first `max` bytes of a message and drops the rest (still reading it, so the SMTP dialogue goes on):
 * an oversized message is refused, but its headers are parsed to answer the sender, without holding it in memory.
 */
export function capBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const room = max - seen;
      seen += chunk.length;
      done(null, room <= 0 ? undefined : chunk.length <= room ? chunk : chunk.subarray(0, room));
    },
  });
}
