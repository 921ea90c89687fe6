import { useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Col, Container, Row } from 'design-react-kit';
import { LoginResponseSchema, type TotpConfirmed } from '@cit/shared';
import { apiRequest } from '../api/client';
import { PageTitle } from '../ui/PageTitle';
import { readLoginPageState, returnPath } from './loginState';
import { applyLoginResult, useMe } from './session';
import { CodeForm, RecoveryCodes, TotpEnrolment } from './TotpEnrolment';

/** /accesso/secondo-fattore: the code of the app (or a recovery code), or the enrolment the role requires. */
export function SecondFactorPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = useMe();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmed, setConfirmed] = useState<TotpConfirmed | null>(null);
  const target = returnPath(readLoginPageState(location.state as unknown));
  const enrol = params.get('passo') === 'enrol';

  if (confirmed) {
    return (
      <Shell title={t('identity.enrolTitle')}>
        <RecoveryCodes codes={confirmed.recoveryCodes} />
        <Button color="primary" onClick={() => applyLoginResult(queryClient, confirmed)}>
          {t('identity.continue')}
        </Button>
      </Shell>
    );
  }
  if (me.data) return <Navigate to={target} replace />;

  const verify = (code: string) => {
    setBusy(true);
    setError(null);
    apiRequest('/api/auth/second-factor', { method: 'POST', body: { code }, schema: LoginResponseSchema })
      .then((result) => applyLoginResult(queryClient, result))
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <Shell title={enrol ? t('identity.enrolTitle') : t('identity.verifyTitle')}>
      {enrol ? (
        <>
          <p className="lead">{t('identity.enrolRequired')}</p>
          <TotpEnrolment onConfirmed={setConfirmed} />
        </>
      ) : (
        <>
          <p className="lead">{t('identity.verifyIntro')}</p>
          <CodeForm id="totp-code" busy={busy} error={error} submitLabel={t('identity.verify')} onSubmit={verify} />
        </>
      )}
      <p className="mt-4">
        <Link to="/accedi">{t('identity.restart')}</Link>
      </p>
    </Shell>
  );
}

const REASONS = ['unknown', 'role', 'disabled', 'no-fiscal-code', 'failed'] as const;

/** /accesso/non-riuscito: why the identity provider's login signed nobody in, and what to do. */
export function LoginFailedPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const given = params.get('motivo');
  const reason = REASONS.find((r) => r === given) ?? 'failed';
  return (
    <Shell title={t('identity.failedTitle')}>
      <div className="alert alert-warning" role="alert">
        {t(`identity.reasons.${reason}`)}
      </div>
      <p>
        <Link to="/accedi">{t('identity.backToLogin')}</Link>
      </p>
    </Shell>
  );
}

function Shell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Container className="py-4 py-lg-5">
      <Row className="justify-content-center">
        <Col xs={12} md={8} lg={6}>
          <PageTitle className="mb-3">{title}</PageTitle>
          {children}
        </Col>
      </Row>
    </Container>
  );
}
