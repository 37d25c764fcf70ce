// Command-line values of the benchmark runners (node:util parseArgs gives strings): checked here, so a
// typo stops the run at once with exit status 2 instead of measuring something else than asked.

export class UsageError extends Error {}

/** An integer ≥ min. */
export function intArg(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${value})`);
  return n;
}

/** Any finite number ≥ min. */
export function numberArg(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min} (got ${value})`);
  return n;
}

/** A comma-separated subset of `allowed`, returned in `allowed`'s order (so reports are always laid out alike). */
export function choiceList<T extends string>(name: string, value: string, allowed: readonly T[], what: string): T[] {
  const asked = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const a of asked) if (!(allowed as readonly string[]).includes(a)) throw new UsageError(`--${name}: unknown ${what} ${a} (${allowed.join(', ')})`);
  return allowed.filter((a) => asked.includes(a));
}

/** Comma-separated integers in [min, max], sorted, without repeats. */
export function intList(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number[] {
  const list = value.split(',').map((s) => intArg(name, s.trim(), min));
  const over = list.find((n) => n > max);
  if (over !== undefined) throw new UsageError(`--${name}: at most ${max} (got ${over})`);
  return [...new Set(list)].sort((a, b) => a - b);
}

/** Runs a parser; a UsageError ends the process with status 2 and a pointer to the usage in `script`'s header. */
export function parseOrExit<T>(script: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    // node:util parseArgs throws TypeError (ERR_PARSE_ARGS_…) for unknown or malformed flags: a usage error too.
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\nsee the header of ${script} for usage\n`);
    process.exit(2);
  }
}
