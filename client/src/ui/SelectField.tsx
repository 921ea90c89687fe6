import type { SelectHTMLAttributes } from 'react';
import { FieldMessages, fieldA11y } from './fieldParts';

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  /** Shown under the select, linked with aria-describedby and marking it aria-invalid. */
  error?: string;
}

/** A native select with the Bootstrap Italia look (native = keyboard and screen-reader friendly everywhere). */
export function SelectField({ id, label, value, onValueChange, options, className, error, ...selectProps }: SelectFieldProps) {
  const { errorId } = fieldA11y(id, error);
  return (
    <div className={['select-wrapper', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <select
        {...selectProps}
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : selectProps['aria-invalid']}
        aria-describedby={errorId ?? selectProps['aria-describedby']}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} error={error} block />
    </div>
  );
}
