import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

const TIME_ZONE = 'Europe/Rome';

/** Four-digit years everywhere: "02/12/26" is ambiguous in records kept for years. */
const DATE_TIME: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE };

/** Date-time in the interface language, always in Italian time (the help-desk's calendar). */
export function useFormatDateTime(): (iso: string | Date, withSeconds?: boolean) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'it-IT';
  return useCallback(
    (value: string | Date, withSeconds = false) =>
      new Intl.DateTimeFormat(locale, withSeconds ? { ...DATE_TIME, second: '2-digit' } : DATE_TIME).format(
        typeof value === 'string' ? new Date(value) : value,
      ),
    [locale],
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
