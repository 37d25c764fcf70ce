// Delivery through an SMTP server (CANDELA_SMTP_URL, smtp:// or smtps://, credentials in the URL) with
// nodemailer. The message is built from the same options as the .eml files (eml.ts), so both transports
// produce the same message.
import { createTransport } from 'nodemailer';
import { mailOptions } from './eml.js';
import { DEFAULT_MAIL_FROM } from './mail-transport.js';
import type { MailTransport } from './mail-transport.js';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:587 or smtps://…:465; query parameters are nodemailer options. */
  readonly url: string;
  /** RFC 5322 mailbox for the From header; DEFAULT_MAIL_FROM when omitted. */
  readonly from?: string;
  /**
   * Bounds each stage of a delivery (connect, greeting, socket inactivity), so a server that stops
   * answering delays the outbox by this much rather than nodemailer's default ten minutes. Default 30 s.
   */
  readonly timeoutMs?: number;
}

export function smtpTransport(options: SmtpTransportOptions): MailTransport {
  const from = options.from ?? DEFAULT_MAIL_FROM;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Options given here are defaults: nodemailer lets parameters in the URL override them.
  const transporter = createTransport({
    url: options.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({ ...mailOptions(mail, from), xMailer: false });
      // The server may take the message yet refuse its only recipient; that is not a delivery.
      if (info.rejected.length > 0 || info.accepted.length === 0) {
        throw new Error(`the SMTP server refused the recipient: ${info.response}`);
      }
    },
    close: () => {
      transporter.close();
      return Promise.resolve();
    },
  };
}
