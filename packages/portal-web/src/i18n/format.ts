// Dates and country names in the reader's language. Latin-American Spanish (es-419) rather than es-ES
// conventions, since that is where the customers are.
import type { Language } from '../api/types';

const LOCALES: Readonly<Record<Language, string>> = { es: 'es-419', en: 'en' };

export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "AR" → "Argentina"; the code itself when the runtime has no name for it. */
export function countryName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames([LOCALES[language]], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
