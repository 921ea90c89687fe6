import { createContext, useContext } from 'react';
import type { Me } from '@cit/shared';

/** Provided by RequireAuth to the pages of the signed-in area. */
export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user; only valid below RequireAuth. */
export function useCurrentUser(): Me {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() used outside RequireAuth');
  return user;
}
