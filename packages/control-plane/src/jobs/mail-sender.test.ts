import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db/schema.js';
import { forEachDatabase } from '../db/test-databases.js';
import { readEml } from '../modules/mail/eml-reader.fixture.js';
import { folderTransport } from '../modules/mail/folder-transport.js';
import type { MailTransport, OutgoingMail } from '../modules/mail/mail-transport.js';
import { enqueueMail, listMailsTo, MAX_MAIL_ATTEMPTS } from '../modules/mail/outbox-repository.js';
import type { NewOutboxMail } from '../modules/mail/outbox-repository.js';
import { defaultRetryDelayMs, startMailSender } from './mail-sender.js';
import type { MailSender, MailSenderLogger } from './mail-sender.js';

const T = Date.UTC(2026, 10, 28, 6, 0, 0);
const HOUR_MS = 3_600_000;

interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly details: Record<string, unknown>;
}

function recordingLogger(): MailSenderLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (details, message) => entries.push({ level: 'info', message, details }),
    warn: (details, message) => entries.push({ level: 'warn', message, details }),
    error: (details, message) => entries.push({ level: 'error', message, details }),
  };
}

/**
 * A MailTransport that keeps what it was given. `failWith` makes sends fail; `gate` holds every send until
 * it resolves, to catch runs that overlap.
 */
class RecordingTransport implements MailTransport {
  readonly sent: OutgoingMail[] = [];
  failWith: unknown = undefined;
  gate: Promise<void> | undefined = undefined;
  attempts = 0;
  active = 0;
  maxActive = 0;

  async send(mail: OutgoingMail): Promise<void> {
    this.attempts++;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.gate !== undefined) await this.gate;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- some libraries throw non-Errors; the sender must cope
      if (this.failWith !== undefined) throw this.failWith;
      this.sent.push(mail);
    } finally {
      this.active--;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function reset(to: string): NewOutboxMail {
  return { to, language: 'en', template: 'password-reset', vars: { displayName: 'Ana', link: 'https://p.example/r/t', expiresInMinutes: 30 } };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

forEachDatabase('mail sender', ({ db }) => {
  let now = T;
  let sender: MailSender | undefined;
  const clock = () => now;

  beforeEach(async () => {
    await sender?.stop();
    sender = undefined;
    now = T;
    await db().deleteFrom('mail_outbox').execute();
  });

  after(async () => {
    await sender?.stop();
  });

  it('runOnce sends every due message oldest first, marks each sent at the clock time and counts them', async () => {
    await enqueueMail(db(), reset('b@a.example'), T + 2, 'mail_b');
    await enqueueMail(db(), reset('a@a.example'), T + 1, 'mail_a');
    const transport = new RecordingTransport();
    const logger = recordingLogger();
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger, batchSize: 1 });
    now = T + 100;
    assert.equal(await sender.runOnce(), 2);
    assert.deepEqual(transport.sent.map((m) => [m.id, m.to, m.subject, m.createdAt]), [
      ['mail_a', 'a@a.example', 'Reset your Candela password', T + 1],
      ['mail_b', 'b@a.example', 'Reset your Candela password', T + 2],
    ]);
    assert.equal((await listMailsTo(db(), 'a@a.example'))[0]?.sentAt, T + 100);
    assert.equal(await sender.runOnce(), 0);
    assert.equal(transport.attempts, 2);
    assert.deepEqual(logger.entries.map((e) => [e.level, e.details['mailId']]), [['info', 'mail_a'], ['info', 'mail_b']]);
  });

  it('a failed delivery is recorded and logged, not retried before its delay, and sent once the delay has passed', async () => {
    await enqueueMail(db(), reset('retry@a.example'), T, 'mail_retry');
    const transport = new RecordingTransport();
    const logger = recordingLogger();
    transport.failWith = new Error('421 4.3.2 service not available');
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger });
    assert.equal(await sender.runOnce(), 0);
    const [failed] = await listMailsTo(db(), 'retry@a.example');
    assert.deepEqual([failed?.attempts, failed?.lastError, failed?.sentAt], [1, '421 4.3.2 service not available', null]);
    assert.equal(logger.entries[0]?.level, 'warn');
    assert.equal(logger.entries[0]?.details['retryInMs'], defaultRetryDelayMs(1));

    transport.failWith = undefined;
    now = T + defaultRetryDelayMs(1) - 1;
    assert.equal(await sender.runOnce(), 0, 'retried before its delay');
    assert.equal(transport.attempts, 1);
    now = T + defaultRetryDelayMs(1);
    assert.equal(await sender.runOnce(), 1);
    const [sent] = await listMailsTo(db(), 'retry@a.example');
    assert.deepEqual([sent?.attempts, sent?.sentAt], [1, T + defaultRetryDelayMs(1)]);
  });

  it(`after ${MAX_MAIL_ATTEMPTS} failed attempts the message is given up, logged as an error, and not tried again`, async () => {
    await enqueueMail(db(), reset('never@a.example'), T, 'mail_never');
    const transport = new RecordingTransport();
    const logger = recordingLogger();
    transport.failWith = 'a thrown string, not an Error';
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger, retryDelayMs: () => 0 });
    for (let run = 1; run <= MAX_MAIL_ATTEMPTS + 2; run++) assert.equal(await sender.runOnce(), 0);
    assert.equal(transport.attempts, MAX_MAIL_ATTEMPTS, 'one attempt per run, and none after the last');
    const [mail] = await listMailsTo(db(), 'never@a.example');
    assert.deepEqual([mail?.attempts, mail?.lastError], [MAX_MAIL_ATTEMPTS, 'a thrown string, not an Error']);
    assert.deepEqual(logger.entries.map((e) => e.level), ['warn', 'warn', 'warn', 'warn', 'error']);
    assert.match(logger.entries.at(-1)?.message ?? '', /given up after 5 attempts/);
  });

  it('a message waiting for its retry does not hold back newer messages behind it', async () => {
    await enqueueMail(db(), reset('stuck@a.example'), T, 'mail_stuck');
    const transport = new RecordingTransport();
    transport.failWith = new Error('boom');
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger(), batchSize: 1 });
    assert.equal(await sender.runOnce(), 0);
    transport.failWith = undefined;
    await enqueueMail(db(), reset('fresh@a.example'), T + 1, 'mail_fresh');
    assert.equal(await sender.runOnce(), 1);
    assert.deepEqual(transport.sent.map((m) => m.id), ['mail_fresh']);
  });

  it('runs never overlap: a second runOnce waits for the first and sends only what is left', async () => {
    await enqueueMail(db(), reset('one@a.example'), T, 'mail_one');
    const transport = new RecordingTransport();
    const held = gate();
    transport.gate = held.promise;
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger() });
    const first = sender.runOnce();
    const second = sender.runOnce();
    sender.wake();
    await waitFor(() => transport.active === 1, 'the first send to start');
    await enqueueMail(db(), reset('two@a.example'), T + 1, 'mail_two');
    await new Promise((resolve) => setTimeout(resolve, 120));
    held.open();
    assert.deepEqual([await first, await second], [1, 1]);
    await sender.runOnce();
    assert.equal(transport.maxActive, 1);
    assert.deepEqual(transport.sent.map((m) => m.id), ['mail_one', 'mail_two']);
  });

  it('wake() sends a newly enqueued message soon, without waiting for the interval', async () => {
    const transport = new RecordingTransport();
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger(), wakeDelayMs: 10 });
    await enqueueMail(db(), reset('woken@a.example'), T, 'mail_woken');
    sender.wake();
    sender.wake();
    await waitFor(() => transport.sent.length === 1, 'the woken run');
    assert.equal(transport.sent[0]?.id, 'mail_woken');
  });

  it('the interval timer sends due messages with nobody calling runOnce', async () => {
    await enqueueMail(db(), reset('timed@a.example'), T, 'mail_timed');
    const transport = new RecordingTransport();
    sender = startMailSender({ db: db(), transport, clock, intervalMs: 20, logger: recordingLogger() });
    await waitFor(() => transport.sent.length === 1, 'the timed run');
    await enqueueMail(db(), reset('timed2@a.example'), T + 1, 'mail_timed2');
    await waitFor(() => transport.sent.length === 2, 'the next timed run');
  });

  it('stop() waits for the run in progress, and nothing is sent afterwards', async () => {
    await enqueueMail(db(), reset('inflight@a.example'), T, 'mail_inflight');
    const transport = new RecordingTransport();
    const held = gate();
    transport.gate = held.promise;
    sender = startMailSender({ db: db(), transport, clock, intervalMs: 20, logger: recordingLogger() });
    const running = sender.runOnce();
    await waitFor(() => transport.active === 1, 'the send to start');
    let stopped = false;
    const stopping = sender.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(stopped, false, 'stop() returned while a send was in progress');
    held.open();
    await stopping;
    assert.equal(await running, 1);
    await enqueueMail(db(), reset('late@a.example'), T + 1, 'mail_late');
    sender.wake();
    assert.equal(await sender.runOnce(), 0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(transport.sent.map((m) => m.id), ['mail_inflight']);
  });

  it('with the folder transport, a Spanish invitation lands as an .eml file in the data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'candela-mail-sender-'));
    try {
      await enqueueMail(
        db(),
        {
          to: 'nuevo@a.example',
          language: 'es',
          template: 'invitation',
          vars: { displayName: 'Nuevo', inviterName: 'Ana', organisation: 'Ñandú S.A.', link: 'https://p.example/i/t', expiresInHours: 48 },
        },
        T,
        'mail_folder',
      );
      sender = startMailSender({ db: db(), transport: folderTransport({ dataDir }), clock, intervalMs: HOUR_MS, logger: recordingLogger() });
      assert.equal(await sender.runOnce(), 1);
      const file = join(dataDir, 'mail', '2026-11-28T06-00-00.000Z-mail_folder.eml');
      assert.ok(existsSync(file), `missing ${file}; found ${readdirSync(join(dataDir, 'mail')).join(', ')}`);
      assert.equal(readEml(readFileSync(file)).headers.get('subject'), 'Invitación para unirse a Ñandú S.A. en Candela');
      assert.equal((await listMailsTo(db(), 'nuevo@a.example'))[0]?.sentAt, T);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('mail sender when the database fails', () => {
  it('runOnce rejects, and the timer logs the failure and keeps going instead of crashing', async () => {
    const broken = new Kysely<Database>({
      dialect: new SqliteDialect({
        database: () => Promise.reject(new Error('database unavailable')),
      }),
    });
    const logger = recordingLogger();
    const sender = startMailSender({ db: broken, transport: new RecordingTransport(), clock: () => T, intervalMs: 10, logger });
    try {
      await assert.rejects(sender.runOnce(), /database unavailable/);
      await waitFor(() => logger.entries.filter((e) => e.level === 'error').length >= 2, 'two failed timed runs');
      assert.match(logger.entries[0]?.message ?? '', /run failed/);
      assert.equal(logger.entries[0]?.details['error'], 'database unavailable');
    } finally {
      await sender.stop();
      await broken.destroy();
    }
  });
});
