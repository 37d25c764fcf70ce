// Shows a new API-key secret the one time it exists in the browser, with a copy button. Focus moves here
// so keyboard and screen-reader users do not miss it.
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/i18n-context';

export interface ShownSecret {
  readonly keyId: string;
  readonly keyName: string;
  readonly secret: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function SecretPanel({ shown, onDismiss }: { readonly shown: ShownSecret; readonly onDismiss: () => void }) {
  const { t } = useI18n();
  const panelRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const inputId = useId();
  const [copy, setCopy] = useState<CopyState>('idle');

  useEffect(() => {
    panelRef.current?.focus();
    setCopy('idle');
  }, [shown]);

  const onCopy = async () => {
    try {
      // navigator.clipboard is missing outside secure contexts (plain http on a LAN address).
      if (navigator.clipboard === undefined) throw new Error('no clipboard');
      await navigator.clipboard.writeText(shown.secret);
      setCopy('copied');
    } catch {
      inputRef.current?.select();
      setCopy('failed');
    }
  };

  return (
    <article ref={panelRef} tabIndex={-1} aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>{t('apiKeys.secret.title', { name: shown.keyName })}</h2>
      </header>
      <p>
        <strong>{t('apiKeys.secret.once')}</strong>
      </p>
      <p>{t('apiKeys.secret.keyId', { id: shown.keyId })}</p>
      <label htmlFor={inputId}>
        {t('apiKeys.secret.label')}
        <input ref={inputRef} id={inputId} readOnly value={shown.secret} spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <p role="status" aria-live="polite">
        {copy === 'copied' ? t('apiKeys.secret.copied') : copy === 'failed' ? t('apiKeys.secret.copyFailed') : null}
      </p>
      <footer className="actions">
        <button type="button" onClick={() => void onCopy()}>
          {t('apiKeys.secret.copy')}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          {t('apiKeys.secret.dismiss')}
        </button>
      </footer>
    </article>
  );
}
