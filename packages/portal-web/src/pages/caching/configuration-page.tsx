// My Services → Caching → one configuration: what is active where, the version being viewed in the editor
// (form and JSON) with Save and Save as, activation with its live status, the version history and a diff
// between two versions. The viewed version is in the URL (?version=), so a link shows the same version.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { toApiError } from '../../api/api-error';
import { fetchConfiguration, type Configuration } from '../../api/configurations';
import { ErrorNotice, errorMessageOf } from '../../forms/error-notice';
import { StatusMessage } from '../../forms/status-message';
import { useI18n } from '../../i18n/i18n-context';
import { GROUP_PARAM, SCID_PARAM } from '../../scope/use-scope';
import { NotFoundPage } from '../not-found-page';
import { ActivationHistory } from './activation-history';
import { ActivationPanel } from './activation-panel';
import styles from './caching.module.css';
import { CACHING_PATH, VERSION_PARAM, cachingKeys } from './caching-queries';
import { DiffView } from './diff-view';
import { SlotsSummary } from './slots-summary';
import { VersionHistory } from './version-history';
import { VersionWorkspace } from './version-workspace';

export function ConfigurationPage() {
  const { t } = useI18n();
  const { configurationId = '' } = useParams();
  const client = useApiClient();
  const configuration = useQuery({ queryKey: cachingKeys.configuration(configurationId), queryFn: () => fetchConfiguration(client, configurationId) });
  if (configuration.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  // Another customer's configuration answers 404 like an unknown one (tenant isolation).
  if (configuration.isError) return toApiError(configuration.error).status === 404 ? <NotFoundPage /> : <ErrorNotice error={configuration.error} />;
  return <ConfigurationView key={configuration.data.id} configuration={configuration.data} />;
}

function requestedVersion(params: URLSearchParams, latest: number): number | undefined {
  const text = params.get(VERSION_PARAM);
  const n = text === null ? NaN : Number(text);
  return Number.isInteger(n) && n >= 1 && n <= latest ? n : undefined;
}

function ConfigurationView({ configuration }: { readonly configuration: Configuration }) {
  const { t } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  // Without ?version= the latest at arrival is shown, and stays shown when a later save by someone else
  // is noticed: the editor must not be swapped under the user's hands.
  const [arrivalLatest] = useState(configuration.latestVersion);
  const version = requestedVersion(params, configuration.latestVersion) ?? arrivalLatest;
  const [dirty, setDirty] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const activationHeading = useId();
  const versionsHeading = useId();

  const show = (next: number) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      updated.set(VERSION_PARAM, String(next));
      return updated;
    });

  const view = (next: number) => {
    if (next === version) return;
    if (dirty && !window.confirm(t('caching.version.discard'))) return;
    setStatus(null);
    show(next);
  };

  const loadLatest = async () => {
    let fresh: Configuration;
    try {
      fresh = await queryClient.fetchQuery({
        queryKey: cachingKeys.configuration(configuration.id),
        queryFn: () => fetchConfiguration(client, configuration.id),
        staleTime: 0,
      });
    } catch (error) {
      setStatus(errorMessageOf(error, t));
      return;
    }
    setDirty(false);
    setReloads((n) => n + 1);
    setStatus(t('caching.save.reloaded', { version: fresh.latestVersion }));
    show(fresh.latestVersion);
  };

  const back = new URLSearchParams();
  const group = params.get(GROUP_PARAM);
  if (group !== null) back.set(GROUP_PARAM, group);
  back.set(SCID_PARAM, configuration.scid);

  return (
    <section>
      <p>
        <Link to={{ pathname: CACHING_PATH, search: `?${back.toString()}` }}>{t('caching.back', { scid: configuration.scid })}</Link>
      </p>
      <hgroup>
        <h1>{configuration.name}</h1>
        <p>{t('caching.configuration.subtitle', { scid: configuration.scid, latest: configuration.latestVersion })}</p>
      </hgroup>
      <SlotsSummary slots={configuration.slots} />
      <StatusMessage text={status} />

      <section className={styles.section} aria-label={t('caching.version.title', { version })}>
        <VersionWorkspace
          key={`${version}:${reloads}`}
          configuration={configuration}
          version={version}
          onDirtyChange={setDirty}
          onSaved={(saved) => {
            setDirty(false);
            setStatus(t('caching.save.done', { version: saved }));
            show(saved);
          }}
          onLoadLatest={() => void loadLatest()}
        />
      </section>

      <section className={styles.section} aria-labelledby={activationHeading}>
        <h2 id={activationHeading}>{t('caching.activation.title')}</h2>
        <ActivationPanel key={version} configuration={configuration} viewedVersion={version} />
        <ActivationHistory configuration={configuration} />
      </section>

      <section className={styles.section} aria-labelledby={versionsHeading}>
        <h2 id={versionsHeading}>{t('caching.versions.title')}</h2>
        <VersionHistory configuration={configuration} viewed={version} onView={view} />
        <DiffView key={version} configuration={configuration} viewed={version} />
      </section>
    </section>
  );
}
