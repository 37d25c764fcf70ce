// A labelled select with the same error wiring as TextField.
import { useId, type SelectHTMLAttributes } from 'react';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name' | 'children'> {
  readonly name: string;
  readonly label: string;
  readonly options: readonly SelectOption[];
  readonly error?: string | undefined;
}

export function SelectField({ name, label, options, error, ...selectProps }: SelectFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        {...selectProps}
        id={id}
        name={name}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={error !== undefined ? errorId : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error !== undefined && (
        <small id={errorId} role="alert" className="field-error">
          {error}
        </small>
      )}
    </>
  );
}
