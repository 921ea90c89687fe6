import { useEffect } from 'react';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Container } from 'design-react-kit';
import { PageTitle } from '../ui/PageTitle';

/** Shown when a page throws while rendering: the error goes to the console, the user gets a way out. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Container className="py-5">
      <PageTitle className="mb-3">{t('routeError.pageTitle')}</PageTitle>
      <p className="lead">{t('routeError.text')}</p>
      {/* A full reload: whatever state broke the page is dropped. */}
      <a href="/" className="btn btn-primary mt-3">
        {t('common.backHome')}
      </a>
    </Container>
  );
}
