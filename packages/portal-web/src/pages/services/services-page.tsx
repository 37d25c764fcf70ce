// My Services → Services: the SCIDs the selected group holds.
import { ErrorNotice } from '../../forms/error-notice';
import { useI18n } from '../../i18n/i18n-context';
import { useServices } from '../../scope/scope-queries';
import { useScope } from '../../scope/use-scope';
import { ScopedPage } from '../scoped-page';

export function ServicesPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('services.title')}>{() => <ServicesTable />}</ScopedPage>;
}

function ServicesTable() {
  const { t } = useI18n();
  const scope = useScope();
  const query = useServices();
  if (query.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (query.isError) return <ErrorNotice error={query.error} />;
  if (scope.services.length === 0) return <p>{t('services.empty')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('services.scid')}</th>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('services.product')}</th>
          </tr>
        </thead>
        <tbody>
          {scope.services.map((service) => (
            <tr key={service.scid} aria-current={service.scid === scope.scid ? 'true' : undefined}>
              <th scope="row">
                <code>{service.scid}</code>
              </th>
              <td>{service.name}</td>
              <td>{service.product}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
