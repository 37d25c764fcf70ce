// The progress of one request (domain.md §3): pending → in progress (edges done / total, objects matched) →
// complete. A request the user follows (just sent, or opened in its detail view) is asked about every
// second while it is open, and announced politely (role="status"); when it completes, the history is read
// again so its row says so too.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useApiClient } from '../../api/api-context';
import { fetchInvalidation, isChanging, isCounting, isOpen, type Invalidation, type InvalidationKind, type InvalidationType } from '../../api/invalidations';
import type { Translate } from '../../i18n/i18n-context';
import { useI18n } from '../../i18n/i18n-context';
import styles from './invalidation.module.css';
import { INVALIDATION_POLL_MS, invalidationKeys } from './invalidation-queries';

export function invalidationStatusText(invalidation: Invalidation, t: Translate): string {
  const { edgesDone: done, edgesTotal: total, objectsMatched: objects } = invalidation;
  switch (invalidation.status) {
    case 'pending':
      return t('invalidation.status.pending', { total });
    case 'in-progress':
      return t('invalidation.status.inProgress', { done, total, objects });
    case 'complete':
      return isCounting(invalidation)
        ? t('invalidation.status.completeCounting', { total, objects, counted: invalidation.edgesCounted, done: invalidation.edgesDone })
        : t('invalidation.status.complete', { total, objects });
  }
}

export function kindText(kind: InvalidationKind, t: Translate): string {
  switch (kind) {
    case 'path':
      return t('invalidation.kind.path');
    case 'tag':
      return t('invalidation.kind.tag');
    case 'property':
      return t('invalidation.kind.property');
  }
}

export function typeText(type: InvalidationType, t: Translate): string {
  return type === 'normal' ? t('invalidation.type.normal') : t('invalidation.type.force');
}

/** The request as it is now, asked for every second while it is open (or its edges are still counting). */
export function useInvalidation(initial: Invalidation): Invalidation {
  const client = useApiClient();
  const query = useQuery({
    queryKey: invalidationKeys.one(initial.id),
    queryFn: () => fetchInvalidation(client, initial.id),
    initialData: initial,
    refetchInterval: (q) => (isChanging(q.state.data ?? initial) ? INVALIDATION_POLL_MS : false),
  });
  useCompletionRefresh(query.data);
  return query.data;
}

/** Once a followed request completes, the history lists of its service are read again. */
export function useCompletionRefresh(invalidation: Invalidation | undefined): void {
  const queryClient = useQueryClient();
  const wasOpen = useRef(invalidation === undefined ? false : isOpen(invalidation.status));
  const status = invalidation?.status;
  const scid = invalidation?.scid;
  useEffect(() => {
    if (status === undefined || scid === undefined) return;
    const open = isOpen(status);
    if (wasOpen.current && !open) void queryClient.invalidateQueries({ queryKey: invalidationKeys.lists(scid) });
    wasOpen.current = open;
  }, [status, scid, queryClient]);
}

export interface InvalidationProgressProps {
  readonly invalidation: Invalidation;
  /** Announced to screen readers as it changes (one followed request, never every row of a table). */
  readonly live?: boolean;
}

/** The status in words, with a progress bar while edges are still applying it. */
export function InvalidationProgress({ invalidation, live = false }: InvalidationProgressProps) {
  const { t } = useI18n();
  const text = invalidationStatusText(invalidation, t);
  const showBar = isOpen(invalidation.status) && invalidation.edgesTotal > 0;
  return (
    <span role={live ? 'status' : undefined} data-status={invalidation.status} className={styles.progress}>
      <span>{text}</span>
      {showBar && <progress value={invalidation.edgesDone} max={invalidation.edgesTotal} aria-label={text} />}
    </span>
  );
}

/** A request followed live: the progress of the request as the API says it is now. */
export function LiveInvalidationProgress({ invalidation }: { readonly invalidation: Invalidation }) {
  const current = useInvalidation(invalidation);
  return <InvalidationProgress invalidation={current} live />;
}
