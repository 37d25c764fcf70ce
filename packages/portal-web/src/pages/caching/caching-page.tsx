// My Services → Caching: the configurations of the selected service (SCID), and a new one. A configuration
// is per SCID (domain.md §2), so without a selected SCID the page asks for one.
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../forms/error-notice';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../scope/scope-queries';
import { GROUP_PARAM, SCID_PARAM, useScope } from '../../scope/use-scope';
import { ScopedPage } from '../scoped-page';
import { ConfigurationList } from './configuration-list';
import { NewConfigurationForm } from './new-configuration-form';

export function CachingPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('caching.title')}>{() => <CachingPanel />}</ScopedPage>;
}

function CachingPanel() {
  const { t } = useI18n();
  const scope = useScope();
  if (scope.scid === null) return <ChooseService />;
  return (
    // Keyed: a configuration half-typed for one service must not be created in another.
    <div key={scope.scid}>
      <h2>{t('caching.list.title', { scid: scope.scid })}</h2>
      <ConfigurationList scid={scope.scid} />
      <NewConfigurationForm scid={scope.scid} />
    </div>
  );
}

function ChooseService() {
  const { t } = useI18n();
  const scope = useScope();
  const [params] = useSearchParams();
  const services = useServices();
  const linkTo = (scid: string) => {
    const next = new URLSearchParams(params);
    if (scope.group !== null) next.set(GROUP_PARAM, scope.group.id);
    next.set(SCID_PARAM, scid);
    return `?${next.toString()}`;
  };
  if (services.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (services.isError) return <ErrorNotice error={services.error} />;
  if (scope.services.length === 0) return <p>{t('services.empty')}</p>;
  return (
    <>
      <p>{t('caching.chooseService')}</p>
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
