import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { EnteDetailSchema, EnteListQuerySchema, EnteListSchema, type EnteDetail, type EnteSummary } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';
import { Ente } from './ente.entity';
import { EntePopulation } from './population.entity';
import { Membership } from './membership.entity';

const summary = (e: Ente): EnteSummary => ({
  id: e.id,
  name: e.name,
  kind: e.kind,
  fiscalCode: e.fiscalCode,
  pec: e.pec,
  capofilaId: e.capofilaId,
});

export function entiRoutes(paths: ZodOpenApiPathsObject): ApiRouter {
  return new ApiRouter('/api/enti', 'Enti', paths)
    .get(
      '/',
      {
        summary: 'Enti visibili al chiamante',
        description: 'Il proprio Ente; per un capofila anche gli Enti membri; per il personale CIT tutti. Paginazione a chiave (cursor).',
        access: 'signed-in',
        query: EnteListQuerySchema,
        response: EnteListSchema,
      },
      async ({ query, auth }) => {
        const filtered = () => {
          const qb = auth.db.select(Ente, 'e');
          if (query.q) qb.andWhere('(e.name ILIKE :q OR e.fiscal_code = :exact)', { q: `%${escapeLike(query.q)}%`, exact: query.q });
          if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
          return qb;
        };
        const page = filtered().orderBy('lower(e.name)', 'ASC').addOrderBy('e.id', 'ASC').limit(query.limit + 1);
        if (query.cursor) {
          const [name, id] = decodeCursor(query.cursor, 2);
          page.andWhere('(lower(e.name), e.id) > (:cName, :cId)', { cName: String(name), cId: String(id) });
        }
        const [rows, total] = await Promise.all([page.getMany(), filtered().getCount()]);
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return {
          items: items.map(summary),
          nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
          total,
        };
      },
    )
    .get(
      '/:id',
      {
        summary: 'Scheda di un Ente: abitanti per anno, adesioni, membri',
        access: 'signed-in',
        params: z.object({ id: z.string() }),
        response: EnteDetailSchema,
        errors: [404],
      },
      async ({ params, auth }): Promise<EnteDetail> => {
        const ente = await auth.db.get(Ente, params.id, "L'Ente");
        const [capofila, members, population, memberships] = await Promise.all([
          ente.capofilaId ? auth.db.select(Ente, 'c').andWhere('c.id = :id', { id: ente.capofilaId }).getOne() : null,
          auth.db.select(Ente, 'm').andWhere('m.capofila_id = :id', { id: ente.id }).orderBy('m.name').getMany(),
          auth.db.select(EntePopulation, 'p').andWhere('p.ente_id = :id', { id: ente.id }).orderBy('p.as_of_year', 'DESC').getMany(),
          auth.db.select(Membership, 'm').andWhere('m.ente_id = :id', { id: ente.id }).orderBy('m.period_code').getMany(),
        ]);
        return {
          ...summary(ente),
          capofila: capofila ? { id: capofila.id, name: capofila.name } : null,
          capofilaPays: ente.capofilaPays,
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
      },
    );
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
