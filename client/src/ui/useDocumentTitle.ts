import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab title to "<page> – Help-desk CIT" in the current language. */
export function useDocumentTitle(page: string): void {
  const { t } = useTranslation();
  const title = page ? t('app.documentTitle', { page }) : t('app.brandTagline');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
