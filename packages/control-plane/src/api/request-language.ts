// Which language a request is answered in: the signed-in user's preference, else Accept-Language
// (RFC 9110 §12.5.4, highest q first among those we speak), else Spanish, the language of most of our
// customers (domain.md: Spanish and English are both first-class).
import type { Language } from '@candela/contract';

export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (header === undefined) return 'es';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === 'es' || range.tag.startsWith('es-')) return 'es';
    if (range.tag === 'en' || range.tag.startsWith('en-')) return 'en';
  }
  return 'es';
}
