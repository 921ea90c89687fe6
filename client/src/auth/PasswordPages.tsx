import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { Alert, Button, Col, Container, Row } from 'design-react-kit';
import { apiRequest } from '../api/client';
import { fieldIssues, isApiError } from '../api/errors';
import { ErrorSummary } from '../tickets/ErrorSummary';
import { PageTitle } from '../ui/PageTitle';
import { TextField } from '../ui/TextField';
import { PasswordField } from './PasswordField';

export const MIN_PASSWORD_LENGTH = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ForgotResponseSchema = z.object({ message: z.string() });

function Narrow({ children }: { children: ReactNode }) {
  return (
    <Container className="py-4 py-lg-5">
      <Row className="justify-content-center">
        <Col xs={12} md={8} lg={6} xl={5}>
          {children}
        </Col>
      </Row>
    </Container>
  );
}

/** /password-dimenticata: asks for a link to set a new password (the answer never says whether the address exists). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const forgot = useMutation({
    mutationFn: (address: string) => apiRequest('/api/auth/password/forgot', { method: 'POST', body: { email: address }, schema: ForgotResponseSchema }),
    onError: () => setAttempts((n) => n + 1),
  });
  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    if (!EMAIL.test(value)) {
      setError(value ? t('auth.login.emailInvalid') : t('auth.login.emailRequired'));
      setAttempts((n) => n + 1);
      return;
    }
    setError(undefined);
    forgot.mutate(value);
  };

  return (
    <Narrow>
      <PageTitle className="mb-3">{t('password.forgot.title')}</PageTitle>
      {forgot.isSuccess ? (
        <>
          <Alert color="success" fade={false} className="mb-4">
            <p className="mb-0" role="status">
              {forgot.data.message || t('password.forgot.sent')}
            </p>
          </Alert>
          <Link to="/accedi">{t('password.backToLogin')}</Link>
        </>
      ) : (
        <>
          <p className="lead mb-4">{t('password.forgot.intro')}</p>
          {attempts > 0 && (error || forgot.isError) && (
            <ErrorSummary title={t('password.forgot.failed')} failure={forgot.isError ? forgot.error : null} fields={error ? [{ id: 'forgot-email', message: error }] : []} summaryRef={summaryRef} />
          )}
          <form noValidate onSubmit={submit} className="pt-3" aria-busy={forgot.isPending}>
            <TextField
              id="forgot-email"
              label={t('auth.login.email')}
              type="email"
              inputMode="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={320}
              value={email}
              onValueChange={setEmail}
              error={error}
            />
            <Button type="submit" color="primary" className="w-100" disabled={forgot.isPending}>
              {forgot.isPending ? t('password.sending') : t('password.forgot.submit')}
            </Button>
          </form>
          <p className="mt-4">
            <Link to="/accedi">{t('password.backToLogin')}</Link>
          </p>
        </>
      )}
    </Narrow>
  );
}

/** /imposta-password?token=…: the link of the invitation or of "password dimenticata". */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const reset = useMutation({
    mutationFn: (body: { token: string; password: string }) => apiRequest('/api/auth/password/reset', { method: 'POST', body }),
    onError: (error) => {
      const issue = fieldIssues(error).find((i) => i.path === 'password');
      if (issue) setErrors({ password: issue.message });
      setAttempts((n) => n + 1);
    },
  });
  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  if (!token || (reset.isError && isApiError(reset.error, 'invalid_link'))) {
    return (
      <Narrow>
        <PageTitle className="mb-3">{t('password.set.invalidTitle')}</PageTitle>
        <Alert color="danger" fade={false} className="mb-4">
          <p className="mb-0">{t('password.set.invalidText')}</p>
        </Alert>
        <Link to="/password-dimenticata" className="btn btn-primary">
          {t('password.set.askNew')}
        </Link>
      </Narrow>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (password.length < MIN_PASSWORD_LENGTH) next.password = t('password.set.tooShort', { count: MIN_PASSWORD_LENGTH });
    else if (password.length > 1024) next.password = t('auth.login.passwordTooLong');
    if (confirm !== password) next.confirm = t('password.set.mismatch');
    setErrors(next);
    if (next.password || next.confirm) {
      setAttempts((n) => n + 1);
      return;
    }
    reset.mutate({ token, password });
  };

  const listed = [
    ...(errors.password ? [{ id: 'new-password', message: errors.password }] : []),
    ...(errors.confirm ? [{ id: 'new-password-confirm', message: errors.confirm }] : []),
  ];
  const otherFailure = reset.isError && fieldIssues(reset.error).length === 0 ? reset.error : null;
  return (
    <Narrow>
      <PageTitle className="mb-3">{t('password.set.title')}</PageTitle>
      {reset.isSuccess ? (
        <>
          <Alert color="success" fade={false} className="mb-4">
            <p className="mb-0" role="status">
              {t('password.set.done')}
            </p>
          </Alert>
          <Link to="/accedi" className="btn btn-primary">
            {t('password.set.goLogin')}
          </Link>
        </>
      ) : (
        <>
          <p className="lead mb-4">{t('password.set.intro', { count: MIN_PASSWORD_LENGTH })}</p>
          {attempts > 0 && (listed.length > 0 || otherFailure) && (
            <ErrorSummary title={t('password.set.failed')} failure={otherFailure} fields={listed} summaryRef={summaryRef} />
          )}
          <form noValidate onSubmit={submit} className="pt-3" aria-busy={reset.isPending}>
            <PasswordField
              id="new-password"
              label={t('password.set.password')}
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              maxLength={1024}
              value={password}
              onValueChange={setPassword}
              error={errors.password}
              hint={t('password.set.rule', { count: MIN_PASSWORD_LENGTH })}
            />
            <PasswordField
              id="new-password-confirm"
              label={t('password.set.confirm')}
              autoComplete="new-password"
              required
              maxLength={1024}
              value={confirm}
              onValueChange={setConfirm}
              error={errors.confirm}
            />
            <Button type="submit" color="primary" className="w-100" disabled={reset.isPending}>
              {reset.isPending ? t('password.sending') : t('password.set.submit')}
            </Button>
          </form>
        </>
      )}
    </Narrow>
  );
}
