// Repositories turn constraint violations into domain errors (a taken e-mail, an unknown group). The two
// drivers report them differently; this maps both to one answer so no repository inspects driver errors.

export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null';

// better-sqlite3's SqliteError carries SQLite's extended result code name; a duplicate primary key is a
// uniqueness violation like any other.
const SQLITE_CODES: Readonly<Record<string, ConstraintKind>> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
};

// pg's DatabaseError carries the SQLSTATE (PostgreSQL manual, appendix A, class 23).
const SQLSTATES: Readonly<Record<string, ConstraintKind>> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
};

/** The kind of integrity constraint the error reports, or undefined when it is something else. */
export function constraintViolation(error: unknown): ConstraintKind | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  if (typeof code !== 'string') return undefined;
  return SQLITE_CODES[code] ?? SQLSTATES[code];
}

/** Node reports a refused connection as an AggregateError with an empty message; its code says more. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return code ?? error.name;
}
