// Network Tools → Content invalidation (domain.md §3, issue 5): for the selected service (SCID), a form to
// drop content from the edges' caches and the history of requests with their live progress. Requests are
// per service, so without a selected SCID the page asks for one (a group with one service needs no choice).
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { fetchPropertyRegistry } from '../../api/configurations';
import type { AccessGroupNode } from '../../api/types';
import { ErrorNotice } from '../../forms/error-notice';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../scope/scope-queries';
import { GROUP_PARAM, SCID_PARAM, useScope } from '../../scope/use-scope';
import { cachingKeys } from '../caching/caching-queries';
import { ScopedPage } from '../scoped-page';
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
  if (services.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (services.isError) return <ErrorNotice error={services.error} />;
  const [only] = scope.services;
  const scid = scope.scid ?? (scope.services.length === 1 && only !== undefined ? only.scid : null);
  if (scid === null) return <ChooseService />;
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

function ChooseService() {
  const { t } = useI18n();
  const scope = useScope();
  const [params] = useSearchParams();
  const linkTo = (scid: string) => {
    const next = new URLSearchParams(params);
    if (scope.group !== null) next.set(GROUP_PARAM, scope.group.id);
    next.set(SCID_PARAM, scid);
    return `?${next.toString()}`;
  };
  if (scope.services.length === 0) return <p>{t('services.empty')}</p>;
  return (
    <>
      <p>{t('invalidation.chooseService')}</p>
      <ul>
        {scope.services.map((service) => (
          <li key={service.scid}>
            <Link to={{ search: linkTo(service.scid) }}>
              <code>{service.scid}</code> · {service.name}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
