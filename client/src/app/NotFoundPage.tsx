import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Container } from 'design-react-kit';
import { PageTitle } from '../ui/PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Container className="py-5">
      <PageTitle className="mb-3">{t('notFound.pageTitle')}</PageTitle>
      <p className="lead">{t('notFound.text')}</p>
      <Link to="/" className="btn btn-primary mt-3">
        {t('common.backHome')}
      </Link>
    </Container>
  );
}
