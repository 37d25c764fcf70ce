// A new customer: its name and its customer number (the billing entity, unique: 409 CONFLICT points at
// /customerNumber and is shown there).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { useApiClient } from '../../../api/api-context';
import { toApiError } from '../../../api/api-error';
import { createCustomer, type CreateCustomerRequest, type CustomerSummary } from '../../../api/staff';
import { ErrorNotice } from '../../../forms/error-notice';
import { splitProblems } from '../../../forms/field-errors';
import { textOf } from '../../../forms/form-data';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { ACCESS_GROUPS_QUERY_KEY } from '../../../scope/scope-queries';
import { staffKeys } from '../staff-queries';

const FIELDS = ['name', 'customerNumber'] as const;

export function CreateCustomerForm({ onCreated }: { readonly onCreated: (customer: CustomerSummary) => void }) {
  const { t } = useI18n();
  const headingId = useId();
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
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    mutation.mutate({ name: textOf(data, 'name'), customerNumber: textOf(data, 'customerNumber') }, { onSuccess: () => form.reset() });
  };

  return (
    <details>
      <summary role="button" className="outline">
        {t('staff.customers.create.open')}
      </summary>
      <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
        <h2 id={headingId}>{t('staff.customers.create.title')}</h2>
        {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}
        <TextField name="name" label={t('field.name')} required maxLength={120} autoComplete="off" error={fieldErrors.name} />
        <TextField
          name="customerNumber"
          label={t('staff.customers.number')}
          hint={t('staff.customers.numberHint')}
          required
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
          error={fieldErrors.customerNumber}
        />
        <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
          {t('staff.customers.create.submit')}
        </button>
      </form>
    </details>
  );
}
