// My Services → Caching: the configurations of the selected service (SCID), and a new one. A configuration
// is per SCID (domain.md §2), so without a selected SCID the page asks for one.
import { useI18n } from '../../i18n/i18n-context';
import { useScope } from '../../scope/use-scope';
import { ScopedPage } from '../scoped-page';
import { ServicePicker } from '../service-picker';
import { ConfigurationList } from './configuration-list';
import { NewConfigurationForm } from './new-configuration-form';

export function CachingPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('caching.title')}>{() => <CachingPanel />}</ScopedPage>;
}

function CachingPanel() {
  const { t } = useI18n();
  const scope = useScope();
  if (scope.scid === null) return <ServicePicker prompt={t('caching.chooseService')} />;
  return (
    // Keyed: a configuration half-typed for one service must not be created in another.
    <div key={scope.scid}>
      <h2>{t('caching.list.title', { scid: scope.scid })}</h2>
      <ConfigurationList scid={scope.scid} />
      <NewConfigurationForm scid={scope.scid} />
    </div>
  );
}
