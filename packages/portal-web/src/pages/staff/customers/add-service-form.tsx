// A new service for a customer: the server generates its SCID (9 upper-case letters or digits), which is
// then shown prominently, since it is what invoices, reports and tickets will name.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { useApiClient } from '../../../api/api-context';
import { toApiError } from '../../../api/api-error';
import { createCustomerService, type CreateServiceRequest } from '../../../api/staff';
import type { Service } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { splitProblems } from '../../../forms/field-errors';
import { textOf } from '../../../forms/form-data';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { ACCESS_GROUPS_QUERY_KEY, SERVICES_QUERY_KEY } from '../../../scope/scope-queries';
import { staffKeys } from '../staff-queries';

const FIELDS = ['name', 'product'] as const;

export interface AddServiceFormProps {
  readonly customerId: string;
  readonly onCreated: (service: Service) => void;
}

export function AddServiceForm({ customerId, onCreated }: AddServiceFormProps) {
  const { t } = useI18n();
  const headingId = useId();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (request: CreateServiceRequest) => createCustomerService(client, customerId, request),
    onSuccess: async (service) => {
      onCreated(service);
      // The tree holds each group's SCIDs, the service list their names, the customer list their count.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ACCESS_GROUPS_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: SERVICES_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: staffKeys.customers }),
      ]);
    },
  });
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    mutation.mutate({ name: textOf(data, 'name'), product: textOf(data, 'product') }, { onSuccess: () => form.reset() });
  };

  return (
    <details>
      <summary role="button" className="outline">
        {t('staff.services.add.open')}
      </summary>
      <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
        <h3 id={headingId}>{t('staff.services.add.title')}</h3>
        {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}
        <TextField name="name" label={t('field.name')} required maxLength={120} autoComplete="off" error={fieldErrors.name} />
        <TextField
          name="product"
          label={t('services.product')}
          hint={t('staff.services.productHint')}
          required
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
          error={fieldErrors.product}
        />
        <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
          {t('staff.services.add.submit')}
        </button>
      </form>
    </details>
  );
}
