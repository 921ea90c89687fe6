import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Col, Container, Row } from 'design-react-kit';
import { isApiError, retryAfterSeconds } from '../api/errors';
import { useErrorMessage } from '../ui/errorMessage';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { TextField } from '../ui/TextField';
import { PasswordField } from './PasswordField';
import { readLoginPageState, returnPath } from './loginState';
import { LOGIN_FIELD_IDS, serverFieldErrors, validateLogin, type LoginField, type LoginFieldErrors } from './loginValidation';
import { useLogin, useMe } from './session';
import { LoginProviders } from './LoginProviders';

export function LoginPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const location = useLocation();
  const pageState = readLoginPageState(location.state as unknown);
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<LoginFieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  /** Bumped at every failed attempt: moves the focus to the error summary, so it is read out again. */
  const [failedAttempts, setFailedAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (failedAttempts > 0) summaryRef.current?.focus();
  }, [failedAttempts]);

  // Signed in (now, or already when arriving here): go back where the user was heading.
  if (me.data) return <Navigate to={returnPath(pageState)} replace />;
  if (me.isPending) return <Loading minHeight="50vh" />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending) return;
    const { request, errors } = validateLogin({ email, password }, t);
    setFailure(null);
    if (!request) {
      setFieldErrors(errors);
      setFailedAttempts((n) => n + 1);
      return;
    }
    setFieldErrors({});
    login.mutate(request, {
      onSuccess: (result) => {
        if ('secondFactor' in result) void navigate(`/accesso/secondo-fattore?passo=${result.secondFactor}`, { state: location.state as unknown });
      },
      onError: (error) => {
        setFailure(error);
        setFieldErrors(serverFieldErrors(error));
        if (isApiError(error) && (error.status === 401 || error.status === 429)) setPassword('');
        setFailedAttempts((n) => n + 1);
      },
    });
  };

  const focusField = (field: LoginField) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById(LOGIN_FIELD_IDS[field])?.focus();
  };

  const lockSeconds = retryAfterSeconds(failure);
  const listedErrors = (Object.keys(LOGIN_FIELD_IDS) as LoginField[]).flatMap((field) => {
    const message = fieldErrors[field];
    return message ? [{ field, message }] : [];
  });
  const showSummary = failure !== null || listedErrors.length > 0;

  return (
    <Container className="py-4 py-lg-5">
      <Row className="justify-content-center">
        <Col xs={12} md={8} lg={6} xl={5}>
          <PageTitle className="mb-3">{t('auth.login.pageTitle')}</PageTitle>
          <p className="lead mb-4">{t('auth.login.intro')}</p>

          {pageState.loggedOut && !showSummary && (
            <div className="alert alert-success mb-4" role="status">
              {t('auth.login.loggedOut')}
            </div>
          )}
          {pageState.expired && !showSummary && (
            <div className="alert alert-warning mb-4" role="status">
              {t('auth.login.sessionExpired')}
            </div>
          )}

          {showSummary && (
            <Alert color="danger" fade={false} innerRef={summaryRef} tabIndex={-1} className="mb-4">
              <p className="fw-semibold mb-1">{t('auth.login.errorsTitle')}</p>
              {failure !== null && <p className="mb-1">{errorMessage(failure)}</p>}
              {lockSeconds !== undefined && (
                <p className="mb-1">{t('auth.login.retryInMinutes', { count: Math.ceil(lockSeconds / 60) })}</p>
              )}
              {listedErrors.length > 0 && (
                <>
                  <p className="mb-1">{t('auth.login.fieldErrorsTitle')}</p>
                  <ul className="mb-0">
                    {listedErrors.map(({ field, message }) => (
                      <li key={field}>
                        <a href={`#${LOGIN_FIELD_IDS[field]}`} onClick={focusField(field)}>
                          {message}
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </Alert>
          )}

          <LoginProviders />

          <form noValidate onSubmit={onSubmit} aria-busy={login.isPending} className="pt-3">
            <TextField
              id={LOGIN_FIELD_IDS.email}
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
              error={fieldErrors.email}
            />
            <PasswordField
              id={LOGIN_FIELD_IDS.password}
              label={t('auth.login.password')}
              autoComplete="current-password"
              required
              maxLength={1024}
              value={password}
              onValueChange={setPassword}
              error={fieldErrors.password}
            />
            <Button type="submit" color="primary" className="w-100 login-submit" disabled={login.isPending}>
              {login.isPending ? t('auth.login.submitting') : t('auth.login.submit')}
            </Button>
          </form>
          <p className="mt-4 text-center">
            <Link to="/password-dimenticata">{t('password.forgot.link')}</Link>
          </p>
        </Col>
      </Row>
    </Container>
  );
}
