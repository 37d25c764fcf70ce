// What a per-service page shows when no service (SCID) is selected: the selected group's services as
// links that select one. The links keep the rest of the query string and name the group shown, so the
// choice lands in the same scope even when the URL had no group yet.
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../forms/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../scope/scope-queries';
import { GROUP_PARAM, SCID_PARAM, useScope } from '../scope/use-scope';

export interface ServicePickerProps {
  /** Why the page needs a service, ending in a colon before the list. */
  readonly prompt: string;
}

export function ServicePicker({ prompt }: ServicePickerProps) {
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
  // Until the services are in, the group's list is empty: saying "no services" then would be wrong.
  if (services.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (services.isError) return <ErrorNotice error={services.error} />;
  if (scope.services.length === 0) return <p>{t('services.empty')}</p>;
  return (
    <>
      <p>{prompt}</p>
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
