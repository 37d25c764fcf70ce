// Portal Admin → Access groups: the tree the caller can see; children are added with a subset of their
// parent's services, and a child's services can be changed later (domain.md §1).
import { useState } from 'react';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { useI18n } from '../../../i18n/i18n-context';
import { useAccessGroupTree } from '../../../scope/scope-queries';
import { GroupTree, type GroupEditor } from './group-tree';

export function AccessGroupsPage() {
  const { t } = useI18n();
  const tree = useAccessGroupTree();
  const [editor, setEditor] = useState<GroupEditor | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const finish = (message: string) => {
    setEditor(null);
    setStatus(message);
  };

  return (
    <section>
      <h1>{t('groups.title')}</h1>
      <StatusMessage text={status} />
      {tree.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {tree.isError && <ErrorNotice error={tree.error} />}
      {tree.data?.length === 0 && <p>{t('scope.noGroups')}</p>}
      {tree.data !== undefined && (
        <GroupTree
          nodes={tree.data}
          parent={null}
          editor={editor}
          onEdit={(next) => {
            setStatus(null);
            setEditor(next);
          }}
          onDone={finish}
        />
      )}
    </section>
  );
}
