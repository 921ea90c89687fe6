import { useTranslation } from 'react-i18next';
import { Col, Container, Row } from 'design-react-kit';
import { isStaff } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { ContractsSummary } from '../contracts/ContractsPage';
import { EntiList } from '../enti/EntiList';
import { MyOpenTickets, OperatorDashboard } from '../tickets/HomeTickets';
import { PageTitle } from '../ui/PageTitle';
import { WhoAmICard } from './WhoAmICard';
import { ApprovalsWaiting } from '../notifications/ApprovalsWaiting';
import { EnteHome } from './EnteHome';

export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isStaff(user.role);
  return (
    <Container className="py-4 py-lg-5">
      <PageTitle documentTitle={t('home.pageTitle')} className="mb-4">
        {t('home.welcome', { name: user.name })}
      </PageTitle>
      {staff ? (
        <>
          {user.role === 'approver' && <ApprovalsWaiting />}
          <OperatorDashboard />
          <ContractsSummary />
          <div className="mt-4">
            <WhoAmICard user={user} compact />
          </div>
        </>
      ) : user.role === 'supplier_user' ? (
        <Row className="g-4">
          <Col xs={12} lg={8}>
            <MyOpenTickets showEnte canCreate={false} />
          </Col>
          <Col xs={12} lg={4}>
            <WhoAmICard user={user} compact />
          </Col>
        </Row>
      ) : (
        <>
          <EnteHome />
          <div className="mt-4">
            <WhoAmICard user={user} compact />
          </div>
        </>
      )}
      {user.visibleEnteCount > 1 && <EntiList />}
    </Container>
  );
}
