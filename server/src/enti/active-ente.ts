import { fieldError } from '../platform/http/errors';
import type { Ente } from './ente.entity';

/** New tickets and service requests are opened only for active Enti; a merged one points to where it flowed. */
export function requireActiveEnte(ente: Ente): void {
  if (ente.deactivatedAt === null) return;
  throw fieldError(
    'enteId',
    ente.mergedIntoId
      ? `«${ente.name}» è confluito in un altro Ente: apra la richiesta per l’Ente in cui è confluito.`
      : `«${ente.name}» è disattivato: non si aprono nuove richieste per questo Ente.`,
  );
}
