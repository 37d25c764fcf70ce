// An edge refuses a whole snapshot, which holds every customer's properties; its problems (`pointer:
// message` lines, contract feed.ts) are shown to the customer whose activation is rolled back only where
// they point into that customer's own configuration. The rest are counted, never shown: another
// customer's aliases and settings must not leak through a refusal (tenant isolation). Pure.
import type { EdgeConfig, Property } from '@candela/contract';

export interface ProblemsForConfiguration {
  readonly problems: string[];
  /** Problems elsewhere in the snapshot (or in no property at all). */
  readonly elsewhere: number;
}

/** The property a pointer into the snapshot names: /properties/N…, /staging/N…, /candidates/S/properties/N…. */
function propertyAt(snapshot: EdgeConfig, pointer: string): Property | undefined {
  const parts = pointer.split('/');
  const index = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : -1);
  if (parts[0] !== '') return undefined;
  if (parts[1] === 'properties') return snapshot.properties[index(parts[2])];
  if (parts[1] === 'staging') return snapshot.staging[index(parts[2])];
  if (parts[1] === 'candidates' && parts[3] === 'properties') return snapshot.candidates[index(parts[2])]?.properties[index(parts[4])];
  return undefined;
}

export function problemsForConfiguration(snapshot: EdgeConfig | undefined, problems: readonly string[], configurationId: string): ProblemsForConfiguration {
  const mine: string[] = [];
  let elsewhere = 0;
  for (const problem of problems) {
    const pointer = problem.split(':', 1)[0]?.trim() ?? '';
    const property = snapshot === undefined ? undefined : propertyAt(snapshot, pointer);
    if (property?.source?.configurationId === configurationId) mine.push(problem);
    else elsewhere += 1;
  }
  return { problems: mine, elsewhere };
}
