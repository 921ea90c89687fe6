import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge, Icon } from 'design-react-kit';
import type { HomeRequest } from '@cit/shared';
import { StatusBadge } from '../tickets/badges';
import { HomeCard } from './HomeCard';

type Progress = 'requested' | 'approvedPending' | 'applied' | 'notApplied' | 'rejected';

/** Where an activation or cancellation stands, from the CIT's approval to the worker having applied it. */
function progressOf(r: HomeRequest): Progress | null {
  if (r.approvalState === 'none') return null;
  if (r.approvalState === 'requested') return 'requested';
  if (r.approvalState === 'rejected') return 'rejected';
  if (r.applyFailed) return 'notApplied';
  return r.applied ? 'applied' : 'approvedPending';
}

const PROGRESS_COLOR: Record<Progress, string> = {
  requested: 'warning',
  approvedPending: 'primary',
  applied: 'success',
  notApplied: 'danger',
  rejected: 'danger',
};

/** The Ente's tickets still in the CIT's hands, with the approval state of its service requests. */
export function HomeRequests({ requests, enteId }: { requests: { items: HomeRequest[]; total: number }; enteId: string }) {
  const { t } = useTranslation();
  return (
    <HomeCard
      title={t('enteHome.requests.title')}
      className="home-requests"
      action={
        <Link to="/ticket/nuovo" className="btn btn-primary btn-sm">
          <Icon icon="it-plus" color="white" size="sm" className="me-1" aria-hidden="true" />
          {t('nav.newTicket')}
        </Link>
      }
    >
      <p className="small text-muted mb-2">{t('enteHome.requests.count', { count: requests.total })}</p>
      {requests.items.length === 0 ? (
        <p className="mb-0">{t('enteHome.requests.none')}</p>
      ) : (
        <ul className="mini-tickets">
          {requests.items.map((r) => {
            const progress = progressOf(r);
            return (
              <li key={r.id}>
                <div className="mini-ticket-main">
                  <Link to={`/ticket/${r.id}`} className="fw-semibold">
                    {r.title}
                  </Link>
                  <span className="small text-muted">
                    <span className="font-monospace">{r.protocol}</span> · {t(`ticketCategory.${r.category}`)}
                  </span>
                </div>
                <div className="mini-ticket-side">
                  <StatusBadge status={r.status} />
                  {progress && (
                    <Badge color={PROGRESS_COLOR[progress]} className="ticket-badge home-approval">
                      {t(`enteHome.requests.progress.${progress}`)}
                    </Badge>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Link to={`/ticket?${new URLSearchParams({ status: 'open', enteId }).toString()}`} className="d-inline-block mt-3">
        {t('enteHome.requests.all')}
      </Link>
    </HomeCard>
  );
}
