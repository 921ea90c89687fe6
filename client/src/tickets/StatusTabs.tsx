import { useTranslation } from 'react-i18next';
import { TICKET_COUNT_CAP, TICKET_STATUSES, type TicketCounts, type ViewStatus } from '@cit/shared';
import { OPEN_STATUSES } from './filters';

interface StatusTabsProps {
  counts: TicketCounts | undefined;
  /** The filters matched more tickets than the server counts: the numbers are lower bounds. */
  capped: boolean;
  /** A search matching so many tickets that the server estimated the numbers instead of counting. */
  estimated: boolean;
  active: ViewStatus;
  onChoose: (status: ViewStatus) => void;
  /** Deleted tickets are the CIT's business: an Ente never sees them, not even as a zero. */
  showDeleted: boolean;
}

/** The status filter as one row of tabs with their counts (pressed buttons: each one filters the same table). */
export function StatusTabs({ counts, capped, estimated, active, onChoose, showDeleted }: StatusTabsProps) {
  const { t } = useTranslation();
  const shown = (n: number | undefined) => {
    if (n === undefined) return '–';
    // Three significant digits: more would claim a precision the estimate does not have.
    if (estimated && n > 0) return t('tickets.counters.about', { n: Number(n.toPrecision(3)) });
    return capped && n > 0 ? t('tickets.counters.atLeast', { n }) : String(n);
  };
  const sum = (statuses: readonly string[]) => (counts ? TICKET_STATUSES.filter((s) => statuses.includes(s)).reduce((total, s) => total + counts[s], 0) : undefined);
  const items: Array<{ value: ViewStatus; count: number | undefined }> = [
    { value: 'open', count: sum(OPEN_STATUSES) },
    ...TICKET_STATUSES.filter((s) => showDeleted || s !== 'deleted').map((s) => ({ value: s, count: counts?.[s] })),
    { value: 'all', count: sum(TICKET_STATUSES.filter((s) => s !== 'deleted')) },
  ];
  return (
    <div className="status-tabs-row">
      <div role="group" aria-label={t('tickets.counters.label')} className="status-tabs">
        {items.map((item) => (
          <button
            key={item.value}
            type="button"
            className={`status-tab status-tab-${item.value}`}
            aria-pressed={active === item.value}
            onClick={() => onChoose(item.value)}
          >
            <span className="status-tab-label">{t(`tickets.tabs.${item.value}`)}</span> <span className="status-tab-count">{shown(item.count)}</span>
          </button>
        ))}
      </div>
      {(capped || estimated) && (
        <p className="small text-muted mb-0">{estimated ? t('tickets.counters.estimated') : t('tickets.counters.capped', { n: TICKET_COUNT_CAP })}</p>
      )}
    </div>
  );
}
