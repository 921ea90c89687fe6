import { Navigate, Outlet, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Container } from 'design-react-kit';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { CurrentUserContext } from './currentUser';
import type { LoginPageState } from './loginState';
import { sessionEndReason, useMe } from './session';

/** Guards the signed-in area: anonymous visitors go to /accedi and come back here after login. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const queryClient = useQueryClient();

  if (me.data) {
    return (
      <CurrentUserContext.Provider value={me.data}>
        <Outlet />
      </CurrentUserContext.Provider>
    );
  }
  if (me.data === null) {
    const reason = sessionEndReason(queryClient);
    const state: LoginPageState =
      reason === 'logout'
        ? { loggedOut: true }
        : { from: { pathname: location.pathname, search: location.search, hash: location.hash }, expired: reason === 'expired' };
    return <Navigate to="/accedi" replace state={state} />;
  }
  if (me.isError) {
    return (
      <Container className="py-5">
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  return <Loading minHeight="50vh" />;
}
