// Both changes to a group pick from the parent's services: a new child gets a name and a subset, an
// existing child gets a new subset. `parent` is the group whose services are offered.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { createChildGroup, setGroupServices } from '../../../api/access-groups';
import { useApiClient } from '../../../api/api-context';
import { toApiError } from '../../../api/api-error';
import type { AccessGroupNode } from '../../../api/types';
import { CheckboxGroup } from '../../../forms/checkbox-group';
import { ErrorNotice } from '../../../forms/error-notice';
import { splitProblems } from '../../../forms/field-errors';
import { allTextOf, textOf } from '../../../forms/form-data';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { ACCESS_GROUPS_QUERY_KEY, useServices } from '../../../scope/scope-queries';

const FIELDS = ['name', 'scids'] as const;

export interface GroupFormProps {
  readonly kind: 'add-child' | 'edit-services';
  readonly group: AccessGroupNode;
  readonly parent: AccessGroupNode;
  readonly onCancel: () => void;
  readonly onDone: (message: string) => void;
}

function serviceLabel(scid: string, name: string | undefined): string {
  return name === undefined ? scid : `${scid} · ${name}`;
}

interface GroupChange {
  readonly name: string;
  readonly scids: readonly string[];
}

export function GroupForm({ kind, group, parent, onCancel, onDone }: GroupFormProps) {
  const { t } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const services = useServices();
  const names = new Map((services.data ?? []).map((service) => [service.scid, service.name]));

  const mutation = useMutation({
    mutationFn: async ({ name, scids }: GroupChange) => {
      if (kind === 'add-child') await createChildGroup(client, group.id, { name, scids });
      else await setGroupServices(client, group.id, scids);
      return name;
    },
    onSuccess: async (name) => {
      await queryClient.invalidateQueries({ queryKey: ACCESS_GROUPS_QUERY_KEY });
      onDone(kind === 'add-child' ? t('groups.created', { name }) : t('groups.servicesSaved', { name: group.name }));
    },
  });
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    mutation.mutate({ name: textOf(data, 'name'), scids: allTextOf(data, 'scids') });
  };

  const title = kind === 'add-child' ? t('groups.addChildTitle', { name: group.name }) : t('groups.editServicesTitle', { name: group.name });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={title}>
      <h2>{title}</h2>
      {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}
      {kind === 'add-child' && <TextField name="name" label={t('field.name')} required autoComplete="off" error={fieldErrors.name} />}
      <CheckboxGroup
        name="scids"
        legend={t('groups.servicesFrom', { name: parent.name })}
        options={parent.scids.map((scid) => ({ value: scid, label: serviceLabel(scid, names.get(scid)) }))}
        defaultChecked={kind === 'edit-services' ? group.scids : []}
        error={fieldErrors.scids}
        emptyText={t('groups.noServices')}
      />
      <div className="actions">
        <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
