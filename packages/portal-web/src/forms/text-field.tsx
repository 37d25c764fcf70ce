// A labelled input whose error is announced (role="alert") and tied to it (aria-describedby), which is
// also what Pico styles as invalid (aria-invalid).
import { useId, type InputHTMLAttributes } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  readonly name: string;
  readonly label: string;
  readonly error?: string | undefined;
  /** Help shown below the field, also read out with it. */
  readonly hint?: string;
}

export function TextField({ name, label, error, hint, ...inputProps }: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error !== undefined ? errorId : null, hint !== undefined ? hintId : null].filter((x) => x !== null);
  // Hint and error stay outside the <label>: inside it they would become part of the field's name.
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        {...inputProps}
        id={id}
        name={name}
        aria-invalid={error !== undefined ? true : undefined}
        aria-describedby={describedBy.length > 0 ? describedBy.join(' ') : undefined}
      />
      {hint !== undefined && <small id={hintId}>{hint}</small>}
      {error !== undefined && (
        <small id={errorId} role="alert" className="field-error">
          {error}
        </small>
      )}
    </>
  );
}
