import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { MAIN_CONTENT_ID } from './mainContent';

/**
 * After a client-side navigation, moves the focus to the new page's h1 (or to <main> while it loads), so that
 * keyboard and screen-reader users start from the new content, as after a full page load.
 */
export function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById(MAIN_CONTENT_ID);
    const target = main?.querySelector<HTMLElement>('h1') ?? main;
    target?.focus({ preventScroll: false });
  }, [pathname]);
}
