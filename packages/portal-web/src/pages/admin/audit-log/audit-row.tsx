// One audit entry; before/after fold away because they can be long.
import type { ReactNode } from 'react';
import type { AuditEntry, AuditPerson } from '../../../api/types';
import { formatDateTime } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';

/** undefined/null mean "did not exist" (a creation has no before, a deletion no after). */
function pretty(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value, null, 2);
}

function PersonCell({ person, fallback }: { readonly person: AuditPerson | null; readonly fallback: string }) {
  const { t } = useI18n();
  if (person === null) return <td>{fallback}</td>;
  // Names are null once the user has been deleted; the log keeps the id so the entry still says who.
  if (person.displayName === null && person.email === null) {
    return (
      <td>
        {t('audit.deletedUser')}
        <br />
        <small>
          <code>{person.id}</code>
        </small>
      </td>
    );
  }
  return (
    <td>
      {person.displayName ?? person.email}
      {person.displayName !== null && person.email !== null && (
        <>
          <br />
          <small>{person.email}</small>
        </>
      )}
    </td>
  );
}

export interface AuditRowProps {
  readonly entry: AuditEntry;
  /** The staff console's log spans every customer: it adds the group each change belongs to, first. */
  readonly group?: ReactNode;
}

export function AuditRow({ entry, group }: AuditRowProps) {
  const { t, language } = useI18n();
  const before = pretty(entry.before);
  const after = pretty(entry.after);
  const actorFallback = entry.apiKeyId !== null ? t('audit.apiKey', { id: entry.apiKeyId }) : t('audit.system');
  return (
    <tr>
      {group !== undefined && <td>{group}</td>}
      <td>
        <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
      </td>
      <PersonCell person={entry.actor} fallback={actorFallback} />
      <PersonCell person={entry.actingAs} fallback="—" />
      <td>
        <code>{entry.action}</code>
      </td>
      <td>
        {entry.targetType} <code>{entry.targetId}</code>
      </td>
      <td>
        {before === null && after === null ? (
          '—'
        ) : (
          <details>
            <summary>{t('audit.showChange')}</summary>
            <p>
              <strong>{t('audit.before')}</strong>
            </p>
            <pre>{before ?? t('audit.nothing')}</pre>
            <p>
              <strong>{t('audit.after')}</strong>
            </p>
            <pre>{after ?? t('audit.nothing')}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}
