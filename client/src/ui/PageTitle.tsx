import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

interface PageTitleProps {
  children: ReactNode;
  /** Text for the browser tab; defaults to the heading when it is a string. */
  documentTitle?: string;
  className?: string;
}

/** The page's only h1. Focusable by script: the layout moves the focus here after each navigation. */
export function PageTitle({ children, documentTitle, className }: PageTitleProps) {
  useDocumentTitle(documentTitle ?? (typeof children === 'string' ? children : ''));
  return (
    <h1 tabIndex={-1} className={['page-title', className].filter(Boolean).join(' ')}>
      {children}
    </h1>
  );
}
