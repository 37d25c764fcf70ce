// The mail outbox (table mail_outbox): a message is rendered and stored in the same transaction as the
// change that causes it (pass the transaction as `db`), and the sender job (jobs/mail-sender.ts) delivers
// it later. Storing the rendered text, not the template and variables, means a message reads the same
// however the templates change between enqueue and delivery.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { emailSchema } from '@candela/contract';
import type { Language } from '@candela/contract';
import type { Database, MailOutboxRow } from '../../db/schema.js';
import { renderMail } from './templates.js';
import type { MailRequest } from './templates.js';

/** After this many failed deliveries a message is no longer due; it stays in the table for staff to see. */
export const MAX_MAIL_ATTEMPTS = 5;

/** Long SMTP transcripts are cut: the last error is for a person to read, not an archive. */
const MAX_ERROR_CHARS = 1_000;

export type NewOutboxMail = { readonly to: string; readonly language: Language } & MailRequest;

export interface OutboxMail {
  readonly id: string;
  readonly to: string;
  readonly language: Language;
  /** A MailTemplate name when written; typed as text so rows written before a template was renamed still read. */
  readonly template: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly attempts: number;
  readonly lastError: string | null;
}

export class InvalidMailAddressError extends Error {}

/**
 * The platform's one notion of an address (contract emailSchema: trimmed, lower-cased, one plain address,
 * so no display name, list or line break can reach a header). Anything else is refused at enqueue time,
 * where the caller can still react, instead of failing five deliveries later.
 */
function normalAddress(text: string): string | undefined {
  const parsed = emailSchema.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}

export function newMailId(): string {
  return `mail_${randomBytes(16).toString('base64url')}`;
}

function toOutboxMail(row: MailOutboxRow): OutboxMail {
  return {
    id: row.id,
    to: row.to_address,
    language: row.language,
    template: row.template,
    subject: row.subject,
    text: row.body_text,
    html: row.body_html,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}

/** Renders the message in the recipient's language and stores it as due. Returns the new row's id. */
export async function enqueueMail(db: Kysely<Database>, mail: NewOutboxMail, nowMs: number, id: string = newMailId()): Promise<string> {
  const to = normalAddress(mail.to);
  if (to === undefined) throw new InvalidMailAddressError(`not a single e-mail address: ${JSON.stringify(mail.to)}`);
  const rendered = renderMail(mail.template, mail.language, mail.vars);
  await db
    .insertInto('mail_outbox')
    .values({
      id,
      to_address: to,
      language: mail.language,
      template: mail.template,
      subject: rendered.subject,
      body_text: rendered.text,
      body_html: rendered.html,
      created_at: nowMs,
      sent_at: null,
      last_error: null,
    })
    .execute();
  return id;
}

/** Unsent messages that may still be tried, oldest first (ties in creation time broken by id, so stable). */
export async function dueMails(db: Kysely<Database>, limit: number): Promise<OutboxMail[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('attempts', '<', MAX_MAIL_ATTEMPTS)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map(toOutboxMail);
}

/** Records delivery. A message already marked keeps its first time (a duplicate mark changes nothing). */
export async function markSent(db: Kysely<Database>, id: string, nowMs: number): Promise<void> {
  await db.updateTable('mail_outbox').set({ sent_at: nowMs }).where('id', '=', id).where('sent_at', 'is', null).execute();
}

/** Records a failed delivery: one more attempt and the reason. Returns the attempts made so far. */
export async function markFailed(db: Kysely<Database>, id: string, errorMessage: string): Promise<number> {
  const row = await db
    .updateTable('mail_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: errorMessage.slice(0, MAX_ERROR_CHARS) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirst();
  if (row === undefined) throw new Error(`mail ${id} is not in the outbox`);
  return row.attempts;
}

/** Every message to one address (normalised like enqueueMail's), oldest first: for tests and staff. */
export async function listMailsTo(db: Kysely<Database>, address: string): Promise<OutboxMail[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', normalAddress(address) ?? address)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toOutboxMail);
}
