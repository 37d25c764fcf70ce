// A Pico dropdown on a native <details>: Enter/Space open it, arrow keys move between its entries,
// Escape closes it and gives focus back to its button, a click outside or on an entry closes it.
import { useEffect, useId, useRef, type KeyboardEvent, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';

export interface DropdownProps {
  readonly summary: ReactNode;
  readonly children: ReactNode;
  /** Dropdowns sharing a name close each other (native exclusive <details>). */
  readonly name?: string;
  readonly className?: string;
}

const ITEM_SELECTOR = 'ul a[href], ul button:not([disabled])';

export function Dropdown({ summary, children, name, className }: DropdownProps) {
  const ref = useRef<HTMLDetailsElement>(null);
  const summaryId = useId();

  useEffect(() => {
    const closeIfOutside = (event: MouseEvent) => {
      const details = ref.current;
      if (details?.open === true && event.target instanceof Node && !details.contains(event.target)) details.open = false;
    };
    document.addEventListener('click', closeIfOutside);
    return () => document.removeEventListener('click', closeIfOutside);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    const details = event.currentTarget;
    const items = Array.from(details.querySelectorAll<HTMLElement>(ITEM_SELECTOR));
    const index = items.findIndex((item) => item === document.activeElement);
    if (event.key === 'Escape' && details.open) {
      event.preventDefault();
      details.open = false;
      details.querySelector('summary')?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      details.open = true;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = index === -1 ? (step === 1 ? 0 : items.length - 1) : (index + step + items.length) % items.length;
      items[next]?.focus();
    }
  };

  const onClick = (event: ReactMouseEvent<HTMLDetailsElement>) => {
    // An entry was chosen: the menu has done its job.
    if (event.target instanceof Element && event.target.closest('ul a, ul button') !== null) event.currentTarget.open = false;
  };

  return (
    // The <details> is a group named after its summary, so assistive technology (and tests) can find the
    // menu by name ("Portal Admin"); the summary itself must take no role (ARIA in HTML): it is the toggle.
    <details
      ref={ref}
      className={['dropdown', className].filter(Boolean).join(' ')}
      name={name}
      aria-labelledby={summaryId}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      <summary id={summaryId}>{summary}</summary>
      <ul>{children}</ul>
    </details>
  );
}
