// Accept-Encoding normalisation for the cache key and the origin request (domain.md §2): a client's
// header is reduced to the few codings the edge keys on, so "gzip, deflate, br" and "br;q=1, gzip"
// share one cached variant instead of fragmenting the cache.

/** Codings kept, in the order they are written. identity is always acceptable and never written. */
export const KEPT_CODINGS: readonly string[] = ['br', 'gzip'];

/**
 * RFC 9110 §12.5.3: the kept codings the client accepts with q > 0, as 'br,gzip', 'br', 'gzip' or ''.
 * '*' accepts every coding not listed explicitly; x-gzip means gzip (§8.4.1.3). An invalid qvalue
 * counts as 0 (we do not send a coding the client may not understand). No header → '' (identity): the
 * safe reading for a shared cache, although §12.5.3 would allow any coding.
 */
export function normaliseAcceptEncoding(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : value;
  if (joined === undefined) return '';
  const weights = codingWeights(joined);
  const wildcard = weights.get('*');
  return KEPT_CODINGS.filter((coding) => (weights.get(coding) ?? wildcard ?? 0) > 0).join(',');
}

/** Each coding's qvalue (first occurrence wins), lower-cased, x-gzip folded into gzip. */
export function codingWeights(value: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const element of value.split(',')) {
    const [rawCoding = '', ...params] = element.split(';');
    const coding = canonicalCoding(rawCoding.trim().toLowerCase());
    if (coding === '' || out.has(coding)) continue;
    out.set(coding, qvalue(params));
  }
  return out;
}

function canonicalCoding(coding: string): string {
  return coding === 'x-gzip' ? 'gzip' : coding;
}

/** RFC 9110 §12.4.2: `q=` with 0–1 and at most three decimals; absent → 1; malformed → 0. */
function qvalue(params: readonly string[]): number {
  for (const param of params) {
    const [name = '', arg = ''] = param.split('=').map((p) => p.trim());
    if (name.toLowerCase() !== 'q') continue;
    return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(arg) ? Number(arg) : 0;
  }
  return 1;
}
