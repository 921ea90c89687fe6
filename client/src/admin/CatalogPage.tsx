import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { effectiveFrom, priceListFor, type PriceList } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useCatalog } from '../services/api';
import { PriceListView } from './priceLists/PriceListView';
import { PriceListVersions } from './priceLists/PriceListVersions';

/** /admin/catalogo: the services, the versions of the price lists (drafts to edit and publish), the lists in force. */
export function CatalogPage() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const [chosen, setChosen] = useState<string | null>(null);
  const baseId = useId();
  if (catalog.isPending) return <Loading />;
  if (catalog.isError) return <ErrorAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;
  const lists = catalog.data.priceLists;
  const key = (l: PriceList) => `${l.period}@${effectiveFrom(l)}`;
  const current = lists.find((l) => l === listInForce(catalog.data.today, lists)) ?? lists[lists.length - 1];
  const active = lists.find((l) => key(l) === chosen) ?? current;
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

      <PriceListVersions />

      <section aria-labelledby={`${baseId}-lists`}>
        <h2 id={`${baseId}-lists`} className="h4">
          {t('admin.catalog.priceLists')}
        </h2>
        {active && (
          <>
            <div className="btn-group mb-3 flex-wrap" role="group" aria-label={t('admin.catalog.chooseList')}>
              {lists.map((l) => (
                <button
                  key={key(l)}
                  type="button"
                  className={l === active ? 'btn btn-primary btn-sm' : 'btn btn-outline-primary btn-sm'}
                  aria-pressed={l === active}
                  onClick={() => setChosen(key(l))}
                >
                  {l.name}
                  {l === current && ` (${t('admin.catalog.current')})`}
                </button>
              ))}
            </div>
            <PriceListView list={active} services={catalog.data.services} />
          </>
        )}
      </section>
    </>
  );
}

/** The published list in force on `date`, or undefined when none covers it. */
function listInForce(date: string, lists: readonly PriceList[]): PriceList | undefined {
  try {
    return priceListFor(date, lists);
  } catch {
    return undefined;
  }
}
