// Form fields bound to one path of the draft: they show the value there, write changes back, and show the
// problems whose JSON pointer is theirs (after the user leaves the field, or after a save attempt). Every
// input carries its pointer (data-pointer), so a problem list can move the focus to it.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { toJsonPointer } from '@candela/contract';
import { SelectField, type SelectOption } from '../../../forms/select-field';
import { TextField } from '../../../forms/text-field';
import { getAt, textOfValue, type JsonPath } from './document-draft';
import { useDraft } from './editor-context';

export interface DocTextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange' | 'onBlur'> {
  readonly path: JsonPath;
  readonly label: string;
  readonly hint?: string;
  /** Text → value to store (undefined removes the key); the text itself by default. */
  readonly parse?: (text: string) => unknown;
  /** Writes the text somewhere else than `path` (a field whose emptiness removes its parent). */
  readonly write?: (text: string) => void;
}

export function DocTextField({ path, label, hint, parse = (text) => text, write, ...inputProps }: DocTextFieldProps) {
  const draft = useDraft();
  const pointer = toJsonPointer(path);
  const problems = draft.fieldProblems(pointer);
  return (
    <TextField
      {...inputProps}
      name={pointer}
      label={label}
      {...(hint === undefined ? {} : { hint })}
      data-pointer={pointer}
      value={textOfValue(getAt(draft.document, path))}
      onChange={(event) => (write ?? ((text: string) => draft.set(path, parse(text))))(event.target.value)}
      onBlur={() => draft.touch(pointer)}
      error={problems.length > 0 ? problems.join(' ') : undefined}
    />
  );
}

export interface DocSelectFieldProps {
  readonly path: JsonPath;
  readonly label: string;
  readonly options: readonly SelectOption[];
  /** The choice shown when the path holds nothing (an optional behaviour not set). */
  readonly unsetLabel?: string;
  /** Writes the choice; by default the option's value, and "" (unset) removes the key. */
  readonly onChoose?: (value: string) => void;
  /** Which pointer's problems to show, when not the path's own. */
  readonly problemPointer?: string;
}

export function DocSelectField({ path, label, options, unsetLabel, onChoose, problemPointer }: DocSelectFieldProps) {
  const draft = useDraft();
  const pointer = problemPointer ?? toJsonPointer(path);
  const problems = draft.fieldProblems(pointer);
  const current = textOfValue(getAt(draft.document, path));
  // A value the options do not know (typed in the JSON view) is still shown, not silently replaced.
  const known = current === '' || options.some((option) => option.value === current);
  const all = [...(unsetLabel === undefined ? [] : [{ value: '', label: unsetLabel }]), ...options, ...(known ? [] : [{ value: current, label: current }])];
  return (
    <SelectField
      name={pointer}
      label={label}
      options={all}
      data-pointer={pointer}
      value={current}
      onChange={(event) => (onChoose ?? ((value: string) => draft.set(path, value === '' ? undefined : value)))(event.target.value)}
      onBlur={() => draft.touch(pointer)}
      error={problems.length > 0 ? problems.join(' ') : undefined}
    />
  );
}

export interface DocCheckboxProps {
  readonly path: JsonPath;
  readonly label: ReactNode;
  readonly disabled?: boolean;
}

export function DocCheckbox({ path, label, disabled }: DocCheckboxProps) {
  const draft = useDraft();
  const id = useId();
  const pointer = toJsonPointer(path);
  const problems = draft.fieldProblems(pointer);
  const errorId = `${id}-error`;
  return (
    <>
      <label htmlFor={id}>
        <input
          type="checkbox"
          id={id}
          data-pointer={pointer}
          checked={getAt(draft.document, path) === true}
          disabled={disabled}
          onChange={(event) => draft.set(path, event.target.checked)}
          onBlur={() => draft.touch(pointer)}
          aria-invalid={problems.length > 0 ? true : undefined}
          aria-describedby={problems.length > 0 ? errorId : undefined}
        />
        {label}
      </label>
      {problems.length > 0 && (
        <small id={errorId} role="alert" className="field-error">
          {problems.join(' ')}
        </small>
      )}
    </>
  );
}

/** Problems at a pointer no single input stands for (a list, a whole object), shown where it is drawn. */
export function PointerProblems({ pointer }: { readonly pointer: string }) {
  const draft = useDraft();
  const problems = draft.fieldProblems(pointer);
  if (problems.length === 0) return null;
  return (
    <small role="alert" className="field-error">
      {problems.join(' ')}
    </small>
  );
}
