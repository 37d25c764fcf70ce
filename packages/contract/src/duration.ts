// TTL strings of the configuration document: an integer and a unit (domain.md §2: s/m/h/d/w/y).

const unitMs: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

export const TTL_PATTERN = /^([0-9]{1,9})([smhdwy])$/;

/** Minimum internal TTL the platform accepts (domain.md §2: "minimum 30 s"). */
export const MIN_TTL_MS = 30_000;

/** Parses "10m" into milliseconds; undefined when the text is not a TTL. */
export function parseTtlMs(text: string): number | undefined {
  const m = TTL_PATTERN.exec(text);
  if (!m) return undefined;
  const unit = unitMs[m[2]!];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}
