import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { MAIN_CONTENT_ID } from './mainContent';

/** A page that takes longer than this to show its heading keeps the focus on <main>. */
const WAIT_FOR_HEADING_MS = 10_000;

/**
 * After a client-side navigation, moves the focus to the new page's h1, so that keyboard and screen-reader users
 * start from the new content, as after a full page load. A page still loading its data has no h1 yet: the focus
 * waits on <main> and moves to the h1 as soon as it is rendered, unless the user has moved it meanwhile.
 */
export function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById(MAIN_CONTENT_ID);
    if (!main) return;
    const heading = main.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.focus({ preventScroll: false });
      return;
    }
    main.focus({ preventScroll: false });
    const observer = new MutationObserver(() => {
      const h1 = main.querySelector<HTMLElement>('h1');
      if (!h1) return;
      observer.disconnect();
      if (document.activeElement === main || document.activeElement === document.body) h1.focus({ preventScroll: false });
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = window.setTimeout(() => observer.disconnect(), WAIT_FOR_HEADING_MS);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [pathname]);
}
