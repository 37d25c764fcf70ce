// The http-cache-tests package ships plain .mjs without type declarations; these describe only the
// parts the harness uses, so the rest of conformance/ stays strictly typed.

declare module 'http-cache-tests/tests/index.mjs' {
  import type { TestSuite } from 'http-cache-tests/types';
  const suites: TestSuite[];
  export default suites;
}

declare module 'http-cache-tests/tests/surrogate-control.mjs' {
  import type { TestSuite } from 'http-cache-tests/types';
  const suite: TestSuite;
  export default suite;
}

declare module 'http-cache-tests/results/index.mjs' {
  export interface PublishedEntry {
    file: string;
    name: string;
    type: string;
    version: string;
    link?: string;
  }
  const entries: PublishedEntry[];
  export default entries;
}

declare module 'http-cache-tests/lib/display.mjs' {
  import type { TestSuite, RawResults } from 'http-cache-tests/types';
  /** [font-awesome glyph, colour, text symbol]; the text symbol identifies the classification. */
  export type ResultType = [string, string, string];
  export function determineTestResult(
    testSuites: TestSuite[],
    testId: string,
    testResults: RawResults,
    honorDependencies?: boolean,
  ): ResultType;
}

declare module 'http-cache-tests/client/runner.mjs' {
  import type { TestSuite, RawResults } from 'http-cache-tests/types';
  export function runTests(
    tests: TestSuite[],
    fetch: (url: string, init?: object) => Promise<unknown>,
    browserCache: boolean,
    base: string,
    chunkSize?: number,
  ): Promise<void>;
  export function getResults(): RawResults;
}

declare module 'node-fetch' {
  // node-fetch v2 (the suite's own client) accepts a non-standard per-request `timeout` in ms.
  const fetch: (url: string, init?: object & { timeout?: number }) => Promise<unknown>;
  export default fetch;
}

/** Shapes shared by the declarations above (not a real module of the package). */
declare module 'http-cache-tests/types' {
  export type TestKind = 'required' | 'optimal' | 'check';
  export interface SuiteTest {
    id: string;
    name: string;
    kind?: TestKind;
    depends_on?: string[];
    browser_only?: boolean;
    browser_skip?: boolean;
    dump?: boolean;
    requests: object[];
  }
  export interface TestSuite {
    id: string;
    name: string;
    description?: string;
    tests: SuiteTest[];
  }
  /** `true` for a pass, otherwise [error name, message] ('Setup' / 'Assertion' / …). */
  export type RawResult = boolean | [string, string];
  export type RawResults = Record<string, RawResult>;
}
