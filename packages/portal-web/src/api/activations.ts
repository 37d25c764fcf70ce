// Activations (domain.md §2 "Activation", issue 4): a version moved into staging or production, or a
// canary candidate with a share of traffic, each with a status that goes pending → propagating (n of m
// edges) → active | rolled back.
import type { Activation, ActivationStatus, ActivationTarget } from '@candela/contract';
import { apiPath, type ApiClient } from './client';
import type { Page } from './types';

export type { Activation, ActivationStatus, ActivationTarget };

/** ASSUMED, mirroring activateBodySchema (the contract exports the schema, not its input type). */
export interface ActivateRequest {
  readonly target: ActivationTarget;
  /** Left out for promote, and for a candidate removed with percent 0. */
  readonly version?: number;
  /** Only for target "candidate": 1–100 for a canary, 0 to remove the candidate. */
  readonly percent?: number;
  readonly comment: string;
}

/** Statuses that will still change: the portal keeps asking while an activation is in one of them. */
export function isLive(status: ActivationStatus): boolean {
  return status === 'pending' || status === 'propagating';
}

export function activate(client: ApiClient, configurationId: string, request: ActivateRequest): Promise<Activation> {
  return client.post(apiPath`/configurations/${configurationId}/activations`, request);
}

export function fetchActivations(client: ApiClient, configurationId: string, cursor?: string): Promise<Page<Activation>> {
  return client.get(apiPath`/configurations/${configurationId}/activations`, { limit: 20, cursor });
}

export function fetchActivation(client: ApiClient, id: string): Promise<Activation> {
  return client.get(apiPath`/activations/${id}`);
}
