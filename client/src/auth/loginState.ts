import type { Location } from 'react-router';

/** What other pages may tell the login page through the router's location state. */
export interface LoginPageState {
  /** Where to go back after signing in. */
  from?: Pick<Location, 'pathname' | 'search' | 'hash'>;
  loggedOut?: boolean;
  expired?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads the state defensively: history entries can hold anything. */
export function readLoginPageState(state: unknown): LoginPageState {
  if (!isRecord(state)) return {};
  const result: LoginPageState = { loggedOut: state.loggedOut === true, expired: state.expired === true };
  const from = state.from;
  if (isRecord(from) && typeof from.pathname === 'string') {
    result.from = {
      pathname: from.pathname,
      search: typeof from.search === 'string' ? from.search : '',
      hash: typeof from.hash === 'string' ? from.hash : '',
    };
  }
  return result;
}

/** The in-app path to return to after login; never another site, never the login page itself. */
export function returnPath(state: LoginPageState): string {
  const from = state.from;
  if (!from || !from.pathname.startsWith('/') || from.pathname.startsWith('//') || from.pathname === '/accedi') {
    return '/';
  }
  return `${from.pathname}${from.search}${from.hash}`;
}
