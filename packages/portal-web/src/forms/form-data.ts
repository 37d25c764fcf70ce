// Reading uncontrolled forms: every field keeps its own state in the DOM, the submit handler reads it once.
export function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** Passwords are never trimmed: leading and trailing spaces are part of them. */
export function rawTextOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

export function allTextOf(data: FormData, name: string): string[] {
  return data.getAll(name).filter((value): value is string => typeof value === 'string');
}
