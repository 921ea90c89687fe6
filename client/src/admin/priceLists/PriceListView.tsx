import { useTranslation } from 'react-i18next';
import { formatEuro, type CatalogService, type PriceList, type ServiceTariff, type TariffFees, type Value } from '@cit/shared';
import { useFormatDate } from '../../services/format';

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

function TariffRow({ tariff, services }: { tariff: ServiceTariff; services: readonly CatalogService[] }) {
  const { t } = useTranslation();
  const service = services.find((s) => s.code === tariff.serviceCode);
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

/** A price list as the CIT reads it: validity, quota rule, and per service the allowance and the fees. */
export function PriceListView({ list, services }: { list: PriceList; services: readonly CatalogService[] }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const q = list.membershipQuota;
  return (
    <div>
      <p className="mb-2">
        {t('admin.catalog.validity', { from: formatDate(list.startsOn), to: formatDate(list.endsOn) })}{' '}
        {list.effectiveFrom && list.effectiveFrom !== list.startsOn && t('admin.priceLists.effectiveFromText', { date: formatDate(list.effectiveFrom) })}
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
              <TariffRow key={tariff.serviceCode} tariff={tariff} services={services} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
