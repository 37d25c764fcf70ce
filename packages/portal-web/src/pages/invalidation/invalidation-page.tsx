// Network Tools → Content invalidation (domain.md §3, issue 5): for the selected service (SCID), a form to
// drop content from the edges' caches and the history of requests with their live progress. Requests are
// per service, so without a selected SCID the page asks for one (a group with one service needs no choice).
import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import { fetchPropertyRegistry } from '../../api/configurations';
import type { AccessGroupNode } from '../../api/types';
import { ErrorNotice } from '../../forms/error-notice';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../scope/scope-queries';
import { useScope } from '../../scope/use-scope';
import { cachingKeys } from '../caching/caching-queries';
import { ScopedPage } from '../scoped-page';
import { ServicePicker } from '../service-picker';
import { InvalidationForm } from './invalidation-form';
import { InvalidationHistory } from './invalidation-history';

export function InvalidationPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('invalidation.title')}>{(group) => <InvalidationPanel group={group} />}</ScopedPage>;
}

function InvalidationPanel({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const scope = useScope();
  const services = useServices();
  // Waited for here as well as in the picker: a group of one service skips the choice, so the count matters.
  if (services.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (services.isError) return <ErrorNotice error={services.error} />;
  const [only] = scope.services;
  const scid = scope.scid ?? (scope.services.length === 1 && only !== undefined ? only.scid : null);
  if (scid === null) return <ServicePicker prompt={t('invalidation.chooseService')} />;
  // Keyed: a request half-typed for one service must not be sent to another.
  return <ServiceInvalidation key={scid} group={group} scid={scid} />;
}

function ServiceInvalidation({ group, scid }: { readonly group: AccessGroupNode; readonly scid: string }) {
  const { t } = useI18n();
  const client = useApiClient();
  const registry = useQuery({ queryKey: cachingKeys.registry(group.id), queryFn: () => fetchPropertyRegistry(client, group.id) });
  const name = useScope().services.find((service) => service.scid === scid)?.name ?? scid;

  // The properties active in the service, in staging or production: the ones a request may name.
  const active = [...new Set((registry.data ?? []).filter((entry) => entry.scid === scid).map((entry) => entry.primaryAlias))].sort();
  let form;
  if (registry.isPending) form = <p aria-busy="true">{t('common.loading')}</p>;
  else if (registry.isError) form = <ErrorNotice error={registry.error} />;
  else form = <InvalidationForm scid={scid} properties={active} />;

  return (
    <>
      <p>
        {t('invalidation.intro')} {t('invalidation.service', { scid, name })}
      </p>
      {form}
      <InvalidationHistory scid={scid} properties={active} />
    </>
  );
}
