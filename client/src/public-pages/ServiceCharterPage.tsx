import { useTranslation } from 'react-i18next';
import { PriceListView } from '../admin/priceLists/PriceListView';
import { useFormatDuration } from '../admin/SlaPage';
import { useFormatDate } from '../services/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useServiceCharter } from './api';

/** A Monday (2024-01-01) plus n-1 days: the name of ISO weekday n in the page's language. */
const weekdayName = (n: number, language: string) =>
  new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, n)));

/**
 * /carta-dei-servizi, public: what each service costs and includes, and how fast the CIT answers (D.Lgs. 33/2013).
 * Everything comes from the price list in force and the SLA targets, read when the page opens.
 */
export function ServiceCharterPage() {
  const { t, i18n } = useTranslation();
  const charter = useServiceCharter();
  const formatDuration = useFormatDuration();
  const formatDate = useFormatDate();
  return (
    <div className="public-page">
      <PageTitle className="mb-2">{t('publicPages.charter.title')}</PageTitle>
      {charter.isPending && <Loading />}
      {charter.isError && <ErrorAlert error={charter.error} onRetry={() => void charter.refetch()} />}
      {charter.data && (
        <>
          <p className="lead">{t('publicPages.charter.intro', { date: formatDate(charter.data.today) })}</p>
          <section aria-labelledby="charter-sla" className="mb-5">
            <h2 id="charter-sla" className="h4">
              {t('publicPages.charter.slaTitle')}
            </h2>
            <p>
              {t('publicPages.charter.hours', {
                days: charter.data.calendar.workingDays.map((d) => weekdayName(d, i18n.language)).join(', '),
                hours: charter.data.calendar.hours.map(([a, b]) => `${a}–${b}`).join(', '),
              })}
            </p>
            <div className="table-responsive">
              <table className="table">
                <caption className="visually-hidden">{t('publicPages.charter.slaCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('publicPages.charter.urgency')}</th>
                    <th scope="col">{t('publicPages.charter.takeCharge')}</th>
                    <th scope="col">{t('publicPages.charter.resolve')}</th>
                  </tr>
                </thead>
                <tbody>
                  {charter.data.targets.map((target) => (
                    <tr key={target.urgency}>
                      <th scope="row">{t(`urgency.${target.urgency}`)}</th>
                      <td>{formatDuration(target.takeChargeMinutes)}</td>
                      <td>{formatDuration(target.resolveMinutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="charter-prices">
            <h2 id="charter-prices" className="h4">
              {t('publicPages.charter.pricesTitle', { name: charter.data.priceList.name })}
            </h2>
            <PriceListView list={charter.data.priceList} services={charter.data.services} />
          </section>
        </>
      )}
    </div>
  );
}
