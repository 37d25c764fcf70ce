// A set of checkboxes sharing one name (read back with FormData.getAll), under a legend, with one error
// for the whole set (a pointer such as "/scids" or "/permissions").
import { useId } from 'react';
import type { SelectOption } from './select-field';

export interface CheckboxGroupProps {
  readonly name: string;
  readonly legend: string;
  readonly options: readonly SelectOption[];
  readonly defaultChecked?: readonly string[];
  readonly error?: string | undefined;
  /** Shown instead of an empty set, so the user knows why there is nothing to tick. */
  readonly emptyText: string;
}

export function CheckboxGroup({ name, legend, options, defaultChecked = [], error, emptyText }: CheckboxGroupProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset aria-invalid={error !== undefined ? true : undefined} aria-describedby={error !== undefined ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.length === 0 && <p>{emptyText}</p>}
      {options.map((option) => (
        <label key={option.value} htmlFor={`${id}-${option.value}`}>
          <input
            type="checkbox"
            id={`${id}-${option.value}`}
            name={name}
            value={option.value}
            defaultChecked={defaultChecked.includes(option.value)}
          />
          {option.label}
        </label>
      ))}
      {error !== undefined && (
        <small id={errorId} role="alert" className="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}
