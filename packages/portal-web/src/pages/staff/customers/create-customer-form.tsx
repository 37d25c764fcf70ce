// A new customer: its name and its customer number (the billing entity, unique: 409 CONFLICT points at
// /customerNumber and is shown there).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../api/api-context';
import { createCustomer, type CreateCustomerRequest, type CustomerSummary } from '../../../api/staff';
import { DisclosureForm } from '../../../forms/disclosure-form';
import { problemsOf } from '../../../forms/field-errors';
import { textOf } from '../../../forms/form-data';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { ACCESS_GROUPS_QUERY_KEY } from '../../../scope/scope-queries';
import { staffKeys } from '../staff-queries';

const FIELDS = ['name', 'customerNumber'] as const;

export function CreateCustomerForm({ onCreated }: { readonly onCreated: (customer: CustomerSummary) => void }) {
  const { t } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (request: CreateCustomerRequest) => createCustomer(client, request),
    onSuccess: async (customer) => {
      onCreated(customer);
      // The new top-level group is in the tree staff see, and in every customer search.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: staffKeys.customers }),
        queryClient.invalidateQueries({ queryKey: ACCESS_GROUPS_QUERY_KEY }),
      ]);
    },
  });
  const problems = problemsOf(mutation, FIELDS);

  const onSubmit = (data: FormData, form: HTMLFormElement) => {
    mutation.mutate({ name: textOf(data, 'name'), customerNumber: textOf(data, 'customerNumber') }, { onSuccess: () => form.reset() });
  };

  return (
    <DisclosureForm
      openLabel={t('staff.customers.create.open')}
      title={t('staff.customers.create.title')}
      submitLabel={t('staff.customers.create.submit')}
      pending={mutation.isPending}
      problems={problems}
      onSubmit={onSubmit}
    >
      <TextField name="name" label={t('field.name')} required maxLength={120} autoComplete="off" error={problems.fieldErrors.name} />
      <TextField
        name="customerNumber"
        label={t('staff.customers.number')}
        hint={t('staff.customers.numberHint')}
        required
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        error={problems.fieldErrors.customerNumber}
      />
    </DisclosureForm>
  );
}
