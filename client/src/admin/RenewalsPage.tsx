import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Col, Row } from 'design-react-kit';
import { can, effectiveFrom, formatEuro, type PriceList, type RenewalPreviewUnit } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { useCatalog } from '../services/api';
import { useRenewalPreview, useSendRenewalNotices } from './renewalsApi';

/** Years with a published price list in force on their 1 January (from the API): only those can be previewed. */
const hasList = (lists: readonly PriceList[], year: number) =>
  lists.some((l) => l.startsOn <= `${year}-01-01` && `${year}-01-01` <= l.endsOn && effectiveFrom(l) <= `${year}-01-01`);

function NoticeCard({ year }: { year: number }) {
  const { t } = useTranslation();
  const send = useSendRenewalNotices();
  return (
    <section aria-labelledby="renewal-notice-title" className="admin-card mt-4">
      <h2 id="renewal-notice-title" className="h5">
        {t('admin.renewals.noticeTitle')}
      </h2>
      <p className="small">{t('admin.renewals.noticeIntro', { year })}</p>
      <Button type="button" color="primary" outline disabled={send.isPending} onClick={() => send.mutate(year)}>
        {send.isPending ? t('admin.renewals.noticeSending') : t('admin.renewals.noticeSend')}
      </Button>
      <div aria-live="polite">
        {send.isSuccess && (
          <Alert color="success" fade={false} className="mt-3 mb-0">
            {t('admin.renewals.noticeQueued', { year: send.data.year })}
          </Alert>
        )}
      </div>
      {send.isError && <ErrorAlert error={send.error} className="mt-3" />}
    </section>
  );
}

/** /admin/rinnovi: the December preview of the 1 January renewal, per Ente, with totals; "Avvisa gli Enti". */
export function RenewalsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const catalog = useCatalog();
  const serviceName = (code: string) => catalog.data?.services.find((s) => s.code === code)?.name ?? code;
  const thisYear = new Date().getFullYear();
  const years = catalog.data ? [thisYear + 1, thisYear].filter((y) => hasList(catalog.data.priceLists, y)) : [];
  const [chosen, setYear] = useState<string | null>(null);
  const year = chosen ?? String(years[0] ?? thisYear);
  const preview = useRenewalPreview(catalog.data ? Number(year) : null);
  const data = preview.data;

  const outcome = (u: RenewalPreviewUnit) =>
    u.action === 'renew'
      ? t('admin.renewals.renews')
      : t('admin.renewals.ends', { date: `31/12/${Number(year) - 1}` });
  const reason = (u: RenewalPreviewUnit) => t(`admin.renewals.reason.${u.reason}`, { list: data?.priceList ?? '' });

  return (
    <>
      <PageTitle className="mb-2">{t('admin.renewals.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.renewals.intro')}</p>
      <Row className="align-items-end">
        <Col xs={12} sm={6} md={4}>
          <SelectField
            id="renewal-year"
            label={t('admin.renewals.year')}
            value={year}
            onValueChange={setYear}
            options={years.map((y) => ({ value: String(y), label: t('admin.renewals.yearOption', { year: y }) }))}
          />
        </Col>
      </Row>
      {preview.isPending ? (
        <Loading />
      ) : preview.isError ? (
        <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
      ) : data ? (
        <div aria-busy={preview.isFetching}>
          <section aria-labelledby="renewal-totals-title" className="mb-4">
            <h2 id="renewal-totals-title" className="visually-hidden">
              {t('admin.renewals.totalsTitle')}
            </h2>
            <p className="small">{t('admin.renewals.priceList', { list: data.priceList, year: data.year })}</p>
            <dl className="billing-totals" aria-live="polite" aria-atomic="true">
              <div className="billing-total">
                <dt>{t('admin.renewals.totalRenew')}</dt>
                <dd>{data.totals.renewCount}</dd>
              </div>
              <div className="billing-total billing-total-collected">
                <dt>{t('admin.renewals.totalFree')}</dt>
                <dd>{data.totals.freeCount}</dd>
              </div>
              <div className="billing-total">
                <dt>{t('admin.renewals.totalAmount')}</dt>
                <dd>{formatEuro(data.totals.amountCents)}</dd>
              </div>
              <div className="billing-total billing-total-outstanding">
                <dt>{t('admin.renewals.totalEnd')}</dt>
                <dd>{data.totals.endCount}</dd>
              </div>
            </dl>
          </section>
          {data.enti.length === 0 ? (
            <div className="ticket-empty">
              <p className="mb-0">{t('admin.renewals.empty', { year: data.year })}</p>
            </div>
          ) : (
            <div className="table-responsive">
              <table className="table align-middle billing-table">
                <caption>{t('admin.renewals.caption', { year: data.year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.renewals.col.unit')}</th>
                    <th scope="col">{t('admin.renewals.col.outcome')}</th>
                    <th scope="col">{t('admin.renewals.col.reason')}</th>
                    <th scope="col" className="text-end">
                      {t('admin.renewals.col.amount', { year: data.year })}
                    </th>
                  </tr>
                </thead>
                {data.enti.map((e) => (
                  <Fragment key={e.ente.id}>
                    <tbody>
                      <tr className="table-light">
                        <th scope="rowgroup" colSpan={4}>
                          {e.ente.name}
                          {!e.member && <span className="d-block small fw-normal">{t('admin.renewals.notMember', { list: data.priceList })}</span>}
                        </th>
                      </tr>
                      {e.units.map((u) => (
                        <tr key={u.recordId}>
                          <th scope="row" className="fw-normal">
                            {serviceName(u.serviceCode)} {t('services.unitN', { n: u.unitIndex })}
                            {u.unitLabel && <span className="d-block small text-muted">{u.unitLabel}</span>}
                          </th>
                          <td className={u.action === 'end' ? 'fw-semibold' : undefined}>{outcome(u)}</td>
                          <td className="small">{reason(u)}</td>
                          <td className="text-end text-nowrap">{u.amountCents === null ? '–' : formatEuro(u.amountCents)}</td>
                        </tr>
                      ))}
                      <tr>
                        <td colSpan={3} className="small">
                          {t('admin.renewals.subtotal', { name: e.ente.name, renew: e.renewCount, end: e.endCount })}
                        </td>
                        <td className="text-end text-nowrap fw-semibold">{formatEuro(e.amountCents)}</td>
                      </tr>
                    </tbody>
                  </Fragment>
                ))}
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {t('admin.renewals.total')}
                    </th>
                    <td className="text-end text-nowrap fw-bold">{formatEuro(data.totals.amountCents)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {can(user, 'renewals.notify') && <NoticeCard year={data.year} />}
        </div>
      ) : null}
    </>
  );
}
