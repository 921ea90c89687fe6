import { z } from 'zod';
import { VersionSchema } from '../audit';
import { ServiceCodeEnum } from '../catalog';
import { UrgencySchema, type Urgency } from '../sla';
import { SupportGroupKeySchema } from '../support-groups';
import { TicketCategorySchema, TicketTypeSchema, type TicketCategory, type TicketType } from './lifecycle';

/** How a ticket came in: the web form by the requester, by phone (staff open it for an Ente), e-mail, the MoOne import. */
export const TICKET_CHANNELS = ['web', 'phone', 'email', 'import', 'pec'] as const;
export const TicketChannelSchema = z.enum(TICKET_CHANNELS, 'Canale non valido.').meta({ id: 'TicketChannel' });
export type TicketChannel = z.infer<typeof TicketChannelSchema>;

export const LabelSchema = z
  .string('Etichetta mancante.')
  .trim()
  .min(1, 'Etichetta: almeno 1 carattere')
  .max(40, 'Etichetta: al massimo 40 caratteri')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'Etichetta: solo lettere, cifre, spazi, punti, trattini.');

const anyOf = <T extends z.ZodType>(item: T) => z.array(item).max(300, 'Troppi valori.').optional();

/** Each condition is a list of accepted values; an absent (or empty) list accepts anything. All conditions must hold. */
export const RoutingConditionsSchema = z
  .strictObject(
    {
      types: anyOf(TicketTypeSchema),
      categories: anyOf(TicketCategorySchema),
      serviceCodes: anyOf(ServiceCodeEnum),
      enteIds: anyOf(z.uuid('Ente non valido.')),
      urgencies: anyOf(UrgencySchema),
      channels: anyOf(TicketChannelSchema),
      supplierIds: anyOf(z.uuid('Fornitore non valido.')),
    },
    'Condizione non prevista.',
  )
  .meta({ id: 'RoutingConditions' });
export type RoutingConditions = z.infer<typeof RoutingConditionsSchema>;

export const RoutingActionsSchema = z
  .strictObject(
    {
      groupKey: SupportGroupKeySchema.optional(),
      assigneeId: z.uuid('Operatore non valido.').optional(),
      supplierId: z.uuid('Fornitore non valido.').optional(),
      urgency: UrgencySchema.optional(),
      label: LabelSchema.optional(),
    },
    'Azione non prevista.',
  )
  .refine((a) => Object.values(a).some((v) => v !== undefined), 'Indicare almeno un’azione (gruppo, operatore, fornitore, urgenza o etichetta).')
  .meta({ id: 'RoutingActions' });
export type RoutingActions = z.infer<typeof RoutingActionsSchema>;

const ruleName = z.string('Nome della regola mancante.').trim().min(1, 'Nome: almeno 1 carattere').max(120, 'Nome: al massimo 120 caratteri');

export const CreateRoutingRuleSchema = z
  .strictObject(
    {
      name: ruleName,
      enabled: z.boolean('Attiva: vero o falso.').default(true),
      conditions: RoutingConditionsSchema,
      actions: RoutingActionsSchema,
    },
    'Campo non previsto.',
  )
  .meta({ id: 'CreateRoutingRule' });
export type CreateRoutingRule = z.infer<typeof CreateRoutingRuleSchema>;

export const UpdateRoutingRuleSchema = z
  .strictObject(
    {
      version: VersionSchema,
      name: ruleName.optional(),
      enabled: z.boolean('Attiva: vero o falso.').optional(),
      conditions: RoutingConditionsSchema.optional(),
      actions: RoutingActionsSchema.optional(),
    },
    'Campo non previsto.',
  )
  .meta({ id: 'UpdateRoutingRule' });
export type UpdateRoutingRule = z.infer<typeof UpdateRoutingRuleSchema>;

/** The new order of every rule, first to last. */
export const ReorderRoutingRulesSchema = z
  .strictObject({
    ids: z
      .array(z.uuid('Regola non valida.'))
      .max(500, 'Troppe regole.')
      .refine((ids) => new Set(ids).size === ids.length, 'Regola ripetuta.'),
  })
  .meta({ id: 'ReorderRoutingRules' });

export const RoutingRuleSchema = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    name: z.string(),
    enabled: z.boolean(),
    conditions: RoutingConditionsSchema,
    actions: RoutingActionsSchema,
    version: z.number().int(),
    updatedAt: z.iso.datetime({ offset: true }),
    /** The Enti named by `conditions.enteIds`, with their names (read-only). */
    enti: z.array(z.object({ id: z.uuid(), name: z.string() })),
  })
  .meta({ id: 'RoutingRule' });
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export const RoutingRuleListSchema = z.object({ items: z.array(RoutingRuleSchema) }).meta({ id: 'RoutingRuleList' });
export type RoutingRuleList = z.infer<typeof RoutingRuleListSchema>;

/** The dry run on a ticket: the rule that would fire now (null: none) and what it would do. */
export const RoutingDryRunSchema = z
  .object({
    rule: z.object({ id: z.uuid(), name: z.string(), position: z.number().int() }).nullable(),
    actions: RoutingActionsSchema.nullable(),
    /** How many enabled rules were looked at. */
    evaluated: z.number().int(),
  })
  .meta({ id: 'RoutingDryRun' });
export type RoutingDryRun = z.infer<typeof RoutingDryRunSchema>;

/** What a rule looks at. */
export interface RoutingFacts {
  type: TicketType;
  category: TicketCategory;
  serviceCode: string | null;
  enteId: string;
  urgency: Urgency;
  channel: TicketChannel;
  supplierId: string | null;
}

const accepts = <T>(list: readonly T[] | undefined, value: T | null): boolean => !list || list.length === 0 || (value !== null && list.includes(value));

export function ruleMatches(conditions: RoutingConditions, t: RoutingFacts): boolean {
  return (
    accepts(conditions.types, t.type) &&
    accepts(conditions.categories, t.category) &&
    accepts<string>(conditions.serviceCodes, t.serviceCode) &&
    accepts(conditions.enteIds, t.enteId) &&
    accepts(conditions.urgencies, t.urgency) &&
    accepts(conditions.channels, t.channel) &&
    accepts(conditions.supplierIds, t.supplierId)
  );
}

/**
 * The rule that fires: the first enabled one, in position order, whose conditions all hold. First match wins and
 * stops the evaluation (GLPI's «stop» on every rule): the order of the list is the whole priority, no rule can undo
 * another's action. `rules` may come in any order.
 */
export function firstMatchingRule<R extends { position: number; enabled: boolean; conditions: RoutingConditions }>(
  rules: readonly R[],
  t: RoutingFacts,
): R | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  return ordered.find((r) => r.enabled && ruleMatches(r.conditions, t)) ?? null;
}

/** Labels after a rule adds one: kept once, case aside, in the order they came. */
export function withLabel(labels: readonly string[], label: string | undefined): string[] {
  if (!label || labels.some((l) => l.toLowerCase() === label.toLowerCase())) return [...labels];
  return [...labels, label];
}
