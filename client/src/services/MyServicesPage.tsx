import { useEffect, useId, useMemo } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Col, Container, Icon, Row } from 'design-react-kit';
import { formatEuro, isStaff, type CatalogService, type ServiceRecordDto } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { EnteSelect } from '../tickets/EnteSelect';
import { useCatalog, useServiceRecords } from './api';
import { ExportButtons } from '../exports/ExportButtons';
import { capitalise, useFormatDate } from './format';
import { RecordDetails } from './RecordDetails';
import { UsageItem } from './UsageItem';

function cancelUrl(record: ServiceRecordDto): string {
  const q = new URLSearchParams({ categoria: 'cancellation', servizio: record.serviceCode, ente: record.ente.id, record: record.id });
  return `/ticket/nuovo?${q.toString()}`;
}

function Cost({ record }: { record: ServiceRecordDto }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={record.free ? 'cost-tag cost-tag-free' : 'cost-tag cost-tag-paid'}>
        <Icon icon={record.free ? 'it-check-circle' : 'it-card'} size="xs" aria-hidden="true" className="me-1" />
        {record.free ? t('services.free') : record.annualCents !== null ? t('quote.perYear', { amount: formatEuro(record.annualCents) }) : t('services.paid')}
      </span>
      {record.freeReason && <span className="d-block small text-muted">{record.freeReason}</span>}
    </>
  );
}

function RecordAction({ record, service, canRequest }: { record: ServiceRecordDto; service: CatalogService | undefined; canRequest: boolean }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  if (record.cancellationProtocol || (record.endsOn && record.active)) {
    return <span className="small">{record.endsOn ? t('services.endsOn', { date: formatDate(record.endsOn) }) : t('services.cancelRequested')}</span>;
  }
  if (!record.active || !canRequest || !service?.requestable) return null;
  const unitName = `${capitalise(service.unit.singular)} n. ${record.unitIndex}${record.unitLabel ? ` – ${record.unitLabel}` : ''}`;
  return (
    <Link to={cancelUrl(record)} className="btn btn-outline-danger btn-xs text-nowrap record-cancel" aria-label={`${t('services.requestCancellation')}: ${unitName}`}>
      {t('services.requestCancellation')}
    </Link>
  );
}

function ServiceGroup({
  code,
  records,
  service,
  canRequest,
  canEditNotes,
}: {
  code: string;
  records: ServiceRecordDto[];
  service: CatalogService | undefined;
  canRequest: boolean;
  canEditNotes: boolean;
}) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const headingId = useId();
  const labelHeader = service?.unitLabel ?? t('services.col.label');
  const name = (r: ServiceRecordDto) => `${t('services.unitN', { n: r.unitIndex })}`;
  return (
    <Card className="service-group mb-4" shadow="sm" rounded>
      <section className="it-card-body" aria-labelledby={headingId}>
        <h2 id={headingId} className="h5 mb-1">
          {service?.name ?? code}
        </h2>
        <p className="small text-muted mb-3">
          {t('services.groupCount', { count: records.length, unit: records.length === 1 ? (service?.unit.singular ?? '') : (service?.unit.plural ?? '') })}
        </p>
        <div className="table-responsive d-none d-md-block">
          <table className="table table-sm align-middle services-table mb-0">
            <caption className="visually-hidden">{service?.name ?? code}</caption>
            <thead>
              <tr>
                <th scope="col">{t('services.col.unit')}</th>
                <th scope="col">{labelHeader}</th>
                <th scope="col">{t('services.col.cost')}</th>
                <th scope="col">{t('services.col.from')}</th>
                <th scope="col">{t('services.col.to')}</th>
                <th scope="col">{t('services.col.request')}</th>
                <th scope="col">{t('services.col.details')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('services.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id} id={`record-${r.id}`} className={r.active ? undefined : 'record-ended'}>
                  <th scope="row" className="text-nowrap">
                    {name(r)}
                  </th>
                  <td className="text-break">{r.unitLabel ?? <span className="text-muted">{t('services.noLabel')}</span>}</td>
                  <td>
                    <Cost record={r} />
                  </td>
                  <td className="text-nowrap">{formatDate(r.startsOn)}</td>
                  <td className="text-nowrap">
                    {r.endsOn ? formatDate(r.endsOn) : t('services.untilCancelled')}
                    {r.endReason && <span className="d-block small text-muted text-wrap">{t(`services.endReason.${r.endReason}`)}</span>}
                  </td>
                  <td className="text-nowrap">
                    <RequestLink ticketId={r.requestTicketId} protocol={r.protocol} />
                  </td>
                  <td>
                    <RecordDetails record={r} canEditNotes={canEditNotes} where="table" />
                  </td>
                  <td className="text-end">
                    <RecordAction record={r} service={service} canRequest={canRequest} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="record-cards d-md-none list-unstyled mb-0">
          {records.map((r) => (
            <li key={r.id} id={`record-card-${r.id}`} className="record-card">
              <p className="fw-semibold mb-1">
                {name(r)}
                {r.unitLabel && <> – <span className="text-break">{r.unitLabel}</span></>}
              </p>
              <dl className="ticket-card-facts">
                <dt>{t('services.col.cost')}</dt>
                <dd>
                  <Cost record={r} />
                </dd>
                <dt>{t('services.col.from')}</dt>
                <dd>{formatDate(r.startsOn)}</dd>
                <dt>{t('services.col.to')}</dt>
                <dd>
                  {r.endsOn ? formatDate(r.endsOn) : t('services.untilCancelled')}
                  {r.endReason && <span className="d-block small text-muted">{t(`services.endReason.${r.endReason}`)}</span>}
                </dd>
                <dt>{t('services.col.request')}</dt>
                <dd>
                  <RequestLink ticketId={r.requestTicketId} protocol={r.protocol} />
                </dd>
              </dl>
              <RecordDetails record={r} canEditNotes={canEditNotes} where="card" />
              <div className="mt-2">
                <RecordAction record={r} service={service} canRequest={canRequest} />
              </div>
            </li>
          ))}
        </ul>
      </section>
    </Card>
  );
}

export function MyServicesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  const chooser = staff || user.visibleEnteCount > 1;
  const [params, setParams] = useSearchParams();
  const enteId = params.get('ente') ?? (chooser && !staff ? (user.enti[0]?.id ?? '') : '');
  const showEnded = params.get('tutti') === '1';
  const catalog = useCatalog();
  const ready = !chooser || enteId !== '';
  const records = useServiceRecords({ enteId: enteId || undefined, status: showEnded ? 'all' : 'active' }, ready);
  const serviceOf = (code: string) => catalog.data?.services.find((s) => s.code === code);
  const canRequest = user.role !== 'supplier_user';
  const { hash } = useLocation();

  // Arriving from the contracts dashboard (#record-<id>): bring that unit into view and mark it.
  useEffect(() => {
    const id = /^#record-([0-9a-f-]{36})$/.exec(hash)?.[1];
    if (!id || !records.data) return;
    const target = [document.getElementById(`record-${id}`), document.getElementById(`record-card-${id}`)].find((el) => el && el.offsetParent !== null);
    if (!target) return;
    target.classList.add('record-highlight');
    target.scrollIntoView({ block: 'center' });
  }, [hash, records.data]);

  const groups = useMemo(() => {
    const map = new Map<string, ServiceRecordDto[]>();
    for (const r of records.data?.items ?? []) map.set(r.serviceCode, [...(map.get(r.serviceCode) ?? []), r]);
    return [...map.entries()];
  }, [records.data]);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const title = staff ? t('services.titleStaff') : t('services.title');
  const usage = records.data?.usage ?? [];
  const newActivation = `/ticket/nuovo?${new URLSearchParams({ categoria: 'activation', ...(enteId ? { ente: enteId } : {}) }).toString()}`;

  return (
    <Container className="py-4 py-lg-5">
      <PageTitle className="mb-2">{title}</PageTitle>
      <p className="lead mb-4">{t('services.intro')}</p>
      {chooser && (
        <Row>
          <Col xs={12} md={8} lg={6}>
            <EnteSelect
              id="services-ente"
              label={t('services.ente')}
              value={enteId}
              onValueChange={(id) => update({ ente: id })}
              emptyLabel={t('newTicket.chooseEnte')}
            />
          </Col>
        </Row>
      )}
      <div className="services-toolbar d-flex flex-wrap align-items-center justify-content-between gap-3 mb-4">
        <div className="form-check my-0">
          <input id="services-ended" type="checkbox" checked={showEnded} onChange={(e) => update({ tutti: e.target.checked ? '1' : '' })} />
          <label htmlFor="services-ended">{t('services.showEnded')}</label>
        </div>
        {canRequest && ready && (
          <Link to={newActivation} className="btn btn-primary btn-sm">
            <Icon icon="it-plus" size="sm" color="white" aria-hidden="true" className="me-1" />
            {t('services.newActivation')}
          </Link>
        )}
      </div>

      {ready && <ExportButtons path="/api/services/records" query={{ enteId: enteId || undefined, status: showEnded ? 'all' : 'active' }} className="mb-3" />}
      {!ready ? (
        <p className="text-muted">{t('services.chooseEnte')}</p>
      ) : records.isPending ? (
        <Loading />
      ) : records.isError ? (
        <ErrorAlert error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <div aria-busy={records.isFetching}>
          {usage.length > 0 && (
            <Card className="usage-card mb-4" shadow="sm" rounded>
              <section className="it-card-body" aria-labelledby="usage-title">
                <h2 id="usage-title" className="h5">
                  {t('services.usageTitle')}
                </h2>
                <p className="small text-muted">{t('services.usageIntro')}</p>
                <ul className="usage-list list-unstyled mb-0">
                  {usage.map((u) => (
                    <UsageItem key={u.serviceCode} usage={u} service={serviceOf(u.serviceCode)} />
                  ))}
                </ul>
              </section>
            </Card>
          )}
          {groups.length === 0 ? (
            <div className="ticket-empty">
              <p className="mb-0">{showEnded ? t('services.emptyAll') : t('services.empty')}</p>
            </div>
          ) : (
            groups.map(([code, list]) => <ServiceGroup key={code} code={code} records={list} service={serviceOf(code)} canRequest={canRequest} canEditNotes={staff} />)
          )}
        </div>
      )}
    </Container>
  );
}

/** The request's protocol, linking to its ticket; records imported from SoftwareCit have no ticket here. */
function RequestLink({ ticketId, protocol }: { ticketId: string | null; protocol: string }) {
  if (!ticketId) return <span className="font-monospace">{protocol || '—'}</span>;
  return (
    <Link to={`/ticket/${ticketId}`} className="font-monospace">
      {protocol}
    </Link>
  );
}
