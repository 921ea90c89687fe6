import { z } from 'zod';
import { SlaStateSchema, UrgencySchema } from '../sla';
import { VersionSchema } from '../audit';
import { TicketCategorySchema, TicketStatusSchema } from './lifecycle';
import { TICKET_SORTS } from './schemas';
import { SupportGroupKeySchema } from '../support-groups';
import { LabelSchema } from './routing';

/**
 * What a queue shows: the status tab (`open`: everything not solved, closed or deleted; `all`: everything but the
 * deleted), the other filters, the sort and the optional columns. Saved views store it as JSON; the built-in views
 * below are the same thing defined in code.
 */
export const VIEW_STATUSES = ['open', 'all'] as const;
export const ViewStatusSchema = z.union([z.enum(VIEW_STATUSES), TicketStatusSchema], 'Stato non valido.');
export type ViewStatus = z.infer<typeof ViewStatusSchema>;

/** Optional columns of the operator queue (protocol and title are always there). */
export const TICKET_COLUMNS = ['ente', 'status', 'urgency', 'sla', 'assignee', 'updated', 'created'] as const;
export const TicketColumnSchema = z.enum(TICKET_COLUMNS, 'Colonna non valida.');
export type TicketColumn = z.infer<typeof TicketColumnSchema>;
export const DEFAULT_TICKET_COLUMNS: readonly TicketColumn[] = ['ente', 'status', 'urgency', 'sla', 'assignee', 'updated'];

export const ViewFiltersSchema = z
  .strictObject(
    {
      status: ViewStatusSchema,
      urgency: UrgencySchema.optional(),
      category: TicketCategorySchema.optional(),
      enteId: z.uuid('Ente non valido.').optional(),
      assignee: z.enum(['me', 'none'], 'Assegnatario non valido.').optional(),
      slaState: SlaStateSchema.optional(),
      /** A group's key, or `mine`: every group the viewer belongs to. */
      group: z.union([z.literal('mine'), SupportGroupKeySchema]).optional(),
      label: LabelSchema.optional(),
      q: z.string().trim().min(2, 'Ricerca: almeno 2 caratteri').max(200, 'Ricerca: al massimo 200 caratteri').optional(),
    },
    'Filtro non previsto.',
  )
  .meta({ id: 'ViewFilters' });
export type ViewFilters = z.infer<typeof ViewFiltersSchema>;

export const ViewDefinitionSchema = z
  .strictObject(
    {
      filters: ViewFiltersSchema,
      /** Absent: the role's default (SLA due first for the CIT staff). */
      sort: z.enum(TICKET_SORTS, 'Ordinamento non valido.').optional(),
      columns: z
        .array(TicketColumnSchema)
        .max(TICKET_COLUMNS.length)
        .refine((c) => new Set(c).size === c.length, 'Colonna ripetuta.')
        .default([...DEFAULT_TICKET_COLUMNS]),
    },
    'Campo non previsto.',
  )
  .meta({ id: 'ViewDefinition' });
export type ViewDefinition = z.infer<typeof ViewDefinitionSchema>;

const viewName = z.string('Nome della vista mancante.').trim().min(1, 'Nome: almeno 1 carattere').max(80, 'Nome: al massimo 80 caratteri');

export const CreateSavedViewSchema = z
  .strictObject({
    name: viewName,
    /** Readable by all the CIT staff, or (with `groupKey`) by the members of that group only. */
    shared: z.boolean('Condivisione: vero o falso.').default(false),
    groupKey: SupportGroupKeySchema.nullable().optional(),
    definition: ViewDefinitionSchema,
  })
  .meta({ id: 'CreateSavedView' });
export type CreateSavedView = z.infer<typeof CreateSavedViewSchema>;

export const UpdateSavedViewSchema = z
  .strictObject({
    version: VersionSchema,
    name: viewName.optional(),
    shared: z.boolean('Condivisione: vero o falso.').optional(),
    groupKey: SupportGroupKeySchema.nullable().optional(),
    definition: ViewDefinitionSchema.optional(),
  })
  .meta({ id: 'UpdateSavedView' });
export type UpdateSavedView = z.infer<typeof UpdateSavedViewSchema>;

export const SavedViewSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    /** The caller owns it (and may change or delete it). */
    mine: z.boolean(),
    shared: z.boolean(),
    /** Shared with this group only (null: with all the CIT staff, when shared). */
    group: z.object({ key: z.string(), name: z.string() }).nullable(),
    definition: ViewDefinitionSchema,
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedViewSchema>;

export const SavedViewListSchema = z
  .object({
    /** The caller's own views first, then the ones shared by the others; by name within each. */
    items: z.array(SavedViewSchema),
  })
  .meta({ id: 'SavedViewList' });
export type SavedViewList = z.infer<typeof SavedViewListSchema>;

export const BUILT_IN_VIEW_IDS = ['mine', 'my_group', 'unassigned', 'sla_at_risk', 'open', 'all'] as const;
export type BuiltInViewId = (typeof BUILT_IN_VIEW_IDS)[number];

const builtIn = (filters: ViewFilters): ViewDefinition => ({ filters, columns: [...DEFAULT_TICKET_COLUMNS] });

/** The views every operator has, in the selector's order; their names are in the interface's translations. */
export const BUILT_IN_VIEWS: Readonly<Record<BuiltInViewId, ViewDefinition>> = {
  mine: builtIn({ status: 'open', assignee: 'me' }),
  my_group: builtIn({ status: 'open', group: 'mine' }),
  unassigned: builtIn({ status: 'open', assignee: 'none' }),
  sla_at_risk: builtIn({ status: 'open', slaState: 'at_risk' }),
  open: builtIn({ status: 'open' }),
  all: builtIn({ status: 'all' }),
};

/** The staff's queue when nothing is chosen: the open tickets. */
export const DEFAULT_STAFF_VIEW: BuiltInViewId = 'open';

/** Same filters, sort and columns (the order of the columns aside: the table has its own). */
export function sameView(a: ViewDefinition, b: ViewDefinition): boolean {
  const keys = new Set([...Object.keys(a.filters), ...Object.keys(b.filters)]) as Set<keyof ViewFilters>;
  for (const key of keys) if ((a.filters[key] ?? '') !== (b.filters[key] ?? '')) return false;
  if ((a.sort ?? '') !== (b.sort ?? '')) return false;
  return a.columns.length === b.columns.length && a.columns.every((c) => b.columns.includes(c));
}
