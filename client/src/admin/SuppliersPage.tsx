import { useTranslation } from 'react-i18next';
import { useSuppliers } from '../tickets/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';

export function SuppliersPage() {
  const { t } = useTranslation();
  const suppliers = useSuppliers(true);
  const items = suppliers.data?.items ?? [];
  const dash = <span className="text-muted">–</span>;
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.suppliers.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.suppliers.intro')}</p>
      {suppliers.isPending ? (
        <Loading />
      ) : suppliers.isError ? (
        <ErrorAlert error={suppliers.error} onRetry={() => void suppliers.refetch()} />
      ) : items.length === 0 ? (
        <p className="ticket-empty">{t('admin.suppliers.empty')}</p>
      ) : (
        <>
          <div className="table-responsive d-none d-md-block">
            <table className="table align-middle admin-table">
              <caption className="visually-hidden">{t('admin.sections.suppliers.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.suppliers.name')}</th>
                  <th scope="col">{t('admin.suppliers.vat')}</th>
                  <th scope="col">{t('admin.suppliers.email')}</th>
                  <th scope="col">{t('admin.suppliers.phone')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.name}</th>
                    <td className="font-monospace">{s.vatNumber ?? dash}</td>
                    <td className="text-break">{s.email ? <a href={`mailto:${s.email}`}>{s.email}</a> : dash}</td>
                    <td>{s.phone ?? dash}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="ticket-cards d-md-none" aria-label={t('admin.sections.suppliers.title')}>
            {items.map((s) => (
              <li key={s.id} className="ticket-card">
                <p className="fw-semibold mb-1">{s.name}</p>
                <dl className="ticket-card-facts">
                  <dt>{t('admin.suppliers.vat')}</dt>
                  <dd>{s.vatNumber ?? '–'}</dd>
                  <dt>{t('admin.suppliers.email')}</dt>
                  <dd className="text-break">{s.email ?? '–'}</dd>
                  <dt>{t('admin.suppliers.phone')}</dt>
                  <dd>{s.phone ?? '–'}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
