import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldMessages, fieldA11y } from './fieldParts';

interface FileFieldProps {
  id: string;
  label: string;
  accept: string;
  file: File | null;
  onFile: (file: File | null) => void;
  error?: string;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * One file, chosen with a button in the interface language: the browser's own input would say "Choose File" /
 * "No file chosen" in the browser's language whatever the page's. The real input stays focusable (visually
 * hidden, reached by keyboard and screen readers through its label) and carries the validation state.
 */
export function FileField({ id, label, accept, file, onFile, error, hint, inputRef }: FileFieldProps) {
  const { t } = useTranslation();
  const { aria } = fieldA11y(id, error, hint);
  return (
    <div className="mb-3 file-field">
      <p className="form-label fw-semibold mb-2" id={`${id}-label`}>
        {label}
      </p>
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept={accept}
        className="visually-hidden"
        aria-labelledby={`${id}-label`}
        {...aria}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
      />
      <label htmlFor={id} id={`${id}-button`} className="btn btn-outline-primary btn-sm me-2 mb-0">
        {t('files.chooseOne')}
      </label>
      <span className="small" aria-live="polite">
        {file ? file.name : t('files.noneChosen')}
      </span>
      <FieldMessages id={id} error={error} hint={hint} block />
    </div>
  );
}
