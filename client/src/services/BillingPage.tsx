import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Col, Container, Icon, Row } from 'design-react-kit';
import { can, formatEuro, isStaff, type BillingEntryDto } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { EnteSelect } from '../tickets/EnteSelect';
import { StatementsList } from '../admin/StatementsList';
import { billingQuery, useBillingEntries } from './api';
import { ExportButtons } from '../exports/ExportButtons';
import { useFormatDate } from './format';
import { AccountingForm } from './AccountingForm';

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

/** Capitolo and accertamento as SoftwareCit listed them: «Acc. 1003/2026 del 02/04/2026», then the chapter. */
function Accounting({ entry }: { entry: BillingEntryDto }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  if (!entry.assessmentNumber && !entry.budgetChapter) return <span className="text-muted">{t('billing.accounting.none')}</span>;
  return (
    <>
      {entry.assessmentNumber && entry.assessmentDate && (
        <span className="d-block">{t('billing.accounting.assessment', { number: entry.assessmentNumber, date: formatDate(entry.assessmentDate) })}</span>
      )}
      {entry.budgetChapter && <span className="d-block small text-muted text-break">{t('billing.accounting.chapterShort', { chapter: entry.budgetChapter })}</span>}
    </>
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
  const assessmentParam = params.get('accertamento');
  const assessment = assessmentParam === 'presente' ? 'present' : assessmentParam === 'mancante' ? 'missing' : undefined;
  const outstandingParam = params.get('residuo');
  const outstanding = outstandingParam === 'si' ? true : outstandingParam === 'no' ? false : undefined;
  const [chapterInput, setChapterInput] = useState(params.get('capitolo') ?? '');
  const chapter = useDebouncedValue(chapterInput.trim(), 400);
  const billing = useBillingEntries({ year, enteId: enteId || undefined, chapter: chapter || undefined, assessment, outstanding });
  const mine = new Set(user.enti.map((e) => e.id));
  const manager = can(user, 'billing.manage');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [saved, setSaved] = useState('');

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
  const visibleSelected = items.filter((e) => selected.has(e.id)).map((e) => e.id);
  const toggle = (id: string, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const done = (count: number) => {
    setEditing(null);
    setBulkOpen(false);
    setSelected(new Set());
    setSaved(t('billing.accounting.saved', { count }));
  };
  const editButton = (e: BillingEntryDto) => (
    <Button
      type="button"
      color="primary"
      outline
      size="xs"
      className="text-nowrap"
      aria-expanded={editing === e.id}
      aria-label={t('billing.accounting.editFor', { description: e.description })}
      onClick={() => {
        setSaved('');
        setEditing(editing === e.id ? null : e.id);
      }}
    >
      {t('billing.accounting.edit')}
    </Button>
  );
  // The table and the cards are both in the page (one hidden by CSS): each form gets its own ids.
  const entryForm = (e: BillingEntryDto, where: 'table' | 'card') => (
    <AccountingForm
      idPrefix={`accounting-${where}-${e.id}`}
      entryIds={[e.id]}
      initial={{ budgetChapter: e.budgetChapter, assessmentNumber: e.assessmentNumber, assessmentDate: e.assessmentDate }}
      title={t('billing.accounting.formFor', { description: e.description })}
      onDone={done}
      onCancel={() => setEditing(null)}
    />
  );
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
      <Row className="align-items-end">
        <Col xs={12} sm={6} md={4}>
          <TextField
            id="billing-chapter"
            label={t('billing.filter.chapter')}
            hint={t('billing.filter.chapterHint')}
            maxLength={200}
            value={chapterInput}
            onValueChange={(v) => {
              setChapterInput(v);
              update({ capitolo: v.trim() });
            }}
          />
        </Col>
        <Col xs={12} sm={6} md={4}>
          <SelectField
            id="billing-assessment"
            label={t('billing.filter.assessment')}
            value={assessmentParam ?? ''}
            onValueChange={(v) => update({ accertamento: v })}
            options={[
              { value: '', label: t('billing.filter.any') },
              { value: 'presente', label: t('billing.filter.assessmentPresent') },
              { value: 'mancante', label: t('billing.filter.assessmentMissing') },
            ]}
          />
        </Col>
        <Col xs={12} sm={6} md={4}>
          <SelectField
            id="billing-outstanding"
            label={t('billing.filter.outstanding')}
            value={outstandingParam ?? ''}
            onValueChange={(v) => update({ residuo: v })}
            options={[
              { value: '', label: t('billing.filter.any') },
              { value: 'si', label: t('billing.filter.outstandingYes') },
              { value: 'no', label: t('billing.filter.outstandingNo') },
            ]}
          />
        </Col>
      </Row>
      <div aria-live="polite" className="mb-3">
        {saved && (
          <Alert color="success" fade={false} className="mb-0">
            {saved}
          </Alert>
        )}
      </div>
      {manager && visibleSelected.length > 0 && (
        <section aria-labelledby="billing-bulk-title" className="admin-card mb-4">
          <h2 id="billing-bulk-title" className="h5">
            {t('billing.accounting.bulkTitle', { count: visibleSelected.length })}
          </h2>
          {bulkOpen ? (
            <AccountingForm
              idPrefix="accounting-bulk"
              entryIds={visibleSelected}
              title={t('billing.accounting.bulkTitle', { count: visibleSelected.length })}
              onDone={done}
              onCancel={() => setBulkOpen(false)}
            />
          ) : (
            <Button type="button" color="primary" size="sm" onClick={() => setBulkOpen(true)}>
              {t('billing.accounting.bulkOpen')}
            </Button>
          )}
        </section>
      )}

      <ExportButtons path="/api/billing/entries" query={billingQuery({ year, enteId: enteId || undefined, chapter: chapter || undefined, assessment, outstanding })} className="mb-3" />
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
                      {manager && (
                        <th scope="col">
                          <span className="visually-hidden">{t('billing.accounting.select')}</span>
                        </th>
                      )}
                      <th scope="col">{t('billing.col.description')}</th>
                      <th scope="col">{t('billing.col.ente')}</th>
                      <th scope="col">{t('billing.col.payer')}</th>
                      <th scope="col">{t('billing.col.period')}</th>
                      <th scope="col" className="text-end">{t('billing.col.amount')}</th>
                      <th scope="col">{t('billing.col.status')}</th>
                      <th scope="col">{t('billing.col.due')}</th>
                      <th scope="col">{t('billing.col.accounting')}</th>
                      <th scope="col" className="text-end">{t('billing.col.outstanding')}</th>
                      {manager && (
                        <th scope="col">
                          <span className="visually-hidden">{t('billing.col.actions')}</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((e) => (
                      <Fragment key={e.id}>
                        <tr>
                          {manager && (
                            <td>
                              <input
                                type="checkbox"
                                className="form-check-input"
                                id={`billing-select-${e.id}`}
                                checked={selected.has(e.id)}
                                onChange={(ev) => toggle(e.id, ev.target.checked)}
                                aria-label={t('billing.accounting.selectEntry', { description: e.description })}
                              />
                            </td>
                          )}
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
                          <td className="small">
                            <Accounting entry={e} />
                          </td>
                          <td className="text-end text-nowrap">{formatEuro(e.outstandingCents)}</td>
                          {manager && <td className="text-end">{editButton(e)}</td>}
                        </tr>
                        {manager && editing === e.id && (
                          <tr className="accounting-row">
                            <td colSpan={11}>{entryForm(e, 'table')}</td>
                          </tr>
                        )}
                      </Fragment>
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
                      <dt>{t('billing.col.accounting')}</dt>
                      <dd>
                        <Accounting entry={e} />
                      </dd>
                      <dt>{t('billing.col.outstanding')}</dt>
                      <dd>{formatEuro(e.outstandingCents)}</dd>
                    </dl>
                    {manager && (
                      <div className="mt-2">
                        {editButton(e)}
                        {editing === e.id && <div className="mt-3">{entryForm(e, 'card')}</div>}
                      </div>
                    )}
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
