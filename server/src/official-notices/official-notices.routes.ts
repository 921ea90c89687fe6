import type { DataSource } from 'typeorm';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { OfficialNoticeListSchema, OfficialNoticeSchema, OfficialNoticesQuerySchema, rolesFor } from '@cit/shared';
import type { Logger } from '../platform/logger';
import { OfficialNotices } from './official-notices';
import type { Config } from '../config';
import { ApiRouter } from '../platform/http/api-router';
import { pecEnabled } from '../notifications/mail-settings';
import { OfficialNoticesRepository } from './official-notices.repository';

/** The official notices by PEC (admins): what left, what the receipts say, and what could not be sent. */
export function officialNoticesRoutes(paths: ZodOpenApiPathsObject, ds: DataSource, config: Config, logger: Logger): ApiRouter {
  const repo = new OfficialNoticesRepository(ds);
  const notices = new OfficialNotices({ ds, config, logger });
  const access = rolesFor('official-notices.read');
  return new ApiRouter('/api/admin/official-notices', 'Comunicazioni ufficiali PEC', paths)
    .get(
    '/',
    {
      summary: 'Le comunicazioni ufficiali inviate per PEC (approvazioni, rifiuti, estratti conto) e il loro stato',
      description:
        'Lo stato segue le ricevute del gestore PEC (accettazione, avvenuta consegna, mancata consegna). `not_sendable`: l’Ente non ha un indirizzo PEC o la casella PEC del CIT non è configurata (`pecConfigured`).',
      access,
      query: OfficialNoticesQuerySchema,
      response: OfficialNoticeListSchema,
    },
    async ({ query }) => ({ pecConfigured: pecEnabled(config), notices: await repo.list(query.status) }),
    )
    .post(
      '/:id/retry',
      {
        summary: 'Invia di nuovo una comunicazione non inviabile o non consegnata (all’indirizzo PEC attuale dell’Ente)',
        access: rolesFor('official-notices.retry'),
        params: z.object({ id: z.string() }),
        response: OfficialNoticeSchema,
        errors: [404, 409],
      },
      ({ params }) => notices.retry(params.id),
    );
}
