import type { DataSource, EntityManager } from 'typeorm';
import type { PopulationRecord, PopulationUpdate } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import { deletePopulation, enteNameById, lockPopulation, writePopulation } from './population.repository';

const recordIdOf = (enteId: string, year: number) => `${enteId}:${year}`;

/**
 * Records (no version) or corrects (the version read) an Ente's residents and businesses at 31 December of `year`,
 * with its audit entry in the same transaction; a version that is not the current one answers 409.
 */
export async function savePopulation(
  ds: DataSource,
  enteId: string,
  year: number,
  body: PopulationUpdate,
  actor: AuditActor,
): Promise<PopulationRecord> {
  return ds.transaction(async (tx) => {
    if ((await enteNameById(tx, enteId)) === null) throw notFound("L'Ente");
    const before = await lockPopulation(tx, enteId, year);
    const expected = body.version ?? null;
    const stale = before ? expected !== before.version : expected !== null;
    const after = stale ? null : await writePopulation(tx, enteId, year, body, expected);
    if (!after) throw await staleVersion(tx, 'ente_population', recordIdOf(enteId, year), await lockPopulation(tx, enteId, year));
    await recordChange(tx, actor, { entity: 'ente_population', recordId: recordIdOf(enteId, year), action: before ? 'update' : 'create', before, after });
    return after;
  });
}

export async function removePopulation(ds: DataSource, enteId: string, year: number, version: number, actor: AuditActor): Promise<void> {
  await ds.transaction(async (tx) => {
    const before = await lockPopulation(tx, enteId, year);
    if (!before) throw notFound(`Il dato al 31/12/${year}`);
    if (before.version !== version) throw await staleVersion(tx, 'ente_population', recordIdOf(enteId, year), before);
    await deletePopulation(tx, enteId, year);
    await recordChange(tx, actor, { entity: 'ente_population', recordId: recordIdOf(enteId, year), action: 'delete', before, after: null });
  });
}

/**
 * The imports' write (SoftwareCit): records the figures of a year the Ente has none for, audited, in the caller's
 * transaction. A figure already there is kept (ISTAT's or the CIT's own correction wins over the old system):
 * `different` tells the caller to report it.
 */
export async function importPopulation(
  tx: EntityManager,
  enteId: string,
  year: number,
  figures: { residents: number; businesses: number },
  actor: AuditActor,
): Promise<'imported' | 'unchanged' | 'different'> {
  const before = await lockPopulation(tx, enteId, year);
  if (before) return before.residents === figures.residents && before.businesses === figures.businesses ? 'unchanged' : 'different';
  const after = await writePopulation(tx, enteId, year, figures, null);
  if (!after) return 'different';
  await recordChange(tx, actor, { entity: 'ente_population', recordId: recordIdOf(enteId, year), action: 'import', before: null, after });
  return 'imported';
}
