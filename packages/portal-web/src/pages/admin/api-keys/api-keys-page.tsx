// Portal Admin → API keys. A secret exists in exactly two answers (create, regenerate); it is kept in
// this page's state until dismissed and nowhere else: not in the query cache, not in storage, not in the URL.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchApiKeys, regenerateApiKey, updateApiKey } from '../../../api/api-keys';
import { useApiClient } from '../../../api/api-context';
import type { AccessGroupNode, ApiKey } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { useI18n } from '../../../i18n/i18n-context';
import { ScopedPage } from '../../scoped-page';
import { adminKeys } from '../admin-queries';
import { ApiKeyRow, type ApiKeyRowAction } from './api-key-row';
import { CreateApiKeyForm } from './create-api-key-form';
import { SecretPanel, type ShownSecret } from './secret-panel';

export function ApiKeysPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('apiKeys.title')}>{(group) => <ApiKeysPanel group={group} />}</ScopedPage>;
}

function ApiKeysPanel({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const keys = useQuery({ queryKey: adminKeys.apiKeys(group.id), queryFn: () => fetchApiKeys(client, group.id) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys(group.id) });

  const action = useMutation({
    // gcTime 0: the regenerate answer carries a secret; it must not linger in the mutation cache.
    gcTime: 0,
    mutationFn: async ({ key, kind }: { key: ApiKey; kind: ApiKeyRowAction }) => {
      if (kind === 'regenerate') return (await regenerateApiKey(client, key.id)).secret;
      await updateApiKey(client, key.id, { status: kind === 'enable' ? 'active' : 'disabled' });
      return null;
    },
    onMutate: () => setStatus(null),
    onSuccess: async (newSecret, { key, kind }) => {
      if (newSecret !== null) setSecret({ keyId: key.id, keyName: key.name, secret: newSecret });
      else setStatus(t(kind === 'enable' ? 'apiKeys.enabled' : 'apiKeys.disabled', { name: key.name }));
      await refresh();
    },
  });

  return (
    <>
      <p>{t('apiKeys.intro')}</p>
      {secret !== null && <SecretPanel shown={secret} onDismiss={() => setSecret(null)} />}
      <StatusMessage text={status} />
      {action.isError && <ErrorNotice error={action.error} />}
      {keys.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {keys.isError && <ErrorNotice error={keys.error} />}
      {keys.data !== undefined && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('field.name')}</th>
                <th scope="col">{t('apiKeys.id')}</th>
                <th scope="col">{t('field.role')}</th>
                <th scope="col">{t('apiKeys.contact')}</th>
                <th scope="col">{t('apiKeys.status')}</th>
                <th scope="col">{t('apiKeys.lastUsed')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.length === 0 && (
                <tr>
                  <td colSpan={7}>{t('apiKeys.empty')}</td>
                </tr>
              )}
              {keys.data.items.map((key) => (
                <ApiKeyRow key={key.id} apiKey={key} busy={action.isPending} onAction={(kind) => action.mutate({ key, kind }, { onSuccess: () => action.reset() })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateApiKeyForm
        group={group}
        onCreated={(created) => {
          setStatus(null);
          setSecret(created);
          void refresh();
        }}
      />
    </>
  );
}
