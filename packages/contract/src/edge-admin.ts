// Requests accepted by an edge's admin listener. The control plane sends the same invalidation
// document through the feed later, so it lives in the contract.
import { z } from 'zod';

const mode = z.enum(['soft', 'hard']).default('soft');
const property = z.string().min(1).max(253);

export const invalidationRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('url'),
    /** Absolute URLs; the host names the property, the path and query the object (all variants). */
    urls: z.array(z.url({ protocol: /^https?$/ })).min(1).max(1000),
    mode,
  }),
  z.strictObject({
    type: z.literal('path'),
    property,
    /** Patterns in the wildcard grammar of domain.md §3, relative to the origin web root. */
    patterns: z.array(z.string().min(1).max(2048)).min(1).max(1000),
    ignoreCase: z.boolean().default(false),
    mode,
  }),
  z.strictObject({
    type: z.literal('tag'),
    /** Limits the purge to one property; omitted = every property on this edge. */
    property: property.optional(),
    tags: z.array(z.string().min(1).max(1024)).min(1).max(256),
    mode,
  }),
  z.strictObject({ type: z.literal('property'), property, mode }),
]);

export type InvalidationRequest = z.output<typeof invalidationRequestSchema>;

export interface InvalidationResult {
  /** Stored objects the invalidation applied to (each counted once across tiers). */
  readonly matched: number;
  /** Everything stored at or before this instant was considered. */
  readonly beforeMs: number;
}
