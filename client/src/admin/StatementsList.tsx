import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from 'design-react-kit';
import { formatEuro, type StatementDto } from '@cit/shared';
import { PagoPaDialog } from './PagoPaDialog';
import { useFormatDate } from '../services/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { statementFileUrl, useStatements } from './api';
import { ExportButtons } from '../exports/ExportButtons';

/** Half-year statements with their PDF and CSV: for the staff (all payers) and for an Ente (what it pays). */
export function StatementsList({ year, enteId, showPayer, canSetPagoPa = false }: { year?: number; enteId?: string; showPayer: boolean; canSetPagoPa?: boolean }) {
  const { t } = useTranslation();
  const [pagoPaFor, setPagoPaFor] = useState<StatementDto | null>(null);
  const statements = useStatements({ year, enteId });
  const formatDate = useFormatDate();
  if (statements.isPending) return <Loading minHeight="6rem" />;
  if (statements.isError) return <ErrorAlert error={statements.error} onRetry={() => void statements.refetch()} />;
  const items = statements.data.items;
  if (items.length === 0) return <p className="ticket-empty">{year ? t('statements.emptyYear', { year }) : t('statements.empty')}</p>;
  const period = (s: (typeof items)[number]) => t('billing.half', { year: s.year, half: s.half });
  const number = (s: (typeof items)[number]) => t('statements.number', { number: s.number, year: s.year, version: s.version });
  const downloads = (s: (typeof items)[number]) => (
    <span className="d-inline-flex gap-3 flex-wrap">
      <a href={statementFileUrl(s.id, 'pdf')} download aria-label={t('statements.pdfOf', { payer: s.payer.name, period: period(s) })}>
        <Icon icon="it-file" size="sm" color="primary" aria-hidden="true" className="me-1" />
        PDF
      </a>
      <a href={statementFileUrl(s.id, 'csv')} download aria-label={t('statements.csvOf', { payer: s.payer.name, period: period(s) })}>
        <Icon icon="it-file" size="sm" color="primary" aria-hidden="true" className="me-1" />
        CSV
      </a>
      {canSetPagoPa && (
        <Button color="primary" outline size="xs" onClick={() => setPagoPaFor(s)} aria-label={t('statements.pagopa.open', { payer: s.payer.name, period: period(s) })}>
          pagoPA
        </Button>
      )}
    </span>
  );
  return (
    <div aria-busy={statements.isFetching}>
      <ExportButtons path="/api/billing/statements" query={{ year, enteId }} className="mb-3" />
      {pagoPaFor && <PagoPaDialog statement={pagoPaFor} label={`${period(pagoPaFor)} – ${pagoPaFor.payer.name}`} onClose={() => setPagoPaFor(null)} />}
      <div className="table-responsive d-none d-md-block">
        <table className="table align-middle statements-table">
          <caption className="visually-hidden">{t('statements.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statements.col.period')}</th>
              {showPayer && <th scope="col">{t('statements.col.payer')}</th>}
              <th scope="col" className="text-end">
                {t('statements.col.total')}
              </th>
              <th scope="col" className="text-end">
                {t('statements.col.outstanding')}
              </th>
              <th scope="col">{t('statements.col.due')}</th>
              <th scope="col">{t('statements.col.entries')}</th>
              <th scope="col">{t('statements.col.files')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="text-nowrap">
                  {period(s)}
                  <span className="d-block small text-muted fw-normal">{number(s)}</span>
                </th>
                {showPayer && (
                  <td>
                    {s.payer.name}
                    {s.consolidated && <span className="d-block small text-muted">{t('statements.consolidated')}</span>}
                  </td>
                )}
                <td className="text-end text-nowrap">{formatEuro(s.totalCents)}</td>
                <td className="text-end text-nowrap fw-semibold">{formatEuro(s.outstandingCents)}</td>
                <td className="text-nowrap">{formatDate(s.dueOn)}</td>
                <td>{s.entryCount}</td>
                <td>{downloads(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="ticket-cards d-md-none" aria-label={t('statements.caption')}>
        {items.map((s) => (
          <li key={s.id} className="ticket-card">
            <div className="d-flex justify-content-between gap-2 mb-1">
              <span className="fw-semibold">{period(s)}</span>
              <span className="fw-semibold">{formatEuro(s.outstandingCents)}</span>
            </div>
            <dl className="ticket-card-facts">
              <dt>{t('statements.col.number')}</dt>
              <dd>{number(s)}</dd>
              <dt>{t('statements.col.total')}</dt>
              <dd>{formatEuro(s.totalCents)}</dd>
              {showPayer && (
                <>
                  <dt>{t('statements.col.payer')}</dt>
                  <dd>{s.payer.name}</dd>
                </>
              )}
              <dt>{t('statements.col.due')}</dt>
              <dd>{formatDate(s.dueOn)}</dd>
              <dt>{t('statements.col.entries')}</dt>
              <dd>{s.entryCount}</dd>
            </dl>
            <div className="mt-2">{downloads(s)}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
