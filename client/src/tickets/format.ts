import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

const TIME_ZONE = 'Europe/Rome';

/** Date-time in the interface language, always in Italian time (the help-desk's calendar). */
export function useFormatDateTime(): (iso: string | Date, withSeconds?: boolean) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'en' ? 'en-GB' : 'it-IT';
  return useCallback(
    (value: string | Date) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE }).format(
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
