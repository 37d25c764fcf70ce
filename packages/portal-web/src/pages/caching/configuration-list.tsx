// The configurations of one service (SCID) with what each has in staging and production.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { fetchConfigurations } from '../../api/configurations';
import { ErrorNotice } from '../../forms/error-notice';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { scopeSearch } from '../../scope/use-scope';
import { cachingKeys, configurationPath } from './caching-queries';
import { candidateText, productionText, stagingText } from './slots-summary';

export function ConfigurationList({ scid }: { readonly scid: string }) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const [params] = useSearchParams();
  const configurations = useQuery({ queryKey: cachingKeys.configurations(scid), queryFn: () => fetchConfigurations(client, scid) });

  if (configurations.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (configurations.isError) return <ErrorNotice error={configurations.error} />;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{t('caching.list.caption', { scid })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('caching.list.latest')}</th>
            <th scope="col">{t('caching.slots.staging')}</th>
            <th scope="col">{t('caching.slots.production')}</th>
            <th scope="col">{t('caching.slots.canary')}</th>
            <th scope="col">{t('caching.list.created')}</th>
          </tr>
        </thead>
        <tbody>
          {configurations.data.length === 0 && (
            <tr>
              <td colSpan={6}>{t('caching.list.empty')}</td>
            </tr>
          )}
          {configurations.data.map((configuration) => (
            <tr key={configuration.id}>
              <th scope="row">
                <Link to={{ pathname: configurationPath(configuration.id), search: scopeSearch(params) }}>{configuration.name}</Link>
              </th>
              <td>{configuration.latestVersion}</td>
              <td>{stagingText(configuration.slots, t)}</td>
              <td>{productionText(configuration.slots, t)}</td>
              <td>{candidateText(configuration.slots, t)}</td>
              <td>
                <time dateTime={configuration.createdAt}>{formatDateTime(configuration.createdAt, language)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
