import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAIN_CONTENT_ID } from './mainContent';

/** "Vai al contenuto": first focusable element of every page, visible only when focused. */
export function SkipLink() {
  const { t } = useTranslation();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Move the focus explicitly (a bare #hash would also be seen as a navigation by the router).
    event.preventDefault();
    document.getElementById(MAIN_CONTENT_ID)?.focus();
  };
  return (
    <div className="skiplinks">
      <a className="visually-hidden-focusable" href={`#${MAIN_CONTENT_ID}`} onClick={onClick}>
        {t('app.skipToContent')}
      </a>
    </div>
  );
}
