// Staff console → Global audit log: every change of every customer, sign-in lockouts included, newest
// first; narrowed to one access group and its children (?accessGroupId=, kept in the URL so the customer
// page can link to its own changes). The table is the Portal Admin log's, with the group in front.
import { useId, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useApiClient } from '../../../api/api-context';
import { fetchStaffAuditLog } from '../../../api/staff';
import { ErrorNotice } from '../../../forms/error-notice';
import { textOf } from '../../../forms/form-data';
import type { SelectOption } from '../../../forms/select-field';
import { useI18n } from '../../../i18n/i18n-context';
import { flattenTree, type FlatGroup } from '../../../scope/access-group-tree';
import { useAccessGroupTree } from '../../../scope/scope-queries';
import { AuditTable, useAuditLogPages } from '../../admin/audit-log/audit-table';
import { staffKeys } from '../staff-queries';

const GROUP_PARAM = 'accessGroupId';

/** "Acme › Acme Video": a child's name alone is ambiguous across customers. */
function groupLabels(groups: readonly FlatGroup[]): ReadonlyMap<string, string> {
  const labels = new Map<string, string>();
  for (const { group, parent } of groups) {
    const own = group.customerNumber === null ? group.name : `${group.name} (${group.customerNumber})`;
    const above = parent === null ? undefined : labels.get(parent.id);
    labels.set(group.id, above === undefined ? own : `${above} › ${own}`);
  }
  return labels;
}

export function StaffAuditLogPage() {
  const { t } = useI18n();
  const client = useApiClient();
  const headingId = useId();
  const selectId = useId();
  const [params, setParams] = useSearchParams();
  const tree = useAccessGroupTree();
  const accessGroupId = params.get(GROUP_PARAM) ?? '';
  const labels = groupLabels(flattenTree(tree.data ?? []));

  const log = useAuditLogPages(staffKeys.auditLog(accessGroupId), (cursor) =>
    fetchStaffAuditLog(client, { accessGroupId: accessGroupId === '' ? undefined : accessGroupId, cursor }),
  );

  const options: SelectOption[] = [{ value: '', label: t('staff.audit.allGroups') }, ...[...labels].map(([value, label]) => ({ value, label }))];
  // A group deleted since (or not in the tree) can still be asked about by id, e.g. from a link.
  if (accessGroupId !== '' && !labels.has(accessGroupId)) options.push({ value: accessGroupId, label: accessGroupId });

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = textOf(new FormData(event.currentTarget), GROUP_PARAM);
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next === '') updated.delete(GROUP_PARAM);
      else updated.set(GROUP_PARAM, next);
      return updated;
    });
  };

  const groupCell = (id: string | null) => {
    if (id === null) return t('staff.audit.noGroup');
    const label = labels.get(id);
    return label ?? <code>{id}</code>;
  };

  return (
    <section>
      <h1>{t('menu.staff.auditLog')}</h1>
      <p>{t('staff.audit.intro')}</p>
      <form onSubmit={onFilter} aria-labelledby={headingId}>
        <h2 id={headingId} className="visually-hidden">
          {t('staff.audit.filter')}
        </h2>
        {tree.isError && <ErrorNotice error={tree.error} />}
        <label htmlFor={selectId}>{t('staff.audit.group')}</label>
        <fieldset role="group">
          {/* Keyed by the applied filter and the tree's arrival: the select shows the filter again after
              back/forward, and once the group names it picks from are there. */}
          <select key={`${accessGroupId} ${tree.isSuccess}`} id={selectId} name={GROUP_PARAM} defaultValue={accessGroupId}>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="submit">{t('staff.audit.apply')}</button>
        </fieldset>
      </form>
      <AuditTable
        log={log}
        caption={accessGroupId === '' ? t('menu.staff.auditLog') : t('staff.audit.caption', { group: labels.get(accessGroupId) ?? accessGroupId })}
        groupCell={groupCell}
      />
    </section>
  );
}
