// The mail folder of `candela start` as a mail client sees it: every message is an .eml file (RFC 5322,
// MIME). A deliberately small reader, independent of the nodemailer code that wrote the files, so a flow
// checks what a recipient would read: header values (RFC 2047 encoded words decoded) and the text and
// HTML parts (quoted-printable, base64 or plain, UTF-8), found in any multipart nesting.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Mail {
  readonly file: string;
  /** Lower-cased names; values unfolded and decoded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly text: string | undefined;
  readonly html: string | undefined;
}

/** RFC 2045 §6.7: "=XX" is one octet, "=" at the end of a line is a soft line break. */
export function decodeQuotedPrintable(body: string): Buffer {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i] ?? '';
    const hex = char === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: =?charset?B|Q?text?=; whitespace between two adjacent encoded words is dropped (§6.2). */
export function decodeHeaderValue(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, charset: string, kind: string, text: string) => {
      const bytes = kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

interface Entity {
  readonly headers: Map<string, string>;
  readonly body: string;
}

function parseEntity(raw: string): Entity {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match === null ? raw : raw.slice(0, match.index);
  const body = match === null ? '' : raw.slice(match.index + match[0].length);
  const headers = new Map<string, string>();
  // Unfold (RFC 5322 §2.2.3): a line starting with whitespace continues the previous one.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeHeaderValue(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function parameter(headerValue: string, name: string): string | undefined {
  return new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(headerValue)?.slice(1).find((v) => v !== undefined);
}

function decodeBody(entity: Entity): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = parameter(entity.headers.get('content-type') ?? '', 'charset') ?? 'utf-8';
  const bytes =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(entity.body)
      : encoding === 'base64'
        ? Buffer.from(entity.body.replace(/\s+/g, ''), 'base64')
        : Buffer.from(entity.body, 'utf8');
  return new TextDecoder(charset.toLowerCase()).decode(bytes);
}

/** The leaf parts of a message, in order (RFC 2046 §5.1: parts sit between "--boundary" lines). */
function leaves(entity: Entity): Entity[] {
  const type = entity.headers.get('content-type') ?? 'text/plain';
  const boundary = parameter(type, 'boundary');
  if (!type.toLowerCase().startsWith('multipart/') || boundary === undefined) return [entity];
  const delimiter = `--${boundary}`;
  const sections = entity.body.split(new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  // sections[0] is the preamble; the last one starts with "--" (the close delimiter) and holds the epilogue.
  return sections
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => leaves(parseEntity(section.replace(/^[ \t]*\r?\n/, ''))));
}

export function parseMail(raw: string, file = ''): Mail {
  const message = parseEntity(raw);
  const parts = leaves(message);
  const find = (kind: string) => {
    const part = parts.find((p) => (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith(kind));
    return part === undefined ? undefined : decodeBody(part);
  };
  return { file, headers: message.headers, text: find('text/plain'), html: find('text/html') };
}

/** Every message in the folder, oldest first (the file names start with the creation time). */
export async function readMailFolder(dir: string): Promise<Mail[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // the folder appears with the first message
  }
  // Hidden files are the transport's half-written temporaries (written, then renamed into place).
  const files = names.filter((name) => name.endsWith('.eml') && !name.startsWith('.')).sort();
  return Promise.all(files.map(async (name) => parseMail(await readFile(join(dir, name), 'utf8'), name)));
}

/** Polls the folder until a message to `to` (and matching `subject`, when given) arrives. */
export async function waitForMail(dir: string, to: string, options: { subject?: RegExp; timeoutMs?: number } = {}): Promise<Mail> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const found = (await readMailFolder(dir)).find(
      (mail) => (mail.headers.get('to') ?? '').toLowerCase().includes(to.toLowerCase()) && (options.subject?.test(mail.headers.get('subject') ?? '') ?? true),
    );
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first link in the text part that starts with `prefix`. */
export function linkIn(mail: Mail, prefix: string): string {
  const link = (mail.text ?? '').match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(prefix));
  if (link === undefined) throw new Error(`no link starting with ${prefix} in ${mail.file}:\n${mail.text ?? '(no text part)'}`);
  return link;
}
