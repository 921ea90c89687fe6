import type { DataSource, EntityManager } from 'typeorm';
import type { AuditedEntity } from '@cit/shared';
import { lastChange } from '../../audit/audit-log.repository';
import { AppError } from './errors';

const rome = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * The answer to an update that carried a version older than the record's: 409 naming who changed it and
 * when (from the audit log), with the record as it is now, so the user can compare and redo the edit
 * instead of silently overwriting the other person's change.
 */
export async function staleVersion(db: DataSource | EntityManager, entity: AuditedEntity, recordId: string, current: unknown): Promise<AppError> {
  const last = await lastChange(db, entity, recordId);
  const who = last ? ` da ${last.actor.name} il ${rome.format(new Date(last.at))}` : '';
  return new AppError(
    409,
    'stale_version',
    `Il record è stato modificato${who} dopo che lo ha aperto: ricarichi la pagina per vedere la modifica e ripeta la Sua.`,
    { current, changedBy: last ? last.actor : null, changedAt: last ? last.at : null },
  );
}
