// Delivers the mail outbox (modules/mail/outbox-repository.ts) through a MailTransport: every intervalMs,
// on wake() shortly after something was enqueued, or at once with runOnce(). Runs never overlap, so one
// sender never sends a message twice. A failed delivery is recorded and retried after a growing delay,
// at most MAX_MAIL_ATTEMPTS times; failures are logged and never escape into the process.
//
// Every control-plane process runs a sender, and several processes may share one database. So a sender
// sends only what it has claimed (claimDueMails: one conditional UPDATE that no other sender can win at
// the same time) and only while its lease on the message has at least half of leaseMs left, so the send
// ends before anyone else may claim it. A sender that crashes leaves its claims to run out; another
// process then sends those messages. The retry delay after a failure is stored in the same column
// (claimed_until), so every process waits for it, and a restart does not shorten it.
//
// Delivery is at least once: if the database fails between "sent" and "marked sent", or a send outlasts
// its lease (or the processes' clocks disagree by more than the margin), the message can go again (same
// Message-ID, same .eml file name).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { describeError } from '../db/errors.js';
import { claimDueMails, markFailed, markSent, MAX_MAIL_ATTEMPTS, releaseClaims } from '../modules/mail/outbox-repository.js';
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
  /** Messages claimed per query; a run keeps claiming until nothing due is left. Default 50. */
  readonly batchSize?: number;
  /**
   * This sender's name in mail_outbox.claimed_by: unique per process. Default: host name, process id and
   * random bytes, so that even a restarted process with a reused pid is another sender.
   */
  readonly senderId?: string;
  /**
   * How long a claim keeps other senders off a message. A send starts only while at least half of it is
   * left, so half must comfortably exceed one send (the SMTP transport gives up after 30 s per step) plus
   * the clock difference between processes; it is also how long a crashed process's messages wait.
   * Default DEFAULT_MAIL_LEASE_MS.
   */
  readonly leaseMs?: number;
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

/** 10 minutes: a send has at least 5 to finish, far beyond the SMTP timeouts and any sane clock skew. */
export const DEFAULT_MAIL_LEASE_MS = 10 * MINUTE_MS;

/**
 * 1, 5, 15, 60 minutes after attempts 1–4: a mail server restarting or briefly refusing connections does
 * not use up all five attempts, and a message that cannot go is given up within about 1.5 hours. The
 * next attempt's time is kept in mail_outbox.claimed_until, so it holds across processes and restarts.
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

function defaultSenderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export function startMailSender(options: MailSenderOptions): MailSender {
  const { db, transport, clock, intervalMs } = options;
  const logger = options.logger ?? consoleLogger;
  const batchSize = options.batchSize ?? 50;
  const delayAfter = options.retryDelayMs ?? defaultRetryDelayMs;
  const wakeDelayMs = options.wakeDelayMs ?? 50;
  const senderId = options.senderId ?? defaultSenderId();
  const leaseMs = options.leaseMs ?? DEFAULT_MAIL_LEASE_MS;
  if (!(leaseMs > 0)) throw new RangeError(`leaseMs must be positive, got ${leaseMs}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** The pending timer is a wake(), so further wakes before it fires add nothing. */
  let wakeScheduled = false;
  // Every run is chained after the previous one: this is what keeps runs from overlapping.
  let lastRun: Promise<unknown> = Promise.resolve();

  /** Sends one claimed message; true when delivered, false when the failure was recorded. */
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
      // The claim carries the attempts made before this one; the stored count (returned) is the truth.
      const waitMs = delayAfter(mail.attempts + 1);
      const attempts = await markFailed(db, mail.id, reason, clock() + waitMs);
      if (attempts >= MAX_MAIL_ATTEMPTS) {
        logger.error({ ...log, attempts, error: reason }, `mail not delivered; given up after ${attempts} attempts`);
      } else {
        logger.warn({ ...log, attempts, retryInMs: waitMs, error: reason }, 'mail not delivered; will retry');
      }
      return false;
    }
    await markSent(db, mail.id, clock());
    logger.info(log, 'mail sent');
    return true;
  }

  async function sendDue(): Promise<number> {
    let sent = 0;
    // Failures of this run are not claimed again in it, even when their retry delay is zero.
    const failed: string[] = [];
    while (!stopped) {
      const batch = await claimDueMails(db, { owner: senderId, nowMs: clock(), leaseMs, limit: batchSize, excludeIds: failed });
      let handedBack = false;
      for (const [index, mail] of batch.entries()) {
        // Stopping, or this claim is too close to its end for a send to finish before another sender may
        // take the message: hand the rest back now (due again at once) rather than when the lease ends.
        const leaseLeft = (mail.claimedUntil ?? 0) - clock();
        if (stopped || leaseLeft < leaseMs / 2) {
          await releaseClaims(db, senderId, batch.slice(index).map((m) => m.id));
          // A fresh claim renews the lease; but if not even the first message of a fresh claim could go,
          // end the run rather than spin (the next run tries again).
          handedBack = index > 0;
          if (!handedBack) return sent;
          break;
        }
        if (await deliver(mail)) sent++;
        else failed.push(mail.id);
      }
      // A short batch: nothing else was free when it was claimed (another sender may hold the rest).
      if (!handedBack && batch.length < batchSize) break;
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
