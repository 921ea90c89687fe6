import type { MouseEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from 'design-react-kit';
import { useErrorMessage } from '../ui/errorMessage';

interface ErrorSummaryProps {
  title: string;
  failure: unknown;
  /** field id → message, in the order of the form. */
  fields: ReadonlyArray<{ id: string; message: string }>;
  summaryRef: Ref<HTMLElement>;
}

/** The form's error summary, focused after a failed submit: links move the focus to each wrong field. */
export function ErrorSummary({ title, failure, fields, summaryRef }: ErrorSummaryProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const focusField = (id: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById(id)?.focus();
  };
  return (
    <Alert color="danger" fade={false} innerRef={summaryRef} tabIndex={-1} className="mb-4">
      <p className="fw-semibold mb-1">{title}</p>
      {failure !== null && failure !== undefined && <p className="mb-1">{errorMessage(failure)}</p>}
      {fields.length > 0 && (
        <>
          <p className="mb-1">{t('forms.fixFields')}</p>
          <ul className="mb-0">
            {fields.map(({ id, message }) => (
              <li key={id}>
                <a href={`#${id}`} onClick={focusField(id)}>
                  {message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
}
