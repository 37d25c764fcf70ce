// The parts of Structured Field Values (RFC 8941) this package needs: parsing a Dictionary (targeted
// cache fields are Dictionaries, RFC 9213 §2.2) and serialising Strings, Tokens and Integers
// (Cache-Status members, RFC 9211 §2). Parameters and Inner Lists are validated, then discarded,
// because no cache directive gives them a meaning.

export type SfBareItem =
  | { readonly type: 'integer' | 'decimal'; readonly value: number; readonly raw: string }
  | { readonly type: 'string' | 'token' | 'bytes'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean };

export type SfMember = SfBareItem | { readonly type: 'inner-list' };

interface Cursor {
  readonly text: string;
  pos: number;
}

class SfParseError extends Error {}

/** RFC 8941 §4.2.2: a Dictionary, or undefined when the text is not one (§4.2: any error fails it all). */
export function parseSfDictionary(text: string): Map<string, SfMember> | undefined {
  const c: Cursor = { text: text.replace(/^ +| +$/g, ''), pos: 0 };
  const out = new Map<string, SfMember>();
  try {
    while (c.pos < c.text.length) {
      const key = parseKey(c);
      let member: SfMember = { type: 'boolean', value: true };
      if (peek(c) === '=') {
        c.pos++;
        member = parseItemOrInnerList(c);
      } else parseParameters(c);
      out.set(key, member); // §4.2.2: a repeated key overwrites the earlier value
      skipOws(c);
      if (c.pos >= c.text.length) break;
      expect(c, ',');
      skipOws(c);
      if (c.pos >= c.text.length) throw new SfParseError('trailing comma');
    }
  } catch (error) {
    if (error instanceof SfParseError) return undefined;
    throw error;
  }
  return out;
}

function parseItemOrInnerList(c: Cursor): SfMember {
  if (peek(c) !== '(') {
    const item = parseBareItem(c);
    parseParameters(c);
    return item;
  }
  c.pos++;
  for (;;) {
    while (peek(c) === ' ') c.pos++;
    if (peek(c) === ')') {
      c.pos++;
      parseParameters(c);
      return { type: 'inner-list' };
    }
    parseBareItem(c);
    parseParameters(c);
    const next = peek(c);
    if (next !== ' ' && next !== ')') throw new SfParseError('bad inner list');
  }
}

function parseParameters(c: Cursor): void {
  while (peek(c) === ';') {
    c.pos++;
    while (peek(c) === ' ') c.pos++;
    parseKey(c);
    if (peek(c) === '=') {
      c.pos++;
      parseBareItem(c);
    }
  }
}

function parseKey(c: Cursor): string {
  const m = /^[a-z*][a-z0-9_\-.*]*/.exec(c.text.slice(c.pos));
  if (!m) throw new SfParseError('bad key');
  c.pos += m[0].length;
  return m[0];
}

function parseBareItem(c: Cursor): SfBareItem {
  const rest = c.text.slice(c.pos);
  const first = rest[0] ?? '';
  if (first === '-' || isDigit(first)) return parseNumber(c, rest);
  if (first === '"') return parseString(c);
  if (first === '?') return parseBoolean(c, rest);
  if (first === ':') return parseBytes(c, rest);
  const token = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(rest);
  if (!token) throw new SfParseError('bad item');
  c.pos += token[0].length;
  return { type: 'token', value: token[0] };
}

function parseNumber(c: Cursor, rest: string): SfBareItem {
  const m = /^-?(\d+)(\.(\d*))?/.exec(rest);
  const whole = m?.[1] ?? '';
  const fraction = m?.[3];
  if (!m || whole === '') throw new SfParseError('bad number');
  const ok = fraction === undefined ? whole.length <= 15 : whole.length <= 12 && fraction.length >= 1 && fraction.length <= 3;
  if (!ok) throw new SfParseError('number out of range');
  c.pos += m[0].length;
  return { type: fraction === undefined ? 'integer' : 'decimal', value: Number(m[0]), raw: m[0] };
}

function parseString(c: Cursor): SfBareItem {
  let value = '';
  for (let i = c.pos + 1; i < c.text.length; i++) {
    const ch = c.text[i] ?? '';
    if (ch === '"') {
      c.pos = i + 1;
      return { type: 'string', value };
    }
    if (ch === '\\') {
      const escaped = c.text[++i];
      if (escaped !== '"' && escaped !== '\\') throw new SfParseError('bad escape');
      value += escaped;
    } else if (ch < ' ' || ch > '~') throw new SfParseError('bad string character');
    else value += ch;
  }
  throw new SfParseError('unterminated string');
}

function parseBoolean(c: Cursor, rest: string): SfBareItem {
  if (rest[1] !== '0' && rest[1] !== '1') throw new SfParseError('bad boolean');
  c.pos += 2;
  return { type: 'boolean', value: rest[1] === '1' };
}

function parseBytes(c: Cursor, rest: string): SfBareItem {
  const m = /^:([A-Za-z0-9+/=]*):/.exec(rest);
  if (!m) throw new SfParseError('bad byte sequence');
  c.pos += m[0].length;
  return { type: 'bytes', value: m[1] ?? '' };
}

function skipOws(c: Cursor): void {
  while (peek(c) === ' ' || peek(c) === '\t') c.pos++;
}

function expect(c: Cursor, ch: string): void {
  if (peek(c) !== ch) throw new SfParseError(`expected ${ch}`);
  c.pos++;
}

function peek(c: Cursor): string | undefined {
  return c.text[c.pos];
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

const SF_TOKEN = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/;

/** RFC 8941 §3.3.4: whether the text can be sent as a Token. */
export function isSfToken(text: string): boolean {
  return SF_TOKEN.test(text);
}

/**
 * RFC 8941 §4.1.6: serialises a String. Strings are printable ASCII only, so anything else is replaced
 * by "?" rather than failing: these values are diagnostics, never parsed back for meaning.
 */
export function serializeSfString(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return `"${printable.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

const SF_INTEGER_MAX = 999_999_999_999_999;

/** RFC 8941 §4.1.4: an Integer (15 digits at most; fractions are dropped towards zero). */
export function serializeSfInteger(n: number): string {
  if (Number.isNaN(n)) return '0';
  const clamped = Math.max(-SF_INTEGER_MAX, Math.min(SF_INTEGER_MAX, Math.trunc(n)));
  return String(clamped === 0 ? 0 : clamped); // never "-0"
}

/** A Token when the text is one, a String otherwise. */
export function serializeSfTokenOrString(text: string): string {
  return isSfToken(text) ? text : serializeSfString(text);
}
