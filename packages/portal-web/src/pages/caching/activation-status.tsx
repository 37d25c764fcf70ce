// An activation's live status (issue 4): pending → propagating (n of m edges) → active | rolled back (with
// the reason) | superseded. While it can still change, the portal asks GET /activations/{id} every second;
// when it settles, the configuration's slots and lists are read again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { fetchActivation, isLive, type Activation } from '../../api/activations';
import { useApiClient } from '../../api/api-context';
import type { Translate } from '../../i18n/i18n-context';
import { useI18n } from '../../i18n/i18n-context';
import { cachingKeys } from './caching-queries';

/** How often a live activation is asked about: propagation is meant to take under 2 seconds. */
export const ACTIVATION_POLL_MS = 1_000;

export function activationStatusText(activation: Activation, t: Translate): string {
  switch (activation.status) {
    case 'pending':
      return t('caching.status.pending');
    case 'propagating':
      return t('caching.status.propagating', { done: activation.edgesDone, total: activation.edgesTotal });
    case 'active':
      return t('caching.status.active', { total: activation.edgesTotal });
    case 'rolled-back':
      return activation.reason === null ? t('caching.status.rolledBack') : t('caching.status.rolledBackBecause', { reason: activation.reason });
    case 'superseded':
      return t('caching.status.superseded');
  }
}

export function activationTargetText(activation: Activation, t: Translate): string {
  switch (activation.target) {
    case 'staging':
      return t('caching.target.staging');
    case 'production':
      return t('caching.target.production');
    case 'candidate':
      return activation.percent === 0 ? t('caching.target.candidateRemoved') : t('caching.target.candidate', { percent: activation.percent ?? 0 });
    case 'promote':
      return t('caching.target.promote');
  }
}

/** The activation as it is now, asked for every second while it is live. */
export function useActivationStatus(initial: Activation): Activation {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: cachingKeys.activation(initial.id),
    queryFn: () => fetchActivation(client, initial.id),
    initialData: initial,
    refetchInterval: (q) => (isLive(q.state.data?.status ?? initial.status) ? ACTIVATION_POLL_MS : false),
  });
  const activation = query.data;
  const wasLive = useRef(isLive(activation.status));
  useEffect(() => {
    const live = isLive(activation.status);
    if (wasLive.current && !live) {
      // Settled: the slots changed (or were restored), and the history row should say so.
      void queryClient.invalidateQueries({ queryKey: cachingKeys.configuration(activation.configurationId) });
      void queryClient.invalidateQueries({ queryKey: cachingKeys.activations(activation.configurationId) });
      void queryClient.invalidateQueries({ queryKey: cachingKeys.configurations(activation.scid) });
    }
    wasLive.current = live;
  }, [activation.status, activation.configurationId, activation.scid, queryClient]);
  return activation;
}

export function ActivationStatus({ activation: initial, live = false }: { readonly activation: Activation; readonly live?: boolean }) {
  const { t } = useI18n();
  const activation = useActivationStatus(initial);
  const text = activationStatusText(activation, t);
  const propagating = activation.status === 'propagating' && activation.edgesTotal > 0;
  return (
    <span role={live ? 'status' : undefined} data-status={activation.status}>
      {text}
      {propagating && (
        <>
          <br />
          <progress value={activation.edgesDone} max={activation.edgesTotal} aria-label={text} />
        </>
      )}
    </span>
  );
}
