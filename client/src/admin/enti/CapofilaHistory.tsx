import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EnteDetail } from '@cit/shared';
import { useFormatDate } from '../../services/format';

/** Which capofila the Ente had, who paid, from and to which day; and the Enti merged into it. */
export function CapofilaHistory({ ente }: { ente: EnteDetail }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <>
      <section aria-labelledby="ente-capofila-history" className="mb-4">
        <h2 id="ente-capofila-history" className="h4">
          {t('admin.enti.capofilaHistory')}
        </h2>
        {ente.capofilaHistory.length === 0 ? (
          <p className="text-muted">{t('admin.enti.noCapofilaHistory')}</p>
        ) : (
          <div className="table-responsive">
            <table className="table table-sm admin-table">
              <caption className="visually-hidden">{t('admin.enti.capofilaHistory')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.enti.capofila')}</th>
                  <th scope="col">{t('admin.enti.payer')}</th>
                  <th scope="col">{t('admin.enti.validFrom')}</th>
                  <th scope="col">{t('admin.enti.validTo')}</th>
                </tr>
              </thead>
              <tbody>
                {ente.capofilaHistory.map((p) => (
                  <tr key={`${p.capofila.id}-${p.validFrom}`}>
                    <th scope="row">
                      <Link to={`/admin/enti/${p.capofila.id}`}>{p.capofila.name}</Link>
                    </th>
                    <td>{p.capofilaPays ? t('admin.enti.paysCapofila') : t('admin.enti.paysSelf')}</td>
                    <td>{formatDate(p.validFrom)}</td>
                    <td>{p.validTo ? formatDate(p.validTo) : t('admin.enti.inForce')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {ente.mergedFrom.length > 0 && (
        <section aria-labelledby="ente-merged-from" className="mb-4">
          <h2 id="ente-merged-from" className="h4">
            {t('admin.enti.mergedFrom')}
          </h2>
          <ul>
            {ente.mergedFrom.map((m) => (
              <li key={m.id}>
                <Link to={`/admin/enti/${m.id}`}>{m.name}</Link> — {t('admin.enti.mergedSince', { date: formatDate(m.mergedOn) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
