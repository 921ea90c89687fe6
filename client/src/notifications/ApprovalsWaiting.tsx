import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card } from 'design-react-kit';
import { can } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { useApprovals } from '../services/api';
import { ErrorAlert } from '../ui/ErrorAlert';

const SHOWN = 5;

/** The approver's home: the requests waiting for a decision, oldest first as the approvals page lists them. */
export function ApprovalsWaiting() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const allowed = can(user, 'service-request.decide');
  const approvals = useApprovals(allowed);
  if (!allowed) return null;
  const items = approvals.data?.items ?? [];
  return (
    <Card shadow="sm" rounded className="mb-4" data-testid="approvals-waiting">
      <div className="it-card-body">
        <h2 className="h5">{t('approvals.waitingTitle', { count: items.length })}</h2>
        {approvals.isError ? (
          <ErrorAlert error={approvals.error} onRetry={() => void approvals.refetch()} />
        ) : items.length === 0 ? (
          <p className="mb-0">{approvals.isPending ? t('common.loading') : t('approvals.empty')}</p>
        ) : (
          <ul className="list-unstyled mb-2">
            {items.slice(0, SHOWN).map((ticket) => (
              <li key={ticket.id} className="mb-1">
                <Link to={`/ticket/${ticket.id}`}>
                  <span className="font-monospace">{ticket.protocol}</span> {ticket.title}
                </Link>{' '}
                <span className="small text-muted">· {ticket.ente.name}</span>
              </li>
            ))}
          </ul>
        )}
        <Link to="/approvazioni">{t('approvals.openAll')}</Link>
      </div>
    </Card>
  );
}
