import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** A calendar date ("2026-12-31") in the interface language, without time-zone shifts. */
export function useFormatDate(): (isoDate: string) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'it-IT';
  return useCallback(
    (isoDate: string) => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`)),
    [locale],
  );
}

/** "3 giorni fa", "2 ore fa": how long a request has been waiting. */
export function useFormatAge(): (iso: string, now: Date) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'it-IT';
  return useCallback(
    (iso: string, now: Date) => {
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      const minutes = Math.round((new Date(iso).getTime() - now.getTime()) / 60_000);
      if (Math.abs(minutes) < 60) return rtf.format(Math.min(minutes, 0), 'minute');
      const hours = Math.round(minutes / 60);
      if (Math.abs(hours) < 24) return rtf.format(hours, 'hour');
      return rtf.format(Math.round(hours / 24), 'day');
    },
    [locale],
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export { capitalise };
