import type { SelectHTMLAttributes } from 'react';

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
}

/** A native select with the Bootstrap Italia look (native = keyboard and screen-reader friendly everywhere). */
export function SelectField({ id, label, value, onValueChange, options, className, ...selectProps }: SelectFieldProps) {
  return (
    <div className={['select-wrapper', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <select {...selectProps} id={id} value={value} onChange={(event) => onValueChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
