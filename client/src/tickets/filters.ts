import {
  DEFAULT_TICKET_COLUMNS,
  SLA_STATES,
  TICKET_CATEGORIES,
  TICKET_COLUMNS,
  TICKET_SORTS,
  TICKET_STATUSES,
  URGENCIES,
  VIEW_STATUSES,
  type SlaState,
  type TicketCategory,
  type TicketColumn,
  type TicketStatus,
  type Urgency,
  type ViewDefinition,
  type ViewStatus,
  SUPPORT_GROUP_KEY,
} from '@cit/shared';

export type TicketSort = (typeof TICKET_SORTS)[number];
export const SORTS: readonly TicketSort[] = TICKET_SORTS;

/** The list's filters; they live in the address (shareable, back button), `''` meaning "any" or "the default". */
export interface TicketFilters {
  status: ViewStatus;
  urgency: Urgency | '';
  category: TicketCategory | '';
  enteId: string;
  assignee: 'me' | 'none' | '';
  slaState: SlaState | '';
  /** A support group's key, or `mine` (every group I belong to). */
  group: string;
  label: string;
  q: string;
  sort: TicketSort | '';
  /** The optional columns shown, in the table's order. */
  columns: readonly TicketColumn[];
}

/** What the API is asked: the filters without the columns (changing those must not refetch). */
export type TicketQuery = Omit<TicketFilters, 'columns'>;

/** Statuses that still need work: the "Aperti" tab, the CIT staff's default. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending', 'to_test'];

/** The CIT staff start on the open tickets; the Enti see all of theirs (as in MoOne). */
export const defaultStatus = (staff: boolean): ViewStatus => (staff ? 'open' : 'all');

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: readonly ViewStatus[] = [...VIEW_STATUSES, ...TICKET_STATUSES];

/** Columns in the table's order, whatever order they were given in. */
const ordered = (columns: readonly string[]): TicketColumn[] => TICKET_COLUMNS.filter((c) => columns.includes(c));

export function readFilters(params: URLSearchParams, staff: boolean): TicketFilters {
  const cols = params.get('cols');
  return {
    status: oneOf(STATUSES, params.get('status')) || defaultStatus(staff),
    urgency: oneOf(URGENCIES, params.get('urgency')),
    category: oneOf(TICKET_CATEGORIES, params.get('category')),
    enteId: UUID.test(params.get('enteId') ?? '') ? (params.get('enteId') as string) : '',
    assignee: oneOf(['me', 'none'] as const, params.get('assignee')),
    slaState: oneOf(SLA_STATES, params.get('slaState')),
    group: SUPPORT_GROUP_KEY.test(params.get('group') ?? '') ? (params.get('group') as string) : '',
    label: (params.get('label') ?? '').trim().slice(0, 40),
    q: (params.get('q') ?? '').slice(0, 200),
    sort: oneOf(TICKET_SORTS, params.get('sort')),
    columns: cols === null ? [...DEFAULT_TICKET_COLUMNS] : ordered(cols.split(',')),
  };
}

const defaultColumns = (columns: readonly TicketColumn[]) =>
  columns.length === DEFAULT_TICKET_COLUMNS.length && DEFAULT_TICKET_COLUMNS.every((c) => columns.includes(c));

/** The address's query for `filters`: defaults are left out, so the plain /ticket is the role's default view. */
export function writeFilters(filters: TicketFilters, staff: boolean): URLSearchParams {
  const params = new URLSearchParams();
  const { status, columns, ...others } = filters;
  if (status !== defaultStatus(staff)) params.set('status', status);
  for (const [key, value] of Object.entries(others)) if (value) params.set(key, value);
  if (!defaultColumns(columns)) params.set('cols', ordered(columns).join(','));
  return params;
}

/** The role's default filters with some changed, e.g. for the home page's links into the list. */
export const filtersWith = (staff: boolean, patch: Partial<TicketFilters>): TicketFilters => ({ ...readFilters(new URLSearchParams(), staff), ...patch });

/** The `status` query parameter for the API. */
export function statusQuery(status: ViewStatus): string | undefined {
  if (status === 'open') return OPEN_STATUSES.join(',');
  return status === 'all' ? undefined : status;
}

/** The filters as a saved view stores them (empty filters left out). */
export function definitionOf(filters: TicketFilters): ViewDefinition {
  const { status, urgency, category, enteId, assignee, slaState, group, label, q, sort, columns } = filters;
  const trimmed = q.trim();
  return {
    filters: {
      status,
      ...(urgency && { urgency }),
      ...(category && { category }),
      ...(enteId && { enteId }),
      ...(assignee && { assignee }),
      ...(slaState && { slaState }),
      ...(group && { group }),
      ...(label && { label }),
      ...(trimmed.length >= 2 && { q: trimmed }),
    },
    ...(sort && { sort }),
    columns: ordered(columns),
  };
}

/** A saved or built-in view as the list's filters. */
export function filtersOf(view: ViewDefinition): TicketFilters {
  const f = view.filters;
  return {
    status: f.status,
    urgency: f.urgency ?? '',
    category: f.category ?? '',
    enteId: f.enteId ?? '',
    assignee: f.assignee ?? '',
    slaState: f.slaState ?? '',
    group: f.group ?? '',
    label: f.label ?? '',
    q: f.q ?? '',
    sort: view.sort ?? '',
    columns: ordered(view.columns),
  };
}
