// conformance/baseline.json: the score CI holds the edge to. Raised by hand when the edge improves,
// so that any later regression fails `npm test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './suite.js';

export interface AllowedFailure {
  id: string;
  reason: string;
}

export interface Baseline {
  /** The dependency-aware ✅ count the edge must reach at least. */
  minimumPassed: number;
  /** When true, a required ⛔️ failure not listed in requiredFailuresAllowed fails the test. */
  enforceRequiredFailures: boolean;
  requiredFailuresAllowed: AllowedFailure[];
}

export const baselineFile = join(repoRoot, 'conformance', 'baseline.json');

function fail(message: string): never {
  throw new Error(`${baselineFile}: ${message}`);
}

export function parseBaseline(text: string): Baseline {
  const data = JSON.parse(text) as unknown;
  if (typeof data !== 'object' || data === null) fail('expected an object');
  const record = data as Record<string, unknown>;
  const minimumPassed = record.minimumPassed;
  if (typeof minimumPassed !== 'number' || !Number.isInteger(minimumPassed) || minimumPassed < 0) {
    fail('/minimumPassed must be a non-negative integer');
  }
  const enforce = record.enforceRequiredFailures ?? false;
  if (typeof enforce !== 'boolean') fail('/enforceRequiredFailures must be a boolean');
  const list = record.requiredFailuresAllowed ?? [];
  if (!Array.isArray(list)) fail('/requiredFailuresAllowed must be an array');
  const allowed = list.map((item: unknown, i): AllowedFailure => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof entry.id !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      fail(`/requiredFailuresAllowed/${i} must be { "id": string, "reason": non-empty string }`);
    }
    return { id: entry.id, reason: entry.reason };
  });
  return { minimumPassed, enforceRequiredFailures: enforce, requiredFailuresAllowed: allowed };
}

export function readBaseline(): Baseline {
  return parseBaseline(readFileSync(baselineFile, 'utf8'));
}
