// A polite live region for successes ("Invitation sent"), so screen-reader users hear what happened.
export function StatusMessage({ text }: { readonly text: string | null }) {
  return (
    <p role="status" aria-live="polite" className="status-message">
      {text}
    </p>
  );
}
