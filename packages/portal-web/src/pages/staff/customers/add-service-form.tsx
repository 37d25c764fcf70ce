// A new service for a customer: the server generates its SCID (9 upper-case letters or digits), which is
// then shown prominently, since it is what invoices, reports and tickets will name.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../api/api-context';
import { createCustomerService, type CreateServiceRequest } from '../../../api/staff';
import type { Service } from '../../../api/types';
import { DisclosureForm } from '../../../forms/disclosure-form';
import { problemsOf } from '../../../forms/field-errors';
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
  const client = useApiClient();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (request: CreateServiceRequest) => createCustomerService(client, customerId, request),
    onSuccess: async (service) => {
      onCreated(service);
      // This customer's page lists its services; the tree holds each group's SCIDs, the service list
      // their names, the customer list their count.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: staffKeys.customer(customerId) }),
        queryClient.invalidateQueries({ queryKey: ACCESS_GROUPS_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: SERVICES_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: staffKeys.customers }),
      ]);
    },
  });
  const problems = problemsOf(mutation, FIELDS);

  const onSubmit = (data: FormData, form: HTMLFormElement) => {
    mutation.mutate({ name: textOf(data, 'name'), product: textOf(data, 'product') }, { onSuccess: () => form.reset() });
  };

  return (
    <DisclosureForm
      openLabel={t('staff.services.add.open')}
      title={t('staff.services.add.title')}
      headingLevel={3}
      submitLabel={t('staff.services.add.submit')}
      pending={mutation.isPending}
      problems={problems}
      onSubmit={onSubmit}
    >
      <TextField name="name" label={t('field.name')} required maxLength={120} autoComplete="off" error={problems.fieldErrors.name} />
      <TextField
        name="product"
        label={t('services.product')}
        hint={t('staff.services.productHint')}
        required
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        error={problems.fieldErrors.product}
      />
    </DisclosureForm>
  );
}
