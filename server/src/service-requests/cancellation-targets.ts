import type { CreateTicket } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { AppError } from '../platform/http/errors';
import { ServiceRecord } from '../service-records/service-record.entity';

/**
 * A cancellation names active records of the same Ente and service, not already being cancelled. Read through the
 * caller's scope, so a record of another Ente counts as missing.
 */
export async function checkCancellationTargets(auth: AuthContext, enteId: string, input: CreateTicket): Promise<void> {
  if (input.category !== 'cancellation') return;
  const ids = [...new Set(input.targetRecordIds)];
  const found = await auth.db
    .select(ServiceRecord, 'r')
    .andWhere('r.id IN (:...ids) AND r.ente_id = :enteId AND r.service_code = :code', { ids, enteId, code: input.serviceCode })
    .andWhere('r.cancellation_ticket_id IS NULL AND (r.ends_on IS NULL OR r.ends_on >= CURRENT_DATE)')
    .getCount();
  if (found !== ids.length) {
    throw new AppError(400, 'invalid_target_records', 'I servizi da disdire non sono attivi per questo Ente o non corrispondono al servizio indicato.', {
      fields: [{ path: 'targetRecordIds', message: 'Servizio non valido.' }],
    });
  }
}
