import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { cursorPart, EnteDetailSchema, EnteListQuerySchema, EnteListSchema, type EnteListQuery } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { ApiRouter } from '../platform/http/api-router';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';
import { Ente } from './ente.entity';
import { enteSummary, loadEnteDetail } from './enti-detail';

export function entiRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
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
        const filtered = () => entiQuery(auth, query);
        const page = filtered().orderBy('lower(e.name)', 'ASC').addOrderBy('e.id', 'ASC').limit(query.limit + 1);
        if (query.cursor) {
          const [name, id] = decodeCursor(query.cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
          page.andWhere('(lower(e.name), e.id) > (:cName, :cId)', { cName: name, cId: id });
        }
        const [rows, total] = await Promise.all([page.getMany(), filtered().getCount()]);
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return {
          items: items.map(enteSummary),
          nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
          total,
        };
      },
    )
    .get(
      '/:id',
      {
        summary: 'Scheda di un Ente: anagrafica, capofila e sua storia, fusioni, abitanti per anno, adesioni, membri',
        access: 'signed-in',
        params: z.object({ id: z.string() }),
        response: EnteDetailSchema,
        errors: [404],
      },
      ({ params, auth }) => loadEnteDetail(auth, ds, params.id),
    );
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The Enti list's filters and scope (unordered); the list and its export share it. */
export function entiQuery(auth: AuthContext, query: EnteListQuery): SelectQueryBuilder<Ente> {
  const qb = auth.db.select(Ente, 'e');
  if (query.q) qb.andWhere('(e.name ILIKE :q OR e.fiscal_code = :exact)', { q: `%${escapeLike(query.q)}%`, exact: query.q });
  if (query.kind) qb.andWhere('e.kind = :kind', { kind: query.kind });
  if (query.active) qb.andWhere(query.active === 'true' ? 'e.deactivated_at IS NULL' : 'e.deactivated_at IS NOT NULL');
  return qb;
}
