// Which transport the configuration asks for: SMTP when a server URL is configured, otherwise the .eml
// folder in the data directory, so a single machine needs no mail server for invitations and resets.
import { folderTransport } from './folder-transport.js';
import type { MailTransport } from './mail-transport.js';
import { smtpTransport } from './smtp-transport.js';

export interface MailTransportSettings {
  readonly dataDir: string;
  /** config.smtpUrl: undefined selects the folder transport. */
  readonly smtpUrl: string | undefined;
  /** config.mailFrom. */
  readonly from: string;
}

export function selectMailTransport(settings: MailTransportSettings): MailTransport {
  if (settings.smtpUrl !== undefined) return smtpTransport({ url: settings.smtpUrl, from: settings.from });
  return folderTransport({ dataDir: settings.dataDir, from: settings.from });
}
