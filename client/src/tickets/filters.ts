import {
  SLA_STATES,
  TICKET_CATEGORIES,
  TICKET_SORTS,
  TICKET_STATUSES,
  URGENCIES,
  type SlaState,
  type TicketCategory,
  type TicketStatus,
  type Urgency,
} from '@cit/shared';

export type TicketSort = (typeof TICKET_SORTS)[number];
export const SORTS: readonly TicketSort[] = TICKET_SORTS;

/** The list's filters; they live in the address (shareable, back button), `''` meaning "any". */
export interface TicketFilters {
  status: TicketStatus | 'open' | '';
  urgency: Urgency | '';
  category: TicketCategory | '';
  enteId: string;
  assignee: 'me' | 'none' | '';
  slaState: SlaState | '';
  q: string;
  sort: TicketSort | '';
}

/** Statuses that still need work: the "Aperti" shortcut (MoOne's default view for the Enti). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'planned', 'pending'];

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readFilters(params: URLSearchParams): TicketFilters {
  const status = params.get('status');
  return {
    status: status === 'open' ? 'open' : oneOf(TICKET_STATUSES, status),
    urgency: oneOf(URGENCIES, params.get('urgency')),
    category: oneOf(TICKET_CATEGORIES, params.get('category')),
    enteId: UUID.test(params.get('enteId') ?? '') ? (params.get('enteId') as string) : '',
    assignee: oneOf(['me', 'none'] as const, params.get('assignee')),
    slaState: oneOf(SLA_STATES, params.get('slaState')),
    q: (params.get('q') ?? '').slice(0, 200),
    sort: oneOf(TICKET_SORTS, params.get('sort')),
  };
}

export function writeFilters(filters: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params;
}

/** The `status` query parameter for the API. */
export function statusQuery(status: TicketFilters['status']): string | undefined {
  if (status === 'open') return OPEN_STATUSES.join(',');
  return status || undefined;
}
