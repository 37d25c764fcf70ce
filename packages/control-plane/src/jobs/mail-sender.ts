// Delivers the mail outbox (modules/mail/outbox-repository.ts) through a MailTransport: every intervalMs,
// on wake() shortly after something was enqueued, or at once with runOnce(). Runs never overlap, so one
// process never sends a message twice. A failed delivery is recorded and retried after a growing delay,
// at most MAX_MAIL_ATTEMPTS times; failures are logged and never escape into the process.
//
// Delivery is at least once: if the database fails between "sent" and "marked sent", the message goes
// again on the next run (same Message-ID, same .eml file name). Only one worker should run the sender.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { describeError } from '../db/errors.js';
import { dueMails, markFailed, markSent, MAX_MAIL_ATTEMPTS } from '../modules/mail/outbox-repository.js';
import type { OutboxMail } from '../modules/mail/outbox-repository.js';
import type { MailTransport } from '../modules/mail/mail-transport.js';

/** The subset of a pino logger the sender uses. */
export interface MailSenderLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface MailSenderOptions {
  readonly db: Kysely<Database>;
  /** Owned by the caller: stop() does not close it. */
  readonly transport: MailTransport;
  /** Epoch ms; stamps sent_at and times the retry delays. */
  readonly clock: () => number;
  /** Pause between timed runs. */
  readonly intervalMs: number;
  /** Default: console. */
  readonly logger?: MailSenderLogger;
  /** Messages read per query; a run keeps reading until nothing due is left. Default 50. */
  readonly batchSize?: number;
  /** How long to leave a message after its nth failed attempt. Default defaultRetryDelayMs below. */
  readonly retryDelayMs?: (attemptsMade: number) => number;
  /** How long wake() waits, so a burst of enqueues is sent in one run. Default 50 ms. */
  readonly wakeDelayMs?: number;
}

export interface MailSender {
  /** Sends everything due now; resolves to the number of messages delivered. Waits for a run in progress. */
  runOnce(): Promise<number>;
  /** Asks for a run soon; call it after the transaction that enqueued the mail has committed. */
  wake(): void;
  /**
   * No further runs; resolves when the run in progress (if any) has finished. Until then the pending timer
   * keeps the process alive, as a worker with nothing else to do needs.
   */
  stop(): Promise<void>;
}

const MINUTE_MS = 60_000;

/**
 * 1, 5, 15, 60 minutes after attempts 1–4: a mail server restarting or briefly refusing connections does
 * not use up all five attempts, and a message that cannot go is given up within about 1.5 hours. The
 * delays are kept in memory only (the table has no next-attempt column): after a restart every message
 * still due is tried at once, which errs on the side of delivering.
 */
export function defaultRetryDelayMs(attemptsMade: number): number {
  const delays = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, 60 * MINUTE_MS];
  return delays[Math.min(Math.max(attemptsMade, 1), delays.length) - 1] ?? 60 * MINUTE_MS;
}

const consoleLogger: MailSenderLogger = {
  info: (details, message) => console.info(message, details),
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

export function startMailSender(options: MailSenderOptions): MailSender {
  const { db, transport, clock, intervalMs } = options;
  const logger = options.logger ?? consoleLogger;
  const batchSize = options.batchSize ?? 50;
  const delayAfter = options.retryDelayMs ?? defaultRetryDelayMs;
  const wakeDelayMs = options.wakeDelayMs ?? 50;
  /** Message id → epoch ms before which it is not tried again. */
  const retryNotBefore = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** The pending timer is a wake(), so further wakes before it fires add nothing. */
  let wakeScheduled = false;
  // Every run is chained after the previous one: this is what keeps runs from overlapping.
  let lastRun: Promise<unknown> = Promise.resolve();

  async function deliver(mail: OutboxMail): Promise<boolean> {
    const log = { mailId: mail.id, template: mail.template };
    try {
      await transport.send({
        id: mail.id,
        to: mail.to,
        language: mail.language,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        createdAt: mail.createdAt,
      });
    } catch (error) {
      const reason = describeError(error);
      const attempts = await markFailed(db, mail.id, reason);
      if (attempts >= MAX_MAIL_ATTEMPTS) {
        retryNotBefore.delete(mail.id);
        logger.error({ ...log, attempts, error: reason }, `mail not delivered; given up after ${attempts} attempts`);
      } else {
        const waitMs = delayAfter(attempts);
        retryNotBefore.set(mail.id, clock() + waitMs);
        logger.warn({ ...log, attempts, retryInMs: waitMs, error: reason }, 'mail not delivered; will retry');
      }
      return false;
    }
    await markSent(db, mail.id, clock());
    retryNotBefore.delete(mail.id);
    logger.info(log, 'mail sent');
    return true;
  }

  async function sendDue(): Promise<number> {
    let sent = 0;
    const tried = new Set<string>();
    while (!stopped) {
      const now = clock();
      for (const [id, notBefore] of retryNotBefore) if (notBefore <= now) retryNotBefore.delete(id);
      // Read past the messages that are waiting for their retry or were tried in this run, so they cannot
      // fill the batch and hide newer messages behind them.
      const limit = batchSize + retryNotBefore.size + tried.size;
      const due = await dueMails(db, limit);
      const batch = due.filter((m) => !retryNotBefore.has(m.id) && !tried.has(m.id)).slice(0, batchSize);
      for (const mail of batch) {
        if (stopped) break;
        tried.add(mail.id);
        if (await deliver(mail)) sent++;
      }
      if (batch.length === 0 || due.length < limit) break;
    }
    return sent;
  }

  function runOnce(): Promise<number> {
    const run = lastRun.then(() => (stopped ? 0 : sendDue()));
    lastRun = run.catch(() => undefined);
    return run;
  }

  function schedule(delayMs: number, isWake: boolean): void {
    if (stopped) return;
    clearTimeout(timer);
    wakeScheduled = isWake;
    // tick() catches everything a run throws; the catch here only guards against a logger that throws.
    timer = setTimeout(() => void tick().catch(() => undefined), delayMs);
  }

  async function tick(): Promise<void> {
    timer = undefined;
    wakeScheduled = false;
    try {
      await runOnce();
    } catch (error) {
      logger.error({ error: describeError(error) }, 'mail sender run failed; will try again');
    }
    // A wake() during the run has already set the next timer; keep it.
    if (timer === undefined) schedule(intervalMs, false);
  }

  // The first timed run is one interval away; a server that wants the backlog sent at start calls wake().
  schedule(intervalMs, false);

  return {
    runOnce,
    wake: () => {
      // A pending wake already covers this one; a pending interval timer is brought forward.
      if (!wakeScheduled) schedule(wakeDelayMs, true);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await lastRun;
    },
  };
}
