// The RFC 5322 form of an outbox message, built by nodemailer's MailComposer: MIME multipart/alternative
// (text, then HTML, so clients that can show HTML prefer it, RFC 2046 §5.1.4), UTF-8 bodies in
// quoted-printable, and non-ASCII header text as RFC 2047 encoded words. The folder transport writes
// exactly these bytes and the SMTP transport sends a message built from the same options.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Options as MailComposerOptions } from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from './mail-transport.js';

/** The part of the From address after the @, used to make Message-IDs that are unique to this sender. */
function senderDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'candela.localhost';
}

/**
 * Message-ID from the outbox id (RFC 5322 §3.6.4: unique, left part and domain): a message retried after
 * an uncertain delivery carries the same id, so receiving systems can recognise the duplicate.
 */
export function messageIdFor(mail: OutgoingMail, from: string): string {
  return `<${mail.id}@${senderDomain(from)}>`;
}

export function mailOptions(mail: OutgoingMail, from: string): MailComposerOptions {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html === null ? {} : { html: mail.html }),
    date: new Date(mail.createdAt),
    messageId: messageIdFor(mail, from),
    // RFC 3282: lets clients and screen readers pick the right language for the body.
    headers: { 'Content-Language': mail.language },
    // RFC 5322 §2.1: lines end in CRLF, in files as on the wire.
    newline: 'win',
    // The bodies come from our templates, never from a path or URL; refuse to read either.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The complete message, headers and body, as the bytes of an .eml file. */
export async function composeEml(mail: OutgoingMail, from: string): Promise<Buffer> {
  return new MailComposer(mailOptions(mail, from)).compile().build();
}
