import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { CreateRoutingRuleSchema, ReorderRoutingRulesSchema, rolesFor, RoutingRuleListSchema, RoutingRuleSchema, UpdateRoutingRuleSchema } from '@cit/shared';
import { auditActor } from '../audit/audit-log.repository';
import { ApiRouter } from '../platform/http/api-router';
import type { RoutingRulesService } from './routing-rules.service';

// A malformed id is answered 404 by the service, like an unknown one.
const Id = z.object({ id: z.string() });

export function routingRulesRoutes(paths: ZodOpenApiPathsObject, rules: RoutingRulesService): ApiRouter {
  const access = rolesFor('routing-rules.manage');
  return new ApiRouter('/api/routing-rules', 'Regole di smistamento', paths)
    .get(
      '/',
      { summary: 'Le regole di smistamento, nell’ordine in cui sono valutate', access: rolesFor('routing-rules.dry-run'), response: RoutingRuleListSchema },
      () => rules.list(),
    )
    .post(
      '/',
      {
        summary: 'Crea una regola (in fondo all’elenco)',
        description: 'Condizioni: elenchi di valori ammessi (vuoto = qualsiasi). Azioni: gruppo, operatore, fornitore, urgenza, etichetta.',
        access,
        body: CreateRoutingRuleSchema,
        response: RoutingRuleSchema,
        status: 201,
      },
      (ctx) => rules.create(auditActor(ctx), ctx.body),
    )
    .put(
      '/order',
      {
        summary: 'Riordina le regole: tutti gli id, dalla prima all’ultima',
        description: 'Se le regole sono cambiate nel frattempo (id mancanti o in più) la risposta è 409.',
        access,
        body: ReorderRoutingRulesSchema,
        response: RoutingRuleListSchema,
        errors: [409],
      },
      (ctx) => rules.reorder(auditActor(ctx), ctx.body.ids),
    )
    .patch(
      '/:id',
      {
        summary: 'Modifica una regola (solo i campi inviati) con la versione letta',
        access,
        params: Id,
        body: UpdateRoutingRuleSchema,
        response: RoutingRuleSchema,
        errors: [404, 409],
      },
      (ctx) => rules.update(auditActor(ctx), ctx.params.id, ctx.body),
    )
    .delete(
      '/:id',
      { summary: 'Elimina una regola', access, params: Id, status: 204, errors: [404] },
      (ctx) => rules.remove(auditActor(ctx), ctx.params.id),
    );
}
