// The access-group tree as nested lists (a screen reader announces the nesting), each group with its
// services and the two changes an admin can make to it; the open form appears under its group.
import type { AccessGroupNode } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n-context';
import styles from './group-tree.module.css';
import { GroupForm } from './group-form';

export interface GroupEditor {
  readonly kind: 'add-child' | 'edit-services';
  readonly groupId: string;
}

export interface GroupTreeProps {
  readonly nodes: readonly AccessGroupNode[];
  readonly parent: AccessGroupNode | null;
  readonly editor: GroupEditor | null;
  readonly onEdit: (editor: GroupEditor | null) => void;
  readonly onDone: (message: string) => void;
}

export function GroupTree({ nodes, parent, editor, onEdit, onDone }: GroupTreeProps) {
  const { t } = useI18n();
  return (
    <ul className={parent === null ? styles.tree : styles.children}>
      {nodes.map((group) => {
        const open = editor?.groupId === group.id ? editor.kind : null;
        return (
          <li key={group.id} className={styles.node}>
            <div className={styles.row}>
              <strong>{group.name}</strong>
              {group.customerNumber !== null && <small>{t('groups.customerNumber', { number: group.customerNumber })}</small>}
              <small>{group.scids.length === 0 ? t('groups.noServices') : group.scids.join(', ')}</small>
              <span className="actions">
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={open === 'add-child'}
                  onClick={() => onEdit(open === 'add-child' ? null : { kind: 'add-child', groupId: group.id })}
                >
                  {t('groups.addChild', { name: group.name })}
                </button>
                {/* A top-level group holds its customer's services by definition: only children are edited. */}
                {parent !== null && (
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={open === 'edit-services'}
                    onClick={() => onEdit(open === 'edit-services' ? null : { kind: 'edit-services', groupId: group.id })}
                  >
                    {t('groups.editServices', { name: group.name })}
                  </button>
                )}
              </span>
            </div>
            {open === 'add-child' && <GroupForm kind="add-child" group={group} parent={group} onCancel={() => onEdit(null)} onDone={onDone} />}
            {open === 'edit-services' && parent !== null && (
              <GroupForm kind="edit-services" group={group} parent={parent} onCancel={() => onEdit(null)} onDone={onDone} />
            )}
            {group.children.length > 0 && (
              <GroupTree nodes={group.children} parent={group} editor={editor} onEdit={onEdit} onDone={onDone} />
            )}
          </li>
        );
      })}
    </ul>
  );
}
