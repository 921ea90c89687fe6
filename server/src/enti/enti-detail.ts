import type { DataSource } from 'typeorm';
import type { EnteDetail, EnteSummary } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { Ente } from './ente.entity';
import { EntePopulation } from './population.entity';
import { Membership } from './membership.entity';
import { enteRelations } from './enti.repository';

export const enteSummary = (e: Ente): EnteSummary => ({
  id: e.id,
  name: e.name,
  kind: e.kind,
  fiscalCode: e.fiscalCode,
  pec: e.pec,
  capofilaId: e.capofilaId,
  active: e.deactivatedAt === null,
});

/** The Ente's page: registry data, capofila and its history, mergers, members, residents by year and memberships. */
export async function loadEnteDetail(auth: AuthContext, ds: DataSource, id: string): Promise<EnteDetail> {
  const ente = await auth.db.get(Ente, id, "L'Ente");
  const [capofila, members, population, memberships, relations] = await Promise.all([
    ente.capofilaId ? auth.db.select(Ente, 'c').andWhere('c.id = :id', { id: ente.capofilaId }).getOne() : null,
    auth.db.select(Ente, 'm').andWhere('m.capofila_id = :id', { id: ente.id }).orderBy('m.name').getMany(),
    auth.db.select(EntePopulation, 'p').andWhere('p.ente_id = :id', { id: ente.id }).orderBy('p.as_of_year', 'DESC').getMany(),
    auth.db.select(Membership, 'm').andWhere('m.ente_id = :id', { id: ente.id }).orderBy('m.period_code').getMany(),
    // The scope admitted the Ente above: its history names related Enti, which adds no visibility.
    enteRelations(ds, ente.id),
  ]);
  return {
    ...enteSummary(ente),
    istatCode: ente.istatCode,
    ipaCode: ente.ipaCode,
    deactivatedAt: ente.deactivatedAt ? ente.deactivatedAt.toISOString() : null,
    mergedInto: relations.mergedInto,
    mergedFrom: relations.mergedFrom,
    version: ente.version,
    capofila: capofila ? { id: capofila.id, name: capofila.name } : null,
    capofilaPays: ente.capofilaPays,
    capofilaHistory: relations.capofilaHistory,
    members: members.map((m) => ({ id: m.id, name: m.name })),
    population: population.map((p) => ({ asOfYear: p.asOfYear, residents: p.residents, businesses: p.businesses })),
    memberships: memberships.map((m) => ({
      period: m.periodCode,
      signedOn: m.signedOn,
      resolutionNumber: m.resolutionNumber,
      resolutionDate: m.resolutionDate,
      signer: m.signer,
    })),
  };
}
