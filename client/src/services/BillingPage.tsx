import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge, Col, Container, Icon, Row } from 'design-react-kit';
import { formatEuro, isStaff, type BillingEntryDto } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { EnteSelect } from '../tickets/EnteSelect';
import { StatementsList } from '../admin/StatementsList';
import { useBillingEntries } from './api';
import { useFormatDate } from './format';

const FIRST_YEAR = 2021;

function StatusBadge({ status }: { status: BillingEntryDto['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'collected' ? 'success' : 'warning'} className={`ticket-badge billing-${status}`}>
      <Icon icon={status === 'collected' ? 'it-check-circle' : 'it-clock'} size="xs" color={status === 'collected' ? 'white' : undefined} aria-hidden="true" className="me-1" />
      {t(`billing.status.${status}`)}
    </Badge>
  );
}

export function BillingPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const chooser = staff || user.visibleEnteCount > 1;
  const formatDate = useFormatDate();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const yearParam = params.get('anno');
  const year = yearParam === 'tutti' ? undefined : Number(yearParam ?? thisYear) || thisYear;
  const enteId = params.get('ente') ?? '';
  const billing = useBillingEntries({ year, enteId: enteId || undefined });
  const mine = new Set(user.enti.map((e) => e.id));

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const years = Array.from({ length: thisYear + 1 - FIRST_YEAR + 1 }, (_, i) => thisYear + 1 - i);
  const items = billing.data?.items ?? [];
  const totals = billing.data?.totals;
  const period = (e: BillingEntryDto) => (e.half ? t('billing.half', { year: e.year, half: e.half }) : String(e.year));
  /** A capofila pays for its members: say it when the payer is not the Ente served. */
  const payer = (e: BillingEntryDto) => (
    <>
      {e.payer.name}
      {e.payer.id !== e.ente.id && mine.has(e.payer.id) && !staff && <span className="d-block small fw-semibold">{t('billing.paidByYou')}</span>}
    </>
  );

  return (
    <Container className="py-4 py-lg-5">
      <PageTitle className="mb-2">{t('billing.title')}</PageTitle>
      <p className="lead mb-4">{user.role === 'capofila_user' ? t('billing.introCapofila') : t('billing.intro')}</p>
      <Row className="align-items-end">
        <Col xs={12} sm={6} md={3}>
          <SelectField
            id="billing-year"
            label={t('billing.year')}
            value={year === undefined ? 'tutti' : String(year)}
            onValueChange={(v) => update({ anno: v === String(thisYear) ? '' : v })}
            options={[...years.map((y) => ({ value: String(y), label: String(y) })), { value: 'tutti', label: t('billing.allYears') }]}
          />
        </Col>
        {chooser && (
          <Col xs={12} sm={6} md={5}>
            <EnteSelect id="billing-ente" label={t('billing.ente')} value={enteId} onValueChange={(id) => update({ ente: id })} emptyLabel={t('tickets.filter.anyEnte')} />
          </Col>
        )}
      </Row>

      {billing.isPending ? (
        <Loading />
      ) : billing.isError ? (
        <ErrorAlert error={billing.error} onRetry={() => void billing.refetch()} />
      ) : (
        <div aria-busy={billing.isFetching}>
          {totals && (
            <section aria-labelledby="billing-totals-title" className="mb-4">
              <h2 id="billing-totals-title" className="visually-hidden">
                {t('billing.totalsTitle')}
              </h2>
              <dl className="billing-totals" aria-live="polite" aria-atomic="true">
                <div className="billing-total">
                  <dt>{t('billing.assessed')}</dt>
                  <dd>{formatEuro(totals.assessedCents)}</dd>
                </div>
                <div className="billing-total billing-total-collected">
                  <dt>{t('billing.collected')}</dt>
                  <dd>{formatEuro(totals.collectedCents)}</dd>
                </div>
                <div className="billing-total billing-total-outstanding">
                  <dt>{t('billing.outstanding')}</dt>
                  <dd>{formatEuro(totals.outstandingCents)}</dd>
                </div>
              </dl>
            </section>
          )}
          {items.length === 0 ? (
            <div className="ticket-empty">
              <p className="mb-0">{year ? t('billing.emptyYear', { year }) : t('billing.empty')}</p>
            </div>
          ) : (
            <>
              <div className="table-responsive d-none d-md-block">
                <table className="table align-middle billing-table">
                  <caption className="visually-hidden">{t('billing.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('billing.col.description')}</th>
                      <th scope="col">{t('billing.col.ente')}</th>
                      <th scope="col">{t('billing.col.payer')}</th>
                      <th scope="col">{t('billing.col.period')}</th>
                      <th scope="col" className="text-end">{t('billing.col.amount')}</th>
                      <th scope="col">{t('billing.col.status')}</th>
                      <th scope="col">{t('billing.col.due')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.id}>
                        <th scope="row" className="fw-normal">
                          {e.description}
                          {e.actReference && <span className="d-block small text-muted">{e.actReference}</span>}
                        </th>
                        <td className="small">{e.ente.name}</td>
                        <td className="small">{payer(e)}</td>
                        <td className="text-nowrap">{period(e)}</td>
                        <td className="text-end text-nowrap fw-semibold">{formatEuro(e.amountCents)}</td>
                        <td>
                          <StatusBadge status={e.status} />
                        </td>
                        <td className="text-nowrap">{e.dueOn ? formatDate(e.dueOn) : '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <ul className="ticket-cards d-md-none" aria-label={t('billing.caption')}>
                {items.map((e) => (
                  <li key={e.id} className="ticket-card">
                    <div className="d-flex justify-content-between gap-2 mb-1">
                      <span className="fw-semibold">{formatEuro(e.amountCents)}</span>
                      <StatusBadge status={e.status} />
                    </div>
                    <p className="mb-1">{e.description}</p>
                    <dl className="ticket-card-facts">
                      <dt>{t('billing.col.ente')}</dt>
                      <dd>{e.ente.name}</dd>
                      <dt>{t('billing.col.payer')}</dt>
                      <dd>{payer(e)}</dd>
                      <dt>{t('billing.col.period')}</dt>
                      <dd>{period(e)}</dd>
                      <dt>{t('billing.col.due')}</dt>
                      <dd>{e.dueOn ? formatDate(e.dueOn) : '–'}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="small text-muted mt-3">
            {t('billing.note')} <Link to="/servizi">{t('billing.seeServices')}</Link>
          </p>
        </div>
      )}
      <section aria-labelledby="billing-statements" className="mt-5">
        <h2 id="billing-statements" className="h4">
          {t('statements.title')}
        </h2>
        <p className="small text-muted">{t('statements.intro')}</p>
        <StatementsList year={year} enteId={enteId || undefined} showPayer={chooser} />
      </section>
    </Container>
  );
}
