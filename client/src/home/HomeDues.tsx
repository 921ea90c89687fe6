import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import { formatEuro, type EnteHome } from '@cit/shared';
import { useFormatDate } from '../services/format';
import { statementPdfUrl } from './api';
import { HomeCard } from './HomeCard';

/** What the Ente has to pay and by when: the membership quota, open amounts by due date, the latest statement. */
export function HomeDues({ home }: { home: EnteHome }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { quota, upcoming, outstandingCents, overdueCents, latestStatement: statement } = home.dues;
  const selfPaid = quota?.payer.id === home.ente.id;
  return (
    <HomeCard title={t('enteHome.dues.title')} className="home-dues">
      <dl className="home-dues-list">
        <dt>{t('enteHome.dues.outstanding')}</dt>
        <dd>
          <strong className="home-amount">{formatEuro(outstandingCents)}</strong>
          {overdueCents > 0 && <span className="d-block text-danger fw-semibold">{t('enteHome.dues.overdue', { amount: formatEuro(overdueCents) })}</span>}
        </dd>
        {quota && (
          <>
            <dt>{t('enteHome.dues.quota', { year: quota.year })}</dt>
            <dd>
              {formatEuro(quota.amountCents)}
              {quota.dueOn && <> · {t('enteHome.dues.dueBy', { date: formatDate(quota.dueOn) })}</>}
              {' · '}
              {quota.collected ? t('enteHome.dues.collected') : t('enteHome.dues.toPay')}
              {!selfPaid && <span className="d-block small text-muted">{t('enteHome.dues.paidBy', { payer: quota.payer.name })}</span>}
            </dd>
          </>
        )}
      </dl>
      {upcoming.length > 0 && (
        <>
          <h3 className="h6 mt-3">{t('enteHome.dues.deadlines')}</h3>
          <ul className="home-deadlines">
            {upcoming.map((d) => (
              <li key={d.dueOn ?? 'statement'} className={d.dueOn !== null && d.dueOn < home.today ? 'text-danger' : undefined}>
                <span>{d.dueOn ? t('enteHome.dues.dueBy', { date: formatDate(d.dueOn) }) : t('enteHome.dues.withStatement')}</span>
                <span className="text-nowrap">
                  <strong>{formatEuro(d.amountCents)}</strong> <span className="small text-muted">({t('enteHome.dues.entries', { count: d.entryCount })})</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 className="h6 mt-3">{t('enteHome.dues.statement')}</h3>
      {statement ? (
        <div className="home-statement">
          <p className="mb-1">
            {t('enteHome.dues.statementOf', {
              number: statement.number,
              year: statement.year,
              version: statement.version,
              period: t('billing.half', { year: statement.year, half: statement.half }),
            })}
          </p>
          <p className="mb-1">
            {t('enteHome.dues.statementOutstanding')} <strong className="home-amount">{formatEuro(statement.outstandingCents)}</strong> ·{' '}
            {t('enteHome.dues.dueBy', { date: formatDate(statement.dueOn) })}
          </p>
          {statement.hasPdf && (
            <a href={statementPdfUrl(statement.id)} download className="d-inline-flex align-items-center">
              <Icon icon="it-download" size="sm" color="primary" aria-hidden="true" className="me-1" />
              {t('enteHome.dues.download', { number: statement.number, year: statement.year })}
            </a>
          )}
        </div>
      ) : (
        <p className="mb-0">{t('enteHome.dues.noStatement')}</p>
      )}
      <Link to="/addebiti" className="d-inline-block mt-3">
        {t('enteHome.dues.all')}
      </Link>
    </HomeCard>
  );
}
