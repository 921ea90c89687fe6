import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import type { TicketSummary } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFormatDateTime } from '../tickets/format';
import { useNotApplied, useServiceOf } from './api';

function Service({ ticket }: { ticket: TicketSummary }) {
  const service = useServiceOf(ticket.serviceCode);
  return <>{service?.name ?? ticket.serviceCode}</>;
}

/**
 * The approvals inbox's second list: approved requests the worker refused for a business reason («non applicate»),
 * each with its reason; the ticket page has the button that applies them again. Hidden when there are none.
 */
export function NotAppliedList({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const list = useNotApplied(enabled);
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="mt-5" aria-labelledby="not-applied-title">
      <h2 id="not-applied-title" className="h4">
        <Icon icon="it-warning-circle" color="danger" aria-hidden="true" className="me-1" />
        {t('approvals.notAppliedTitle')} ({items.length})
      </h2>
      <p>{t('approvals.notAppliedIntro')}</p>
      <ul className="list-unstyled not-applied-list">
        {items.map((ticket) => (
          <li key={ticket.id} className="alert alert-danger" role="group" aria-labelledby={`not-applied-${ticket.id}`}>
            <p className="mb-1">
              <span className="font-monospace me-2">{ticket.protocol}</span>
              <Link id={`not-applied-${ticket.id}`} to={`/ticket/${ticket.id}`} className="fw-semibold">
                {ticket.title}
              </Link>
            </p>
            <p className="small mb-1">
              {ticket.ente.name} · <Service ticket={ticket} />
              {ticket.applyFailedAt && (
                <>
                  {' · '}
                  <time dateTime={ticket.applyFailedAt}>{formatDateTime(ticket.applyFailedAt)}</time>
                </>
              )}
            </p>
            <p className="small mb-0">
              <span className="fw-semibold">{t('approvals.col.reason')}:</span> {ticket.applyFailure}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
