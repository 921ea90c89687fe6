import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { useErrorMessage } from './errorMessage';

interface ErrorAlertProps {
  error: unknown;
  /** Bold first line; defaults to a generic "an error occurred". */
  title?: string;
  onRetry?: () => void;
  className?: string;
  /** Lets the caller move the focus to the alert. */
  alertRef?: Ref<HTMLElement>;
  children?: ReactNode;
}

/** A danger alert (role="alert", so screen readers announce it) with the message of an API failure. */
export function ErrorAlert({ error, title, onRetry, className, alertRef, children }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <Alert color="danger" fade={false} className={className} innerRef={alertRef} tabIndex={-1}>
      <p className="fw-semibold mb-1">{title ?? t('errors.title')}</p>
      <p className="mb-0">{message(error)}</p>
      {children}
      {onRetry && (
        <Button color="danger" outline size="sm" className="mt-3" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
