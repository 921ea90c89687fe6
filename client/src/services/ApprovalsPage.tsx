import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Container, Icon } from 'design-react-kit';
import type { TicketSummary } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useTicket } from '../tickets/api';
import { useFormatDateTime } from '../tickets/format';
import { useNow } from '../tickets/sla';
import { useApprovals, useServiceOf } from './api';
import { VerdictBadge } from './badges';
import { FormVerdictBadge } from './FormVerdictView';
import { useFormatAge } from './format';
import { formAttachments } from './SignedFormCheckView';
import { NotAppliedList } from './NotAppliedList';

export const canSeeApprovals = (role: string) => role === 'approver' || role === 'admin' || role === 'operator';

/** Quantity and form verdict are in the ticket detail: each row asks for it (shared cache with the ticket page). */
function useRequestFacts(ticket: TicketSummary) {
  const detail = useTicket(ticket.id);
  return detail.data;
}

function Quantity({ ticket }: { ticket: TicketSummary }) {
  const { t } = useTranslation();
  const detail = useRequestFacts(ticket);
  const service = useServiceOf(ticket.serviceCode);
  if (!detail) return <span className="text-muted">…</span>;
  if (ticket.category === 'cancellation') return <>{t('approvals.toCancel', { count: detail.targetRecordIds.length })}</>;
  return (
    <>
      {detail.quantity} {service ? (detail.quantity === 1 ? service.unit.shortSingular : service.unit.shortPlural) : ''}
    </>
  );
}

function FormVerdict({ ticket }: { ticket: TicketSummary }) {
  const { t } = useTranslation();
  const detail = useRequestFacts(ticket);
  if (!detail) return <span className="text-muted small">{t('approvals.checking')}</span>;
  const forms = formAttachments(detail);
  if (forms.length === 0) {
    return (
      <span className="small form-missing">
        <Icon icon="it-warning-circle" size="xs" aria-hidden="true" className="me-1" />
        {t('approvals.noForm')}
      </span>
    );
  }
  const verdict = ticket.formVerdict ?? detail.formVerdict;
  return (
    <span className="d-inline-flex flex-wrap gap-1">
      {verdict && <FormVerdictBadge verdict={verdict} />}
      {forms.map((a) => a.signedFormCheck && <VerdictBadge key={a.id} verdict={a.signedFormCheck.verdict} />)}
      {verdict && verdict.reasons.length > 0 && (
        <span className="d-block small form-verdict-reasons">{verdict.reasons.join(' ')}</span>
      )}
    </span>
  );
}

function ServiceName({ ticket }: { ticket: TicketSummary }) {
  const { t } = useTranslation();
  const service = useServiceOf(ticket.serviceCode);
  return (
    <>
      <span className="d-block">{service?.name ?? ticket.serviceCode}</span>
      <span className="small text-muted">{t(`ticketCategory.${ticket.category}`)}</span>
    </>
  );
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const allowed = canSeeApprovals(user.role);
  const approvals = useApprovals(allowed);
  const now = useNow();
  const formatAge = useFormatAge();
  const formatDateTime = useFormatDateTime();
  const items = approvals.data?.items ?? [];
  const [announcement, setAnnouncement] = useState('');
  const lastCount = useRef<number | null>(null);

  useEffect(() => {
    // Live: the list refetches on every ticket event; say it when requests arrive or leave.
    if (!approvals.data) return;
    const count = approvals.data.items.length;
    if (lastCount.current !== null && count !== lastCount.current) {
      setAnnouncement(count > lastCount.current ? t('approvals.arrived', { count: count - lastCount.current }) : t('approvals.count', { count }));
    }
    lastCount.current = count;
  }, [approvals.data, t]);

  if (!allowed) {
    return (
      <Container className="py-4 py-lg-5">
        <PageTitle className="mb-3">{t('approvals.title')}</PageTitle>
        <p>{t('approvals.forbidden')}</p>
      </Container>
    );
  }

  return (
    <Container className="py-4 py-lg-5">
      <PageTitle className="mb-2">{t('approvals.title')}</PageTitle>
      <p className="lead mb-4">{t('approvals.intro')}</p>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {approvals.isPending ? (
        <Loading />
      ) : approvals.isError ? (
        <ErrorAlert error={approvals.error} onRetry={() => void approvals.refetch()} />
      ) : items.length === 0 ? (
        <div className="ticket-empty">
          <Icon icon="it-check-circle" size="lg" color="success" aria-hidden="true" />
          <p className="mb-0 mt-2">{t('approvals.empty')}</p>
        </div>
      ) : (
        <>
          <p className="fw-semibold" id="approvals-count">
            {t('approvals.count', { count: items.length })}
          </p>
          <div className="table-responsive d-none d-md-block">
            <table className="table align-middle approvals-table" aria-describedby="approvals-count" aria-busy={approvals.isFetching}>
              <caption className="visually-hidden">{t('approvals.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tickets.col.protocol')}</th>
                  <th scope="col">{t('approvals.col.request')}</th>
                  <th scope="col">{t('approvals.col.ente')}</th>
                  <th scope="col">{t('approvals.col.service')}</th>
                  <th scope="col">{t('approvals.col.quantity')}</th>
                  <th scope="col">{t('approvals.col.form')}</th>
                  <th scope="col">{t('approvals.col.age')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((ticket) => (
                  <tr key={ticket.id}>
                    <td className="font-monospace text-nowrap">{ticket.protocol}</td>
                    <th scope="row" className="fw-normal">
                      <Link to={`/ticket/${ticket.id}`} className="fw-semibold">
                        {ticket.title}
                      </Link>
                    </th>
                    <td className="small">{ticket.ente.name}</td>
                    <td className="small">
                      <ServiceName ticket={ticket} />
                    </td>
                    <td className="small text-nowrap">
                      <Quantity ticket={ticket} />
                    </td>
                    <td>
                      <FormVerdict ticket={ticket} />
                    </td>
                    <td className="small text-nowrap">
                      <time dateTime={ticket.createdAt} title={formatDateTime(ticket.createdAt)}>
                        {formatAge(ticket.createdAt, now)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="ticket-cards d-md-none" aria-label={t('approvals.caption')}>
            {items.map((ticket) => (
              <li key={ticket.id} className="ticket-card">
                <div className="d-flex justify-content-between gap-2 mb-1">
                  <span className="font-monospace small">{ticket.protocol}</span>
                  <time className="small text-muted" dateTime={ticket.createdAt}>
                    {formatAge(ticket.createdAt, now)}
                  </time>
                </div>
                <Link to={`/ticket/${ticket.id}`} className="ticket-card-title">
                  {ticket.title}
                </Link>
                <dl className="ticket-card-facts">
                  <dt>{t('approvals.col.ente')}</dt>
                  <dd>{ticket.ente.name}</dd>
                  <dt>{t('approvals.col.service')}</dt>
                  <dd>
                    <ServiceName ticket={ticket} />
                  </dd>
                  <dt>{t('approvals.col.quantity')}</dt>
                  <dd>
                    <Quantity ticket={ticket} />
                  </dd>
                  <dt>{t('approvals.col.form')}</dt>
                  <dd>
                    <FormVerdict ticket={ticket} />
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
      <NotAppliedList enabled={allowed} />
    </Container>
  );
}
