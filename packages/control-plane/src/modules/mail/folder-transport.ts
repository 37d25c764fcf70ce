// The one-machine transport: each message becomes <dataDir>/mail/<created-at>-<id>.eml, a file any mail
// client opens. Written to a hidden temporary file first and renamed into place (rename is atomic within
// a directory on POSIX), so whoever watches the folder never reads half a message; a retry of the same
// message replaces its file instead of adding a second one.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { composeEml } from './eml.js';
import { DEFAULT_MAIL_FROM } from './mail-transport.js';
import type { MailTransport, OutgoingMail } from './mail-transport.js';

export interface FolderTransportOptions {
  readonly dataDir: string;
  /** RFC 5322 mailbox for the From header; DEFAULT_MAIL_FROM when omitted. */
  readonly from?: string;
}

export function mailFolder(dataDir: string): string {
  return join(dataDir, 'mail');
}

/**
 * "2026-11-28T06-00-00.000Z-mail_x.eml": the ISO time sorts the folder by creation, and ':' (not allowed
 * in Windows file names) becomes '-'. The id is reduced to characters safe in any file name.
 */
export function emlFileName(mail: Pick<OutgoingMail, 'id' | 'createdAt'>): string {
  const at = new Date(mail.createdAt).toISOString().replace(/:/g, '-');
  return `${at}-${mail.id.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`;
}

/** Writes the bytes under a temporary name, flushes them to disk, then renames: all of the file or none. */
async function writeAtomically(path: string, dir: string, bytes: Buffer): Promise<void> {
  const temporary = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function folderTransport(options: FolderTransportOptions): MailTransport {
  const dir = mailFolder(options.dataDir);
  const from = options.from ?? DEFAULT_MAIL_FROM;
  return {
    async send(mail) {
      const bytes = await composeEml(mail, from);
      await mkdir(dir, { recursive: true });
      await writeAtomically(join(dir, emlFileName(mail)), dir, bytes);
    },
    // Nothing is held open between messages.
    close: () => Promise.resolve(),
  };
}
