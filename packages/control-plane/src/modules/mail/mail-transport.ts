// How a rendered message leaves the control plane. One interface, two implementations: a folder of .eml
// files (the one-machine default: invitations and resets work with no mail server) and SMTP (when
// configured). The sender job sees only this interface.
import type { Language } from '@candela/contract';

/** One message as the outbox holds it; what every transport needs to deliver it. */
export interface OutgoingMail {
  readonly id: string;
  readonly to: string;
  readonly language: Language;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** Epoch ms; becomes the Date header, so a retried message carries the same date as its first try. */
  readonly createdAt: number;
}

export interface MailTransport {
  /** Resolves once the message is handed over (written, or accepted by the SMTP server); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  /** Releases connections; the transport is not used afterwards. */
  close(): Promise<void>;
}

/** RFC 5322 §3.4 mailbox: display name and address. The configuration's default sender. */
export const DEFAULT_MAIL_FROM = 'Candela <no-reply@candela.localhost>';
