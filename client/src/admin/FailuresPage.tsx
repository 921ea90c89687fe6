import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useFormatDateTime } from '../tickets/format';
import { useFailedJobs, useFailedMails, useNoticeProblems, useRetryJob, useRetryMail, useRetryNotice } from './api';

function useFormatInstant() {
  const format = useFormatDateTime();
  return (iso: string | null) => (iso ? format(iso) : '–');
}

function FailedJobs() {
  const { t } = useTranslation();
  const jobs = useFailedJobs();
  const retry = useRetryJob();
  const when = useFormatInstant();
  if (jobs.isPending) return <Loading minHeight="6rem" />;
  if (jobs.isError) return <ErrorAlert error={jobs.error} onRetry={() => void jobs.refetch()} />;
  const items = jobs.data.items;
  if (items.length === 0) return <p className="ticket-empty">{t('admin.failures.noJobs')}</p>;
  return (
    <ul className="failure-list">
      {items.map((job) => (
        <li key={job.id} className="failure-item">
          <div className="failure-main">
            <p className="fw-semibold mb-1">
              {job.name} <span className="small text-muted font-monospace">#{job.id}</span>
            </p>
            <p className="mb-1 text-break failure-reason">{job.failedReason ?? t('admin.failures.noReason')}</p>
            <p className="small text-muted mb-0">
              {t('admin.failures.jobMeta', { when: when(job.failedAt), attempts: job.attemptsMade })}
              {typeof job.data.ticketId === 'string' && (
                <>
                  {' · '}
                  <Link to={`/ticket/${job.data.ticketId}`}>{t('admin.failures.openTicket')}</Link>
                </>
              )}
            </p>
          </div>
          <Button color="primary" outline size="sm" disabled={retry.isPending} onClick={() => retry.mutate(job.id)} aria-label={t('admin.failures.retryJob', { name: job.name, id: job.id })}>
            {t('admin.failures.retry')}
          </Button>
        </li>
      ))}
      {retry.isError && <ErrorAlert error={retry.error} className="mt-2" />}
    </ul>
  );
}

function FailedMails() {
  const { t } = useTranslation();
  const mails = useFailedMails();
  const retry = useRetryMail();
  const when = useFormatInstant();
  if (mails.isPending) return <Loading minHeight="6rem" />;
  if (mails.isError) return <ErrorAlert error={mails.error} onRetry={() => void mails.refetch()} />;
  if (mails.data.length === 0) return <p className="ticket-empty">{t('admin.failures.noMails')}</p>;
  return (
    <ul className="failure-list">
      {mails.data.map((mail) => (
        <li key={mail.id} className="failure-item">
          <div className="failure-main">
            <p className="fw-semibold mb-1 text-break">{mail.subject}</p>
            <p className="mb-1 small text-break">
              {t('admin.failures.to', { address: mail.toAddress })} · <span className="font-monospace">{mail.template}</span>
            </p>
            <p className="mb-1 text-break failure-reason">{mail.lastError ?? t('admin.failures.noReason')}</p>
            <p className="small text-muted mb-0">
              {t('admin.failures.mailMeta', { when: when(mail.createdAt), attempts: mail.attempts })}
              {mail.ticketId && (
                <>
                  {' · '}
                  <Link to={`/ticket/${mail.ticketId}`}>{t('admin.failures.openTicket')}</Link>
                </>
              )}
            </p>
          </div>
          <Button color="primary" outline size="sm" disabled={retry.isPending} onClick={() => retry.mutate(mail.id)} aria-label={t('admin.failures.retryMail', { to: mail.toAddress })}>
            {t('admin.failures.retry')}
          </Button>
        </li>
      ))}
      {retry.isError && <ErrorAlert error={retry.error} className="mt-2" />}
    </ul>
  );
}

/** Official notices by PEC that did not reach the Ente: why, and where it was meant to go (issue 21, point 3). */
function NoticeProblems() {
  const { t } = useTranslation();
  const notices = useNoticeProblems();
  const retry = useRetryNotice();
  const when = useFormatInstant();
  if (notices.isPending) return <Loading minHeight="6rem" />;
  if (notices.isError) return <ErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />;
  return (
    <>
      {!notices.data.pecConfigured && (
        <Alert color="warning" className="mb-3">
          {t('admin.failures.pecNotConfigured')}
        </Alert>
      )}
      {notices.data.notices.length === 0 ? (
        <p className="ticket-empty">{t('admin.failures.noNotices')}</p>
      ) : (
        <ul className="failure-list">
          {notices.data.notices.map((n) => (
            <li key={n.id} className="failure-item">
              <div className="failure-main">
                <p className="fw-semibold mb-1 text-break">{n.subject}</p>
                <p className="mb-1 small text-break">
                  {n.enteName} · {n.toAddress ? t('admin.failures.to', { address: n.toAddress }) : t('admin.failures.noPecAddress')} · {t(`admin.failures.noticeStatus.${n.status}`)}
                </p>
                <p className="mb-1 text-break failure-reason">{n.reason ?? n.lastError ?? t('admin.failures.noReason')}</p>
                <p className="small text-muted mb-0">
                  {t('admin.failures.noticeMeta', { when: when(n.createdAt) })}
                  {n.ticketId && (
                    <>
                      {' · '}
                      <Link to={`/ticket/${n.ticketId}`}>{t('admin.failures.openTicket')}</Link>
                    </>
                  )}
                </p>
              </div>
              <Button color="primary" outline size="sm" disabled={retry.isPending} onClick={() => retry.mutate(n.id)} aria-label={t('admin.failures.retryNotice', { subject: n.subject, ente: n.enteName })}>
                {t('admin.failures.retry')}
              </Button>
            </li>
          ))}
          {retry.isError && <ErrorAlert error={retry.error} className="mt-2" />}
        </ul>
      )}
    </>
  );
}

export function FailuresPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.failures.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.failures.intro')}</p>
      <section aria-labelledby="failed-jobs" className="mb-5">
        <h2 id="failed-jobs" className="h4">
          {t('admin.failures.jobs')}
        </h2>
        <FailedJobs />
      </section>
      <section aria-labelledby="failed-mails">
        <h2 id="failed-mails" className="h4">
          {t('admin.failures.mails')}
        </h2>
        <FailedMails />
      </section>
      <section aria-labelledby="failed-notices" className="mt-5">
        <h2 id="failed-notices" className="h4">
          {t('admin.failures.notices')}
        </h2>
        <NoticeProblems />
      </section>
    </>
  );
}
