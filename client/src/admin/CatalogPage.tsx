import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatEuro, type PriceList, type ServiceTariff, type TariffFees, type Value } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useFormatDate } from '../services/format';
import { useFullCatalog, type FullCatalog } from './api';

const NUMBER = new Intl.NumberFormat('it-IT', { useGrouping: 'always' });

/** A value that may depend on the residents band or on the kind of Ente, in one readable line per case. */
function ValueText({ value, money }: { value: Value; money: boolean }) {
  const { t } = useTranslation();
  const show = (n: number) => (money ? formatEuro(n) : NUMBER.format(n));
  if (typeof value === 'number') return <>{show(value)}</>;
  let from = 0;
  return (
    <ul className="list-unstyled mb-0 scaled-value">
      {value.comuni.map((band) => {
        const label =
          band.upTo === null
            ? t('admin.catalog.bandOver', { from: NUMBER.format(from) })
            : t('admin.catalog.bandUpTo', { to: NUMBER.format(band.upTo) });
        if (band.upTo !== null) from = band.upTo;
        return (
          <li key={`${band.upTo ?? 'open'}`}>
            {label}: <strong>{show(band.value)}</strong>
          </li>
        );
      })}
      <li>
        {t('admin.catalog.otherKinds')}: <strong>{show(value.otherKinds)}</strong>
      </li>
      {Object.entries(value.byKind ?? {}).map(([kind, v]) => (
        <li key={kind}>
          {t(`enteKinds.${kind as 'comune'}`)}: <strong>{show(v)}</strong>
        </li>
      ))}
    </ul>
  );
}

function Fees({ fees }: { fees: Partial<TariffFees> }) {
  const { t } = useTranslation();
  const rows: Array<[string, Value, string?]> = [];
  if (fees.activationCents !== undefined) rows.push([t('admin.catalog.fee.activation'), fees.activationCents]);
  if (fees.annual) rows.push([t('admin.catalog.fee.annual'), fees.annual.amountCents, fees.annual.proRata ? t('admin.catalog.proRata') : undefined]);
  if (fees.oneOffCents !== undefined) rows.push([t('admin.catalog.fee.oneOff'), fees.oneOffCents]);
  if (fees.usageCents !== undefined) rows.push([t('admin.catalog.fee.usage'), fees.usageCents]);
  if (rows.length === 0) return <span className="text-muted">{t('admin.catalog.noFees')}</span>;
  return (
    <dl className="catalog-fees mb-0">
      {rows.map(([label, value, note]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <ValueText value={value} money />
            {note && <span className="d-block small text-muted">{note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function TariffRow({ tariff, catalog }: { tariff: ServiceTariff; catalog: FullCatalog }) {
  const { t } = useTranslation();
  const service = catalog.services.find((s) => s.code === tariff.serviceCode);
  return (
    <tr>
      <th scope="row">
        {service?.name ?? tariff.serviceCode}
        <span className="d-block small text-muted fw-normal">{tariff.note}</span>
      </th>
      <td>
        {tariff.allowance ? (
          <>
            <ValueText value={tariff.allowance.amount} money={false} />
            <span className="d-block small text-muted">{t(`admin.catalog.per.${tariff.allowance.per}`)}</span>
          </>
        ) : (
          <span className="text-muted">{t('admin.catalog.noAllowance')}</span>
        )}
      </td>
      <td>
        <Fees fees={tariff.fees} />
        {Object.entries(tariff.variants ?? {}).map(([code, fees]) => (
          <div key={code} className="mt-2 small">
            <span className="fw-semibold">{service?.variants.find((v) => v.code === code)?.label ?? code}</span>
            <Fees fees={fees} />
          </div>
        ))}
      </td>
    </tr>
  );
}

function PriceListView({ list, catalog }: { list: PriceList; catalog: FullCatalog }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const q = list.membershipQuota;
  return (
    <div>
      <p className="mb-2">
        {t('admin.catalog.validity', { from: formatDate(list.startsOn), to: formatDate(list.endsOn) })}
        <span className="d-block small text-muted">{t('admin.catalog.source', { source: list.source })}</span>
      </p>
      <h3 className="h5 mt-3">{t('admin.catalog.quota')}</h3>
      <p>
        {q.method === 'recorded'
          ? t('admin.catalog.quotaRecorded', { fixed: formatEuro(q.fixedCents), above: NUMBER.format(q.fixedAboveResidents) })
          : t('admin.catalog.quotaCoefficient', { fixed: formatEuro(q.fixedCents) })}
      </p>
      {q.method === 'residents_coefficient' && (
        <ul className="small">
          {q.bands.map((b, i) => (
            <li key={i}>
              {b.upTo === null ? t('admin.catalog.bandRest') : t('admin.catalog.bandUpTo', { to: NUMBER.format(b.upTo) })}:{' '}
              {t('admin.catalog.coefficient', { value: String(b.coefficient).replace('.', ',') })}
            </li>
          ))}
        </ul>
      )}
      <div className="table-responsive">
        <table className="table align-top catalog-table">
          <caption className="visually-hidden">{t('admin.catalog.tariffsOf', { name: list.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.catalog.col.service')}</th>
              <th scope="col">{t('admin.catalog.col.allowance')}</th>
              <th scope="col">{t('admin.catalog.col.fees')}</th>
            </tr>
          </thead>
          <tbody>
            {list.services.map((tariff) => (
              <TariffRow key={tariff.serviceCode} tariff={tariff} catalog={catalog} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function CatalogPage() {
  const { t } = useTranslation();
  const catalog = useFullCatalog();
  const [chosen, setChosen] = useState<string | null>(null);
  const baseId = useId();
  if (catalog.isPending) return <Loading />;
  if (catalog.isError) return <ErrorAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;
  const lists = catalog.data.priceLists;
  const today = new Date().toISOString().slice(0, 10);
  const current = lists.find((l) => l.startsOn <= today && today <= l.endsOn) ?? lists[lists.length - 1];
  const active = lists.find((l) => l.period === chosen) ?? current;
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.catalog.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.catalog.intro')}</p>

      <section aria-labelledby={`${baseId}-services`} className="mb-5">
        <h2 id={`${baseId}-services`} className="h4">
          {t('admin.catalog.services')}
        </h2>
        <ul className="catalog-services">
          {catalog.data.services.map((s) => (
            <li key={s.code}>
              <p className="fw-semibold mb-1">
                {s.name} <span className="small text-muted font-monospace">{s.code}</span>
              </p>
              <p className="small mb-1">{s.description}</p>
              <p className="small text-muted mb-0">
                {[
                  s.requestable ? t('admin.catalog.requestable') : t('admin.catalog.notRequestable'),
                  s.usageBased ? t('admin.catalog.usageBased') : null,
                  s.unitLabel ? t('admin.catalog.unitLabel', { label: s.unitLabel }) : null,
                  s.variants.length > 0 ? t('admin.catalog.variants', { list: s.variants.map((v) => v.label).join(', ') }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={`${baseId}-lists`}>
        <h2 id={`${baseId}-lists`} className="h4">
          {t('admin.catalog.priceLists')}
        </h2>
        {active && (
          <>
            <div className="btn-group mb-3 flex-wrap" role="group" aria-label={t('admin.catalog.chooseList')}>
              {lists.map((l) => (
                <button
                  key={l.period}
                  type="button"
                  className={l.period === active.period ? 'btn btn-primary btn-sm' : 'btn btn-outline-primary btn-sm'}
                  aria-pressed={l.period === active.period}
                  onClick={() => setChosen(l.period)}
                >
                  {l.name}
                  {l.period === current?.period && ` (${t('admin.catalog.current')})`}
                </button>
              ))}
            </div>
            <PriceListView list={active} catalog={catalog.data} />
          </>
        )}
      </section>
    </>
  );
}
