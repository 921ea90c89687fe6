import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';

/** The pages every PA site links from its footer (AgID guidelines), then the service charter. */
const FOOTER_LINKS = [
  ['/accessibilita', 'publicPages.accessibility.footer'],
  ['/privacy', 'publicPages.privacy.footer'],
  ['/note-legali', 'publicPages.legal.footer'],
  ['/contatti', 'publicPages.contacts.footer'],
  ['/carta-dei-servizi', 'publicPages.charter.footer'],
] as const;

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
      <div className="it-footer-small-prints clearfix">
        <Container>
          <nav aria-label={t('publicPages.footerNav')}>
            <ul className="it-footer-small-prints-list list-inline mb-0 py-3">
              {FOOTER_LINKS.map(([to, label]) => (
                <li key={to} className="list-inline-item">
                  <Link to={to}>{t(label)}</Link>
                </li>
              ))}
            </ul>
          </nav>
        </Container>
      </div>
    </footer>
  );
}
