import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { can, type TicketDetail } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFormatDateTime } from '../tickets/format';
import { useReapply } from './api';

/**
 * «Non applicata»: the approved request was refused by a business rule when the worker applied it. Everyone sees the
 * reason; an approver or admin, once the cause is corrected, applies it again from here.
 */
export function NotAppliedAlert({ ticket, onReapplied }: { ticket: TicketDetail; onReapplied: (message: string) => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const formatDateTime = useFormatDateTime();
  const reapply = useReapply(ticket.id);
  const staff = can(user, 'service-request.reapply');
  return (
    <div className="alert alert-danger approval-outcome not-applied" role="status">
      <p className="fw-semibold mb-1">
        {t('approval.notApplied.title')}
        {ticket.applyFailedAt && (
          <span className="fw-normal small">
            {' · '}
            <time dateTime={ticket.applyFailedAt}>{formatDateTime(ticket.applyFailedAt)}</time>
          </span>
        )}
      </p>
      <p className="mb-1">{t('approval.notApplied.explain')}</p>
      <p className="mb-2 ticket-description fw-semibold">{ticket.applyFailure}</p>
      <p className="small mb-2">{staff ? t('approval.notApplied.staffHint') : t('approval.notApplied.enteHint')}</p>
      {staff && (
        <Button
          color="primary"
          size="sm"
          disabled={reapply.isPending}
          onClick={() => reapply.mutate(undefined, { onSuccess: () => onReapplied(t('approval.notApplied.reapplied')) })}
        >
          {reapply.isPending ? t('approval.notApplied.reapplying') : t('approval.notApplied.reapply')}
        </Button>
      )}
      {reapply.isError && <ErrorAlert error={reapply.error} title={t('approval.notApplied.failed')} className="mt-3 mb-0" />}
    </div>
  );
}
