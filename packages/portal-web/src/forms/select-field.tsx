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
  /**
   * An empty first choice ("Choose a role"), selected until the user picks one: without it the browser
   * pre-selects the first option, and a form submitted in a hurry sends a choice nobody made.
   */
  readonly placeholder?: string;
}

export function SelectField({ name, label, options, error, placeholder, ...selectProps }: SelectFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  // The placeholder starts selected unless the caller controls the value or chose another default.
  const startEmpty = placeholder !== undefined && selectProps.value === undefined && selectProps.defaultValue === undefined;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        {...selectProps}
        id={id}
        name={name}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={error !== undefined ? errorId : undefined}
        {...(startEmpty ? { defaultValue: '' } : {})}
      >
        {placeholder !== undefined && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
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
