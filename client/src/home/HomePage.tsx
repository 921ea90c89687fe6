import { useTranslation } from 'react-i18next';
import { Container } from 'design-react-kit';
import { useCurrentUser } from '../auth/currentUser';
import { EntiList } from '../enti/EntiList';
import { PageTitle } from '../ui/PageTitle';
import { WhoAmICard } from './WhoAmICard';

export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Container className="py-4 py-lg-5">
      <PageTitle documentTitle={t('home.pageTitle')} className="mb-4">
        {t('home.welcome', { name: user.name })}
      </PageTitle>
      <WhoAmICard user={user} />
      <EntiList />
    </Container>
  );
}
