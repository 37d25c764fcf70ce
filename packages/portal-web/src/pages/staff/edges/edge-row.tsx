// One edge of the fleet: where it is, whether it is alive, and whether it serves the newest snapshot.
import type { EdgeSummary } from '../../../api/edges';
import type { Language } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n-context';

export interface EdgeRowProps {
  readonly edge: EdgeSummary;
  readonly latestVersion: number;
  readonly busy: boolean;
  /** Null when the reader may not remove edges. */
  readonly onRemove: (() => void) | null;
}

/** Heartbeats are seconds apart: the time is shown to the second. */
export function formatHeartbeat(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'es' ? 'es-419' : 'en', { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function EdgeRow({ edge, latestVersion, busy, onRemove }: EdgeRowProps) {
  const { t, language } = useI18n();
  const behind = edge.appliedVersion < latestVersion;
  return (
    <tr>
      <th scope="row">{edge.name}</th>
      <td>{`${edge.region} / ${edge.metro}`}</td>
      <td>
        {t(`edges.state.${edge.state}`)}
        {edge.health !== null && edge.health !== '' && edge.state !== 'removed' && (
          <>
            <br />
            <small>{edge.health}</small>
          </>
        )}
      </td>
      <td>
        {behind ? t('edges.behind', { applied: edge.appliedVersion, latest: latestVersion }) : t('edges.upToDate', { applied: edge.appliedVersion })}
      </td>
      <td>
        {edge.lastHeartbeatAt === null ? (
          t('edges.noHeartbeat')
        ) : (
          <time dateTime={edge.lastHeartbeatAt}>{formatHeartbeat(edge.lastHeartbeatAt, language)}</time>
        )}
      </td>
      {onRemove !== null && (
        <td>
          {edge.state !== 'removed' && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => {
                if (window.confirm(t('edges.confirmRemove', { name: edge.name }))) onRemove();
              }}
            >
              {t('edges.remove', { name: edge.name })}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
