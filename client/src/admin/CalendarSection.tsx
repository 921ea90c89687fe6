import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { AuditTrail } from './audit/AuditTrail';
import { CalendarForm } from './CalendarForm';
import { ClosuresEditor } from './ClosuresEditor';
import { useCalendarSettings } from './calendarApi';

/** The support calendar as admins edit it; the national holidays of a chosen year are shown, not edited. */
export function CalendarSection() {
  const { t, i18n } = useTranslation();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [saved, setSaved] = useState(false);
  const lang = i18n.resolvedLanguage === 'en' ? 'en' : 'it';
  const locale = lang === 'en' ? 'en-GB' : 'it-IT';
  const calendar = useCalendarSettings(year, lang);
  const onSaved = () => setSaved(true);
  const holiday = (date: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

  return (
    <section aria-labelledby="sla-calendar" className="mb-5">
      <h2 id="sla-calendar" className="h4">
        {t('admin.calendar.title')}
      </h2>
      <p>{t('admin.calendar.intro')}</p>
      <div aria-live="polite">{saved && <p className="text-success">{t('admin.calendar.saved')}</p>}</div>
      {calendar.isPending ? (
        <Loading />
      ) : calendar.isError ? (
        <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <>
          {/* A new version (this admin's save, or another's after "reload") starts the form from what is stored. */}
          <CalendarForm key={calendar.data.version} calendar={calendar.data} onReload={() => void calendar.refetch()} onSaved={onSaved} />
          <ClosuresEditor closures={calendar.data.closures} onSaved={onSaved} />
          <section aria-labelledby="sla-holidays">
            <h3 id="sla-holidays" className="h5">
              {t('admin.calendar.holidays')}
            </h3>
            <p className="small text-muted">{t('admin.calendar.holidaysIntro')}</p>
            <div className="form-group holiday-year">
              <label htmlFor="holiday-year" className="active">
                {t('admin.calendar.year')}
              </label>
              <select id="holiday-year" className="form-select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <ul className="small closed-days">
              {calendar.data.publicHolidays.map((h) => (
                <li key={h.date}>
                  {holiday(h.date)} – {h.name}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      <AuditTrail entity="support_calendar" recordId="support-calendar" headingLevel={3} />
    </section>
  );
}
