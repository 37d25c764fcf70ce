// Which language the portal starts in. Pure: the browser's languages and the stored choice are passed in.
import type { Language } from '../api/types';

export const LANGUAGES: readonly Language[] = ['es', 'en'];

/** Where the user's choice is kept between visits. */
export const LANGUAGE_STORAGE_KEY = 'candela.language';

/**
 * Latin America and the Caribbean (ISO 3166-1 alpha-2) plus the UN M.49 region 419 ("es-419"). Most
 * customers are here (domain.md), so a browser set to, say, pt-BR gets Spanish rather than English.
 */
const LATIN_AMERICAN_REGIONS = new Set([
  '419', 'AR', 'BO', 'BR', 'BZ', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'GF', 'GT', 'GY', 'HN', 'HT', 'MX',
  'NI', 'PA', 'PE', 'PR', 'PY', 'SR', 'SV', 'UY', 'VE',
]);

export function isLanguage(value: unknown): value is Language {
  return value === 'es' || value === 'en';
}

/** The portal language a BCP 47 tag asks for, or undefined when the tag says nothing we can use. */
export function languageOfTag(tag: string): Language | undefined {
  const [primary = '', ...subtags] = tag.toLowerCase().split(/[-_]/);
  // A stated language beats the region: en-MX asked for English on purpose.
  if (primary === 'es') return 'es';
  if (primary === 'en') return 'en';
  const region = subtags.find((s) => /^([a-z]{2}|\d{3})$/.test(s));
  if (region !== undefined && LATIN_AMERICAN_REGIONS.has(region.toUpperCase())) return 'es';
  return undefined;
}

/**
 * The stored choice when there is a valid one; otherwise the first of the browser's languages (in the
 * user's order of preference) that maps to es or en; otherwise Spanish, the language of most customers.
 */
export function detectLanguage(browserLanguages: readonly string[], stored: string | null): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const language = languageOfTag(tag);
    if (language !== undefined) return language;
  }
  return 'es';
}

/** Reads the browser; storage may throw (disabled cookies, private modes), which means "no choice stored". */
export function detectBrowserLanguage(): Language {
  const languages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return detectLanguage(languages, readStoredLanguage());
}

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not persisting only costs the user one more click next visit.
  }
}
