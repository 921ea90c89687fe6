import { useTranslation } from 'react-i18next';
import { Container } from 'design-react-kit';

export function AppFooter() {
  const { t } = useTranslation();
  return (
    <footer className="it-footer">
      <div className="it-footer-main">
        <Container className="py-4">
          <p className="footer-name mb-1" lang="it">
            {t('app.footerName')}
          </p>
          <p className="mb-1" lang="it">
            {t('app.footerOwner')}
          </p>
          <p className="small mb-0">{t('app.footerDescription')}</p>
        </Container>
      </div>
    </footer>
  );
}
