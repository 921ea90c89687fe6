import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Col, Container, Icon, Row } from 'design-react-kit';
import { isStaff, TICKET_CATEGORIES, TICKET_COUNT_CAP, TICKET_STATUSES, URGENCIES, type TicketCounts } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useTicketList } from './api';
import { EnteSelect } from './EnteSelect';
import { OPEN_STATUSES, readFilters, SORTS, writeFilters, type TicketFilters } from './filters';
import { useNow } from './sla';
import { focusTicket, TicketCards, TicketTable } from './TicketRows';

const SEARCH_DELAY_MS = 350;

/** MoOne-like counters: one button per status, pressed when it is the active filter. */
function StatusCounters({
  counts,
  capped,
  estimated,
  active,
  onChoose,
  showDeleted,
}: {
  counts: TicketCounts | undefined;
  /** The filters matched more tickets than the server counts: the numbers are lower bounds. */
  capped: boolean;
  /** A search matching so many tickets that the server estimated the numbers instead of counting. */
  estimated: boolean;
  active: TicketFilters['status'];
  onChoose: (s: TicketFilters['status']) => void;
  /** Deleted tickets are the CIT's business: an Ente never sees them, not even as a zero. */
  showDeleted: boolean;
}) {
  const { t } = useTranslation();
  const shown = (n: number | undefined) => {
    if (n === undefined) return '–';
    // Three significant digits: more would claim a precision the estimate does not have.
    if (estimated && n > 0) return t('tickets.counters.about', { n: Number(n.toPrecision(3)) });
    return capped && n > 0 ? t('tickets.counters.atLeast', { n }) : n;
  };
  const open = counts ? OPEN_STATUSES.reduce((sum, s) => sum + counts[s], 0) : undefined;
  const all = counts ? TICKET_STATUSES.filter((s) => s !== 'deleted').reduce((sum, s) => sum + counts[s], 0) : undefined;
  const items: Array<{ value: TicketFilters['status']; label: string; count: number | undefined }> = [
    { value: '', label: t('tickets.counters.all'), count: all },
    { value: 'open', label: t('tickets.counters.open'), count: open },
    ...TICKET_STATUSES.filter((s) => showDeleted || s !== 'deleted').map((s) => ({ value: s, label: t(`ticketStatus.${s}`), count: counts?.[s] })),
  ];
  return (
    <div role="group" aria-label={t('tickets.counters.label')} className="status-counters">
      {items.map((item) => (
        <button
          key={item.value || 'all'}
          type="button"
          className={`status-counter status-counter-${item.value || 'all'}`}
          aria-pressed={active === item.value}
          onClick={() => onChoose(item.value)}
        >
          <span className="status-counter-count">{shown(item.count)}</span>
          <span className="status-counter-label">{item.label}</span>
        </button>
      ))}
      {(capped || estimated) && (
        <p className="small text-muted w-100 mb-0">{estimated ? t('tickets.counters.estimated') : t('tickets.counters.capped', { n: TICKET_COUNT_CAP })}</p>
      )}
    </div>
  );
}

export function TicketListPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const showEnte = staff || user.visibleEnteCount > 1 || user.role === 'supplier_user';
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [search, setSearch] = useState(filters.q);
  const q = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const defaultSort = staff ? 'sla' : 'newest';
  const headingId = useId();

  const update = (patch: Partial<TicketFilters>) => {
    focusFrom.current = null;
    const next = { ...filters, ...patch };
    if (next.sort === defaultSort) next.sort = '';
    setParams(writeFilters(next), { replace: true });
  };

  // The search box writes to the address once the user stops typing.
  useEffect(() => {
    if (q !== filters.q && (q.length >= 2 || q === '')) update({ q });
  }, [q]);

  const list = useTicketList(filters);
  const now = useNow();
  const tickets = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const counts = list.data?.pages[0]?.counts;
  const countsCapped = list.data?.pages[0]?.countsCapped ?? false;
  const countsEstimated = list.data?.pages[0]?.countsEstimated ?? false;

  // Tickets created after the page opened and arriving with a refetch (live) are highlighted for a while.
  const [openedAt] = useState(() => Date.now());
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (!list.data || list.isPlaceholderData) return;
    if (seen.current === null) {
      seen.current = new Set(tickets.map((x) => x.id));
      return;
    }
    const arrived = tickets.filter((x) => !seen.current?.has(x.id) && Date.parse(x.createdAt) >= openedAt - 5000);
    for (const x of tickets) seen.current.add(x.id);
    if (arrived.length === 0) return;
    setFresh((prev) => new Set([...prev, ...arrived.map((x) => x.id)]));
    setAnnouncement(t('tickets.arrived', { count: arrived.length }));
  }, [tickets, list.data, list.isPlaceholderData, openedAt, t]);

  /** After "Carica altri": index of the first new ticket, focused once rendered. */
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const index = focusFrom.current;
    const ticket = index === null ? undefined : tickets[index];
    if (!ticket) return;
    focusFrom.current = null;
    focusTicket(ticket.id);
  }, [tickets]);

  const loadMore = () => {
    focusFrom.current = tickets.length;
    void list.fetchNextPage();
  };

  const refreshing = list.isPlaceholderData;
  const caption = t('tickets.caption');
  const any = (label: string) => ({ value: '', label });

  return (
    <Container className="py-4 py-lg-5">
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-3 mb-4">
        <PageTitle className="mb-0">{t('tickets.listTitle')}</PageTitle>
        {user.role !== 'supplier_user' && (
          <Link to="/ticket/nuovo" className="btn btn-primary">
            <Icon icon="it-plus" color="white" size="sm" className="me-1" aria-hidden="true" />
            {t('nav.newTicket')}
          </Link>
        )}
      </div>

      <StatusCounters
        counts={counts}
        capped={countsCapped}
        estimated={countsEstimated}
        active={filters.status}
        onChoose={(status) => update({ status })}
        showDeleted={staff}
      />

      <section aria-labelledby={headingId}>
        <h2 id={headingId} className="visually-hidden">
          {t('tickets.filtersLabel')}
        </h2>
        <form role="search" aria-label={t('tickets.filtersLabel')} className="ticket-filters" onSubmit={(e: FormEvent) => e.preventDefault()}>
          <Row>
            <Col xs={12} lg={staff ? 4 : 6}>
              <TextField
                id="tickets-search"
                type="search"
                label={t('tickets.search')}
                hint={t('tickets.searchHint')}
                value={search}
                onValueChange={setSearch}
                maxLength={200}
                autoComplete="off"
              />
            </Col>
            <Col xs={6} md={4} lg={2}>
              <SelectField
                id="tickets-urgency"
                label={t('tickets.filter.urgency')}
                value={filters.urgency}
                onValueChange={(v) => update({ urgency: readFilters(new URLSearchParams({ urgency: v })).urgency })}
                options={[any(t('tickets.filter.anyUrgency')), ...URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))]}
              />
            </Col>
            <Col xs={6} md={4} lg={2}>
              <SelectField
                id="tickets-category"
                label={t('tickets.filter.category')}
                value={filters.category}
                onValueChange={(v) => update({ category: readFilters(new URLSearchParams({ category: v })).category })}
                options={[any(t('tickets.filter.anyCategory')), ...TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`ticketCategory.${c}`) }))]}
              />
            </Col>
            <Col xs={12} md={4} lg={2}>
              <SelectField
                id="tickets-sort"
                label={t('tickets.filter.sort')}
                value={filters.sort || defaultSort}
                onValueChange={(v) => update({ sort: readFilters(new URLSearchParams({ sort: v })).sort })}
                options={SORTS.map((s) => ({ value: s, label: t(`tickets.sort.${s}`) }))}
              />
            </Col>
            {staff && (
              <Col xs={12} md={4} lg={2}>
                <SelectField
                  id="tickets-sla"
                  label={t('tickets.filter.sla')}
                  value={filters.slaState}
                  onValueChange={(v) => update({ slaState: readFilters(new URLSearchParams({ slaState: v })).slaState })}
                  options={[any(t('tickets.filter.anySla')), ...(['ok', 'at_risk', 'breached', 'paused', 'met'] as const).map((s) => ({ value: s, label: t(`slaState.${s}`) }))]}
                />
              </Col>
            )}
            {(staff || user.visibleEnteCount > 1) && (
              <Col xs={12} md={staff ? 5 : 6}>
                <EnteSelect
                  id="tickets-ente"
                  label={t('tickets.filter.ente')}
                  value={filters.enteId}
                  onValueChange={(enteId) => update({ enteId })}
                  emptyLabel={t('tickets.filter.anyEnte')}
                />
              </Col>
            )}
            {staff && (
              <Col xs={12} md={3} className="d-flex align-items-center">
                <div className="form-check ticket-mine">
                  <input
                    id="tickets-mine"
                    type="checkbox"
                    checked={filters.assignee === 'me'}
                    onChange={(e) => update({ assignee: e.target.checked ? 'me' : '' })}
                  />
                  <label htmlFor="tickets-mine">{t('tickets.filter.mine')}</label>
                </div>
              </Col>
            )}
          </Row>
        </form>
      </section>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>

      {list.isPending ? (
        <Loading />
      ) : list.isError && tickets.length === 0 ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <p className="ticket-list-status" aria-live="polite" aria-atomic="true">
            {refreshing ? t('tickets.updating') : t('tickets.shown', { count: tickets.length })}
          </p>
          {tickets.length === 0 ? (
            <div className="ticket-empty">
              <p className="mb-0">{t('tickets.empty')}</p>
            </div>
          ) : (
            <>
              <TicketTable tickets={tickets} now={now} busy={refreshing} fresh={fresh} showEnte={showEnte} caption={caption} />
              <TicketCards tickets={tickets} now={now} busy={refreshing} fresh={fresh} showEnte={showEnte} caption={caption} />
            </>
          )}
          {list.isFetchNextPageError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
          {list.hasNextPage && (
            <div className="text-center mt-3">
              <Button color="primary" outline onClick={loadMore} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? t('tickets.loadingMore') : t('tickets.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </Container>
  );
}
