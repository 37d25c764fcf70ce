// activations.previous_slots: what an activation replaced, so a rollback restores it exactly — the slots
// and the aliases the configuration held in both networks. JSON in a text column.
import type { Network } from '@candela/contract';
import type { SlotState } from './slot-rules.js';
import { EMPTY_SLOTS } from './slot-rules.js';

export interface PreviousState {
  readonly slots: SlotState;
  readonly aliases: readonly { readonly alias: string; readonly network: Network }[];
}

export function encodePrevious(state: PreviousState): string {
  return JSON.stringify(state);
}

function isNumberOrNull(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isInteger(v));
}

/** Refuses anything but what encodePrevious wrote: a rollback must never restore a guess. */
export function decodePrevious(text: string): PreviousState {
  const parsed = JSON.parse(text) as { slots?: Partial<SlotState>; aliases?: unknown };
  const slots = parsed.slots ?? EMPTY_SLOTS;
  const candidate = slots.candidate ?? null;
  const aliases = Array.isArray(parsed.aliases) ? parsed.aliases : [];
  const validCandidate = candidate === null || (Number.isInteger(candidate.version) && Number.isInteger(candidate.percent));
  if (!isNumberOrNull(slots.staging ?? null) || !isNumberOrNull(slots.current ?? null) || !validCandidate) throw new Error('activations.previous_slots: not a slot state');
  const cleanAliases = aliases.filter(
    (a): a is { alias: string; network: Network } =>
      typeof a === 'object' && a !== null && typeof (a as { alias?: unknown }).alias === 'string' && ['staging', 'production'].includes((a as { network?: unknown }).network as string),
  );
  return { slots: { staging: slots.staging ?? null, current: slots.current ?? null, candidate }, aliases: cleanAliases };
}
