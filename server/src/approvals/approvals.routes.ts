import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { limitParam, ApprovalDecisionSchema, TicketDetailSchema, TicketListSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { TicketQueries } from '../tickets/tickets.queries';
import type { ApprovalService } from './approvals.service';
import { withFormVerdicts } from '../service-requests/form-verdict';
import type { DataSource } from 'typeorm';

export function approvalsRoutes(paths: ZodOpenApiPathsObject, approvals: ApprovalService, queries: TicketQueries, ds: DataSource): ApiRouter {
  return new ApiRouter('/api', 'Approvazioni', paths)
    .get(
      '/approvals',
      {
        summary: 'Richieste di attivazione e disdetta in attesa di approvazione, o approvate ma «non applicate» (le più vecchie per prime)',
        access: ['approver', 'admin', 'operator'],
        query: z.object({
          limit: limitParam(),
          cursor: z.string().max(500).optional(),
          /** `not_applied`: approved requests the worker refused for a business reason, to correct and re-apply. */
          state: z.enum(['requested', 'not_applied']).default('requested'),
        }),
        response: TicketListSchema,
      },
      async ({ query: { state, ...page }, auth }) => {
        const list = await queries.list(auth, {
          ...page,
          ...(state === 'requested' ? { approvalState: ['requested'] as const } : { approvalState: ['approved'] as const, applyFailed: true }),
          sort: 'oldest',
        });
        // The inbox shows each request's single verdict on its signed form (issue 20).
        return { ...list, items: await withFormVerdicts(ds, list.items) };
      },
    )
    .post(
      '/tickets/:id/approval',
      {
        summary: 'Approva o respinge (con motivo) una richiesta di attivazione o disdetta',
        description:
          "Solo gli Enti con una convenzione in vigore possono ottenere l'approvazione. L'approvazione avvia in background la creazione del servizio e degli addebiti.",
        access: ['approver', 'admin'],
        params: z.object({ id: z.string() }),
        body: ApprovalDecisionSchema,
        response: TicketDetailSchema,
        errors: [404, 409],
      },
      async ({ params, body, auth }) => {
        await approvals.decide(auth, params.id, body);
        return queries.detail(auth, params.id);
      },
    );
}
