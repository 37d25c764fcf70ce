// The create forms' one shape (invite a user, API key, custom role, customer, service): a summary styled
// as a button opens a native <details> holding a form named by its heading, with the request's error
// above the fields and a submit button that is busy while the request runs. One component, so every
// create form opens, reads and announces itself the same way.
import { useId, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from './error-notice';
import type { FormProblems } from './field-errors';

export interface DisclosureFormProps {
  /** The summary: what the closed disclosure offers ("Invite a user"). */
  readonly openLabel: string;
  /** The form's heading, which is also the form's accessible name (role="form" needs one). */
  readonly title: string;
  /** 2 for a form of the page itself, 3 for one inside a section headed by an h2. */
  readonly headingLevel?: 2 | 3;
  readonly submitLabel: string;
  readonly pending: boolean;
  /** The request's failure: its message and the problems no field took. */
  readonly problems: Pick<FormProblems<string>, 'error' | 'unplaced'>;
  /** The fields as submitted (uncontrolled fields keep their state in the DOM), and the form to reset. */
  readonly onSubmit: (data: FormData, form: HTMLFormElement) => void;
  readonly children: ReactNode;
}

export function DisclosureForm({ openLabel, title, headingLevel = 2, submitLabel, pending, problems, onSubmit, children }: DisclosureFormProps) {
  const headingId = useId();
  const Heading = headingLevel === 3 ? 'h3' : 'h2';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    onSubmit(new FormData(form), form);
  };

  return (
    <details>
      <summary role="button" className="outline">
        {openLabel}
      </summary>
      <form onSubmit={submit} noValidate aria-labelledby={headingId}>
        <Heading id={headingId}>{title}</Heading>
        {problems.error !== null && <ErrorNotice error={problems.error} unplaced={problems.unplaced} />}
        {children}
        <button type="submit" aria-busy={pending} disabled={pending}>
          {submitLabel}
        </button>
      </form>
    </details>
  );
}
