import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { FieldMessages, fieldA11y } from './fieldParts';

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'> {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** Shown under the field, linked with aria-describedby and marking the field aria-invalid. */
  error?: string;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
  /** Rendered right after the input (e.g. the show-password switch). */
  trailing?: ReactNode;
}

/**
 * A Bootstrap Italia text field. The kit's Input does not give its validation text an id, so it cannot be
 * tied to the field for screen readers: this one does, and keeps the label always raised (no animation).
 */
export function TextField({
  id,
  label,
  value,
  onValueChange,
  error,
  hint,
  inputRef,
  className,
  trailing,
  type = 'text',
  ...inputProps
}: TextFieldProps) {
  const { aria } = fieldA11y(id, error, hint);
  return (
    <div className={['form-group', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        {...inputProps}
        id={id}
        ref={inputRef}
        type={type}
        className={error ? 'form-control is-invalid' : 'form-control'}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        {...aria}
      />
      {trailing}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
