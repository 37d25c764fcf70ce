// What an activation does to a configuration's slots (domain.md §2 Activation, contract activateBodySchema):
// staging and production-current take the version (an older one is a rollback); a candidate takes a
// version and a traffic percentage, and percent 0 removes it; promote makes the candidate current. Pure.
import type { ActivationTarget, Network } from '@candela/contract';

export interface SlotState {
  readonly staging: number | null;
  readonly current: number | null;
  readonly candidate: { readonly version: number; readonly percent: number } | null;
}

export const EMPTY_SLOTS: SlotState = { staging: null, current: null, candidate: null };

export interface ActivationRequest {
  readonly target: ActivationTarget;
  readonly version?: number | undefined;
  readonly percent?: number | undefined;
}

export type SlotChange =
  | {
      readonly ok: true;
      readonly slots: SlotState;
      /** The network whose aliases change. */
      readonly network: Network;
      /** What the activation row records: the version moved (null when a candidate is removed) and the percent. */
      readonly version: number | null;
      readonly percent: number | null;
    }
  | { readonly ok: false; readonly code: 'no-candidate' };

/** The version the request needs to exist, if any. */
export function requestedVersion(request: ActivationRequest): number | undefined {
  if (request.target === 'promote' || (request.target === 'candidate' && request.percent === 0)) return undefined;
  return request.version;
}

export function nextSlots(previous: SlotState, request: ActivationRequest): SlotChange {
  const version = request.version ?? null;
  switch (request.target) {
    case 'staging':
      return { ok: true, slots: { ...previous, staging: version }, network: 'staging', version, percent: null };
    case 'production':
      return { ok: true, slots: { ...previous, current: version }, network: 'production', version, percent: null };
    case 'candidate': {
      const percent = request.percent ?? 0;
      if (percent === 0 || version === null) return { ok: true, slots: { ...previous, candidate: null }, network: 'production', version: null, percent: 0 };
      return { ok: true, slots: { ...previous, candidate: { version, percent } }, network: 'production', version, percent };
    }
    case 'promote': {
      if (previous.candidate === null) return { ok: false, code: 'no-candidate' };
      const promoted = previous.candidate.version;
      return { ok: true, slots: { ...previous, current: promoted, candidate: null }, network: 'production', version: promoted, percent: null };
    }
  }
}

/** The versions whose properties are live in a network: staging's one, production's current and candidate. */
export function networkVersions(slots: SlotState, network: Network): number[] {
  if (network === 'staging') return slots.staging === null ? [] : [slots.staging];
  return [...new Set([slots.current, slots.candidate?.version ?? null].filter((v): v is number => v !== null))];
}
