// Per-edge times of one repetition (ms after t0; undefined: that edge never reported) and what the feed
// benchmarks make of them. Pure.

/** When the last edge got there; undefined when any edge never did (or there are none): never a fast sample. */
export function lastEdgeMs(perEdge: readonly (number | undefined)[]): number | undefined {
  if (perEdge.length === 0) return undefined;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of perEdge) {
    if (v === undefined || Number.isNaN(v)) return undefined;
    max = Math.max(max, v);
  }
  return max;
}

/** The times that were reported. */
export function definedMs(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
}

/** Per edge, later − earlier, only where both are known (e.g. HTTP poll − swap, apply end − apply start). */
export function perEdgeDifferences(earlier: readonly (number | undefined)[], later: readonly (number | undefined)[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(earlier.length, later.length); i++) {
    const e = earlier[i];
    const l = later[i];
    if (e !== undefined && l !== undefined) out.push(l - e);
  }
  return out;
}
