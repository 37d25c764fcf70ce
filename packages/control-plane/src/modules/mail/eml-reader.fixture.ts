// A deliberately small reader of the messages eml.ts produces, for tests: it decodes independently of
// nodemailer (which has no decoder), so a test checks what a mail client would see, not the encoder's own
// idea of it. It handles what we send: one multipart/alternative of quoted-printable or 7bit text parts.

export interface ReadEml {
  /** Header names lower-cased, values unfolded and RFC 2047 decoded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly contentTypes: readonly string[];
}

/** RFC 2045 §6.7: "=XX" octets and "=" soft line breaks. */
export function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const joined = body.replace(/=\r\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/i.exec(joined.slice(i + 1, i + 3))?.[0] : undefined;
    if (hex !== undefined) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 §4: =?charset?Q|B?text?=, whitespace between adjacent encoded words dropped (§6.2). */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function splitHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeEncodedWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function splitEntity(entity: string): { headers: Map<string, string>; body: string } {
  const end = entity.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('no blank line between headers and body');
  return { headers: splitHeaders(entity.slice(0, end)), body: entity.slice(end + 4) };
}

function decodeBody(headers: ReadonlyMap<string, string>, body: string): string {
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  return body;
}

export function readEml(message: string | Buffer): ReadEml {
  const { headers, body } = splitEntity(message.toString());
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  const parts = boundary === undefined ? [{ headers, body }] : body.split(`--${boundary}`).slice(1, -1).map((p) => splitEntity(p.replace(/^\r\n/, '')));
  const find = (kind: string) => parts.find((p) => (p.headers.get('content-type') ?? 'text/plain').startsWith(kind));
  const text = find('text/plain');
  const html = find('text/html');
  return {
    headers,
    text: text && decodeBody(text.headers, text.body.replace(/\r\n$/, '')),
    html: html && decodeBody(html.headers, html.body.replace(/\r\n$/, '')),
    contentTypes: parts.map((p) => p.headers.get('content-type') ?? ''),
  };
}
