import type { Ref, TextareaHTMLAttributes } from 'react';
import { FieldMessages, fieldA11y } from '../ui/fieldParts';

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange' | 'className'> {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  error?: string;
  hint?: string;
  textareaRef?: Ref<HTMLTextAreaElement>;
  className?: string;
}

/** A Bootstrap Italia textarea with its label always raised and the error tied to it (like ui/TextField). */
export function TextAreaField({ id, label, value, onValueChange, error, hint, textareaRef, className, rows = 5, ...props }: TextAreaFieldProps) {
  const { aria } = fieldA11y(id, error, hint);
  return (
    <div className={['form-group', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="active">
        {label}
      </label>
      <textarea
        {...props}
        id={id}
        ref={textareaRef}
        rows={rows}
        className={error ? 'form-control is-invalid' : 'form-control'}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        {...aria}
      />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
