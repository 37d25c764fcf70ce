// One key: who to ask about it, its state, and regenerate / enable / disable.
import type { ApiKey } from '../../../api/types';
import { formatDateTime } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';

export type ApiKeyRowAction = 'regenerate' | 'enable' | 'disable';

export interface ApiKeyRowProps {
  readonly apiKey: ApiKey;
  readonly busy: boolean;
  readonly onAction: (action: ApiKeyRowAction) => void;
}

export function ApiKeyRow({ apiKey, busy, onAction }: ApiKeyRowProps) {
  const { t, language } = useI18n();
  // A deleted key (180 days unused) is history: nothing can be done with it any more.
  const usable = apiKey.status !== 'deleted';
  return (
    <tr>
      <th scope="row">{apiKey.name}</th>
      <td>
        <code>{apiKey.id}</code>
      </td>
      <td>{apiKey.roleName}</td>
      <td>{apiKey.contact}</td>
      <td>
        {t(`apiKeyStatus.${apiKey.status}`)}
        {/* domain.md §1: unused keys are disabled after 120 days; say when, before it happens. */}
        {apiKey.status === 'active' && apiKey.disableAt !== null && (
          <>
            <br />
            <small>{t('apiKeys.disableAt', { date: formatDateTime(apiKey.disableAt, language) })}</small>
          </>
        )}
      </td>
      <td>{apiKey.lastUsedAt === null ? t('apiKeys.neverUsed') : formatDateTime(apiKey.lastUsedAt, language)}</td>
      <td>
        {usable && (
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => {
                if (window.confirm(t('apiKeys.confirmRegenerate', { name: apiKey.name }))) onAction('regenerate');
              }}
            >
              {t('apiKeys.regenerate')}
            </button>
            {apiKey.status === 'active' ? (
              <button type="button" className="secondary" disabled={busy} onClick={() => onAction('disable')}>
                {t('apiKeys.disable')}
              </button>
            ) : (
              <button type="button" className="secondary" disabled={busy} onClick={() => onAction('enable')}>
                {t('apiKeys.enable')}
              </button>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
