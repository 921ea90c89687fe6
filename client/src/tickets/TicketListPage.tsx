import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Container, Icon } from 'design-react-kit';
import { can, isStaff, type ViewDefinition } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { ticketListQuery, useTicketList } from './api';
import { ExportButtons } from '../exports/ExportButtons';
import { BulkToolbar } from './BulkToolbar';
import { definitionOf, filtersOf, readFilters, writeFilters, type TicketFilters } from './filters';
import { FiltersPanel } from './FiltersPanel';
import { useKeepRowInPlace, useQueueKeys } from './queueKeys';
import { useShortcutsEnabled } from './shortcuts';
import { useNow } from './sla';
import { StatusTabs } from './StatusTabs';
import { ShortcutsCard } from './TicketPageParts';
import { focusTicket, TicketCards, TicketTable } from './TicketRows';
import { currentView, ViewSelector } from './ViewSelector';
import { useSavedViews } from './views';

const SEARCH_DELAY_MS = 350;
/** The address parameter naming the saved view chosen last (its filters are in the address too). */
const VIEW_PARAM = 'view';

const RESULTS_ID = 'queue-results';

export function TicketListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const canBulk = can(user, 'tickets.bulk');
  const showEnte = staff || user.visibleEnteCount > 1 || user.role === 'supplier_user';
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params, staff), [params, staff]);
  const [search, setSearch] = useState(filters.q);
  const q = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const defaultSort = staff ? 'sla' : 'newest';
  const [filtersOpen, setFiltersOpen] = useState(false);

  const show = (next: TicketFilters, savedId: string | null = null) => {
    focusFrom.current = null;
    const written = writeFilters(next.sort === defaultSort ? { ...next, sort: '' } : next, staff);
    if (savedId) written.set(VIEW_PARAM, savedId);
    setParams(written, { replace: true });
  };
  const update = (patch: Partial<TicketFilters>) => show({ ...filters, ...patch });
  const choose = (definition: ViewDefinition, savedId: string | null) => {
    const next = filtersOf(definition);
    setSearch(next.q);
    show(next, savedId);
  };

  // The search box writes to the address once the user stops typing.
  useEffect(() => {
    if (q !== filters.q && (q.length >= 2 || q === '')) update({ q });
  }, [q]);

  const list = useTicketList(filters);
  const savedViews = useSavedViews(staff);
  const saved = savedViews.data?.items ?? [];
  const definition = definitionOf(filters);
  const now = useNow();
  const tickets = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const first = list.data?.pages[0];

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

  // Keyboard cursor and selection (for the bulk toolbar). Single-letter keys only once the
  // operator turned the shortcuts on (WCAG 2.1.4), the same choice as on the ticket page.
  const [shortcuts, setShortcuts] = useShortcutsEnabled();
  const [cursor, setCursor] = useState<string | null>(null);
  const hovered = useRef<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const toggleAll = useCallback((on: boolean) => setSelected(on ? new Set(tickets.map((x) => x.id)) : new Set()), [tickets]);
  const unselect = useCallback((ids: readonly string[]) => setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id)))), []);
  useQueueKeys({ tickets, enabled: staff && shortcuts, cursor, setCursor, open: (id) => void navigate(`/ticket/${id}`), toggle });
  const { columns: _columns, ...query } = filters;
  useKeepRowInPlace(() => cursor ?? hovered.current, tickets, JSON.stringify(query));

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
  const activeFilters = [filters.urgency, filters.category, filters.enteId, filters.assignee, filters.slaState, filters.group, filters.label].filter(Boolean).length;
  const selectedShown = tickets.filter((x) => selected.has(x.id)).length;

  return (
    <Container fluid className="ticket-queue py-3 px-lg-4">
      <div className="queue-toolbar">
        <PageTitle className="queue-title">{t('tickets.listTitle')}</PageTitle>
        {/* From the heading to the first ticket in one keystroke instead of a tab through every control. */}
        <a
          href={`#${RESULTS_ID}`}
          className="visually-hidden-focusable queue-skip"
          onClick={(event) => {
            event.preventDefault();
            document.getElementById(RESULTS_ID)?.focus();
          }}
        >
          {t('tickets.skipToResults')}
        </a>
        <form role="search" className="queue-search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="tickets-search" className="visually-hidden">
            {t('tickets.search')}
          </label>
          <input
            id="tickets-search"
            type="search"
            className="queue-input"
            placeholder={t('tickets.search')}
            title={t('tickets.searchHint')}
            aria-describedby="tickets-search-hint"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            maxLength={200}
            autoComplete="off"
          />
          <span id="tickets-search-hint" className="visually-hidden">
            {t('tickets.searchHint')}
          </span>
        </form>
        {staff && <ViewSelector value={currentView(definition, params.get(VIEW_PARAM), saved)} saved={saved} onChoose={choose} definition={definition} />}
        <Button
          color="primary"
          outline={!filtersOpen}
          size="sm"
          className="queue-button"
          aria-expanded={filtersOpen}
          aria-controls="queue-filters"
          onClick={() => setFiltersOpen((open) => !open)}
        >
          <Icon icon="it-funnel" size="xs" color={filtersOpen ? 'white' : 'primary'} aria-hidden="true" className="me-1" />
          {activeFilters > 0 ? t('tickets.filtersButtonCount', { count: activeFilters }) : t('tickets.filtersButton')}
        </Button>
        {user.role !== 'supplier_user' && (
          <Link to="/ticket/nuovo" className="btn btn-primary btn-sm queue-new">
            <Icon icon="it-plus" color="white" size="xs" className="me-1" aria-hidden="true" />
            {t('nav.newTicket')}
          </Link>
        )}
      </div>

      {filtersOpen && (
        <FiltersPanel
          id="queue-filters"
          filters={filters}
          staff={staff}
          showEnte={staff || user.visibleEnteCount > 1}
          defaultSort={defaultSort}
          update={update}
          onReset={() => {
            setSearch('');
            show(readFilters(new URLSearchParams(), staff));
          }}
        />
      )}

      <ExportButtons path="/api/tickets" query={ticketListQuery(filters)} className="mb-2" />

      <div className="queue-status-line">
        <StatusTabs
          counts={first?.counts}
          capped={first?.countsCapped ?? false}
          estimated={first?.countsEstimated ?? false}
          active={filters.status}
          onChoose={(status) => update({ status })}
          showDeleted={staff}
        />
        {!list.isPending && (
          <p className="ticket-list-status" aria-live="polite" aria-atomic="true">
            {refreshing ? t('tickets.updating') : t('tickets.shown', { count: tickets.length })}
            {selectedShown > 0 && <> · {t('tickets.selected', { count: selectedShown })}</>}
          </p>
        )}
      </div>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>

      <div id={RESULTS_ID} tabIndex={-1} className="queue-results" role="region" aria-label={caption}>
        {list.isPending ? (
          <Loading />
        ) : list.isError && tickets.length === 0 ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            {tickets.length === 0 ? (
              <div className="ticket-empty">
                <p className="mb-0">{t('tickets.empty')}</p>
              </div>
            ) : (
              <>
                <TicketTable
                  tickets={tickets}
                  now={now}
                  busy={refreshing}
                  fresh={fresh}
                  showEnte={showEnte}
                  caption={caption}
                  columns={filters.columns}
                  sort={filters.sort || defaultSort}
                  onSort={(sort) => update({ sort })}
                  selection={staff ? { selected, toggle, toggleAll: canBulk ? toggleAll : undefined } : undefined}
                  cursor={cursor}
                  onRowFocus={setCursor}
                  onRowHover={(id) => {
                    hovered.current = id;
                  }}
                />
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
            {staff && (
              <ShortcutsCard
                className="queue-shortcuts d-none d-md-block"
                enabled={shortcuts}
                onChange={setShortcuts}
                label={t('shortcuts.enableQueue')}
                keys={[
                  { keys: ['j', 'k'], action: t('shortcuts.nextPrevious') },
                  { keys: [t('shortcuts.enterKey')], action: t('shortcuts.open') },
                  { keys: ['x'], action: t('shortcuts.select') },
                ]}
              />
            )}
          </>
        )}
      </div>
      {staff && canBulk && <BulkToolbar selected={tickets.filter((x) => selected.has(x.id))} onClear={() => setSelected(new Set())} onDone={unselect} />}
    </Container>
  );
}
