// The mail outbox (table mail_outbox): a message is rendered and stored in the same transaction as the
// change that causes it (pass the transaction as `db`), and the sender job (jobs/mail-sender.ts) delivers
// it later. Storing the rendered text, not the template and variables, means a message reads the same
// however the templates change between enqueue and delivery.
//
// Several control-plane processes may share the database, each with a sender. A sender takes messages
// with claimDueMails, one conditional UPDATE that only touches rows nobody holds a lease on, so the same
// message is never handed to two senders at once; a lease that runs out (its sender crashed or hung) makes
// the message claimable again.
import { randomBytes } from 'node:crypto';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
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
  /** The sender that last claimed the message, or null. */
  readonly claimedBy: string | null;
  /** Epoch ms: before this nobody else may claim it (the lease, or the next attempt after a failure). */
  readonly claimedUntil: number | null;
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
    claimedBy: row.claimed_by,
    claimedUntil: row.claimed_until,
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
      claimed_by: null,
      claimed_until: null,
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

export interface ClaimRequest {
  /** Who claims: one id per sender (so per process), stored in claimed_by. */
  readonly owner: string;
  /** Epoch ms on the claiming process's clock. */
  readonly nowMs: number;
  /** How long the claim holds; the claimed messages must be sent (or released) well within it. */
  readonly leaseMs: number;
  readonly limit: number;
  /** Messages not to claim (a sender's own failures of this run, so a zero retry delay cannot loop). */
  readonly excludeIds?: readonly string[];
}

/**
 * Claims up to `limit` due messages for `owner`, oldest first, and returns exactly those it claimed (with
 * claimedUntil = nowMs + leaseMs). Due: unsent, attempts left, and no lease in force (claimed_until null or
 * reached). One UPDATE … RETURNING, on both databases, so only rows this statement changed come back: on
 * PostgreSQL a concurrent claim of the same row makes this statement wait for that one to commit and then
 * re-check the WHERE clause against the new row, which no longer matches; SQLite runs one write at a time.
 * The due conditions are repeated outside the sub-select for that re-check. Two senders racing over the
 * same outbox therefore split it, and may come back with fewer rows than were due (or none).
 */
export async function claimDueMails(db: Kysely<Database>, claim: ClaimRequest): Promise<OutboxMail[]> {
  const excluded = claim.excludeIds ?? [];
  let candidates = db
    .selectFrom('mail_outbox')
    .select('id')
    .where((eb) => dueAndFree(eb, claim.nowMs));
  if (excluded.length > 0) candidates = candidates.where('id', 'not in', [...excluded]);
  const rows = await db
    .updateTable('mail_outbox')
    .set({ claimed_by: claim.owner, claimed_until: claim.nowMs + claim.leaseMs })
    .where('id', 'in', candidates.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(claim.limit))
    .where((eb) => dueAndFree(eb, claim.nowMs))
    .returningAll()
    .execute();
  // RETURNING gives no order; send oldest first as before.
  return rows.map(toOutboxMail).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Unsent, attempts left, and nobody's lease (or retry wait) in force at nowMs. */
function dueAndFree(eb: ExpressionBuilder<Database, 'mail_outbox'>, nowMs: number): Expression<SqlBool> {
  return eb.and([
    eb('sent_at', 'is', null),
    eb('attempts', '<', MAX_MAIL_ATTEMPTS),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowMs)]),
  ]);
}

/**
 * Gives back claims `owner` still holds on unsent messages (a sender stopping, or one whose lease got too
 * short to start another send), so they are due at once instead of when the lease ends. A message that
 * another sender has claimed since is left alone.
 */
export async function releaseClaims(db: Kysely<Database>, owner: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_outbox')
    .set({ claimed_until: null })
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', owner)
    .where('sent_at', 'is', null)
    .execute();
}

/**
 * Records delivery and ends the claim. A message already marked keeps its first time (a duplicate mark
 * changes nothing).
 */
export async function markSent(db: Kysely<Database>, id: string, nowMs: number): Promise<void> {
  await db.updateTable('mail_outbox').set({ sent_at: nowMs, claimed_until: null }).where('id', '=', id).where('sent_at', 'is', null).execute();
}

/**
 * Records a failed delivery: one more attempt and the reason. Returns the attempts made so far.
 * `retryNotBeforeMs` becomes claimed_until, so no sender in any process tries again before then; without
 * it the message is due again at once.
 */
export async function markFailed(db: Kysely<Database>, id: string, errorMessage: string, retryNotBeforeMs?: number): Promise<number> {
  const row = await db
    .updateTable('mail_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: errorMessage.slice(0, MAX_ERROR_CHARS),
      claimed_until: retryNotBeforeMs ?? null,
    }))
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
