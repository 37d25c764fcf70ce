// Network Tools → Property registry (domain.md §2): every property active somewhere for the selected access
// group, with the configuration and version it comes from in staging, production and the canary slot.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { fetchPropertyRegistry } from '../../api/configurations';
import type { AccessGroupNode } from '../../api/types';
import { ErrorNotice } from '../../forms/error-notice';
import { useI18n } from '../../i18n/i18n-context';
import { GROUP_PARAM, SCID_PARAM } from '../../scope/use-scope';
import { cachingKeys, configurationPath } from '../caching/caching-queries';
import { ScopedPage } from '../scoped-page';

export function PropertyRegistryPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('registry.title')}>{(group) => <RegistryTable group={group} />}</ScopedPage>;
}

function RegistryTable({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const client = useApiClient();
  const [params] = useSearchParams();
  const registry = useQuery({ queryKey: cachingKeys.registry(group.id), queryFn: () => fetchPropertyRegistry(client, group.id) });
  // An entry's SCID narrows the view to it, like the header's selector.
  const scid = params.get(SCID_PARAM);

  if (registry.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (registry.isError) return <ErrorNotice error={registry.error} />;
  const entries = registry.data.filter((entry) => scid === null || entry.scid === scid);
  const linkSearch = (entryScid: string) => `?${new URLSearchParams({ [GROUP_PARAM]: group.id, [SCID_PARAM]: entryScid }).toString()}`;
  const version = (n: number | null) => (n === null ? '—' : t('caching.slots.version', { version: n }));

  return (
    <>
      <p>{t('registry.intro')}</p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('registry.caption', { name: group.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registry.primaryAlias')}</th>
              <th scope="col">{t('registry.otherAliases')}</th>
              <th scope="col">{t('services.scid')}</th>
              <th scope="col">{t('registry.configuration')}</th>
              <th scope="col">{t('caching.slots.staging')}</th>
              <th scope="col">{t('caching.slots.production')}</th>
              <th scope="col">{t('caching.slots.canary')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr>
                <td colSpan={7}>{t('registry.empty')}</td>
              </tr>
            )}
            {entries.map((entry) => (
              <tr key={`${entry.primaryAlias} ${entry.configurationId}`}>
                <th scope="row">{entry.primaryAlias}</th>
                <td>{entry.aliases.filter((alias) => alias !== entry.primaryAlias).join(', ') || '—'}</td>
                <td>
                  <code>{entry.scid}</code>
                </td>
                <td>
                  <Link to={{ pathname: configurationPath(entry.configurationId), search: linkSearch(entry.scid) }}>{entry.configurationName}</Link>
                </td>
                <td>{version(entry.staging)}</td>
                <td>{version(entry.productionCurrent)}</td>
                <td>
                  {entry.productionCandidate === null
                    ? '—'
                    : t('caching.slots.candidate', { version: entry.productionCandidate.version, percent: entry.productionCandidate.percent })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
