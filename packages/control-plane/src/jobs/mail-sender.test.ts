import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { testPostgresUrl } from '../db/config.js';
import { openDatabase } from '../db/database.js';
import type { DatabaseHandle, DialectName } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { forEachDatabase, withDatabaseName } from '../db/test-databases.js';
import { readEml } from '../modules/mail/eml-reader.fixture.js';
import { folderTransport } from '../modules/mail/folder-transport.js';
import type { MailTransport, OutgoingMail } from '../modules/mail/mail-transport.js';
import { claimDueMails, enqueueMail, listMailsTo, MAX_MAIL_ATTEMPTS } from '../modules/mail/outbox-repository.js';
import type { NewOutboxMail } from '../modules/mail/outbox-repository.js';
import { DEFAULT_MAIL_LEASE_MS, defaultRetryDelayMs, startMailSender } from './mail-sender.js';
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

/**
 * Another connection pool to the same database, as a second control-plane process would have: on SQLite
 * another connection to the same file, on PostgreSQL another pool to the same database.
 */
async function openAsAnotherProcess(db: Kysely<Database>, dialect: DialectName): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
    return openDatabase({ url: `sqlite:${rows[0]?.file ?? ''}`, dataDir: tmpdir() });
  }
  const server = testPostgresUrl();
  if (server === undefined) throw new Error('the postgres suite runs only with CANDELA_TEST_POSTGRES_URL');
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  return openDatabase({ url: withDatabaseName(server, rows[0]?.name ?? ''), dataDir: tmpdir() });
}

/** A transport that yields to the event loop before recording, so senders sharing a process interleave. */
class SlowTransport extends RecordingTransport {
  override async send(mail: OutgoingMail): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    await super.send(mail);
  }
}

forEachDatabase('mail sender', ({ db, dialect }) => {
  let now = T;
  let sender: MailSender | undefined;
  const clock = () => now;

  beforeEach(async () => {
    await sender?.stop();
    sender = undefined;
    now = T;
    await db().deleteFrom('mail_outbox').execute();
  });

  /** A second process's senders, stopped after each test. */
  let others: MailSender[] = [];
  let otherProcess: DatabaseHandle | undefined;
  const otherDb = () => {
    if (otherProcess === undefined) throw new Error('the second connection is not open (yet)');
    return otherProcess.db;
  };

  before(async () => {
    otherProcess = await openAsAnotherProcess(db(), dialect);
  });

  beforeEach(async () => {
    await Promise.all(others.map((s) => s.stop()));
    others = [];
  });

  after(async () => {
    await sender?.stop();
    await Promise.all(others.map((s) => s.stop()));
    await otherProcess?.close();
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
  it('several processes: senders racing over one outbox send every message exactly once', async () => {
    const count = 60;
    for (let i = 0; i < count; i++) await enqueueMail(db(), reset(`race${i}@a.example`), T + i, `mail_race_${String(i).padStart(2, '0')}`);
    // Two senders per process, on two connection pools: the claims really run side by side.
    const transports = [new SlowTransport(), new SlowTransport(), new SlowTransport(), new SlowTransport()];
    const senders = transports.map((transport, i) =>
      startMailSender({ db: i % 2 === 0 ? db() : otherDb(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger(), batchSize: 4, senderId: `sender-${i}` }),
    );
    others = senders;
    const counts = await Promise.all(senders.map((s) => s.runOnce()));
    // Whatever a sender found claimed by another and so left is sent by that other; nothing is left over.
    const sentIds = transports.flatMap((t) => t.sent.map((m) => m.id)).sort();
    const twice = sentIds.filter((id, i) => sentIds.indexOf(id) !== i);
    assert.deepEqual(twice, [], 'messages sent more than once');
    assert.equal(sentIds.length, count);
    assert.equal(counts.reduce((a, b) => a + b, 0), count);
    assert.deepEqual(await Promise.all(senders.map((s) => s.runOnce())), [0, 0, 0, 0]);
    const rows = await db().selectFrom('mail_outbox').select(['sent_at', 'claimed_by']).execute();
    assert.ok(rows.every((r) => r.sent_at === T && r.claimed_by !== null));
  });

  it('several processes: a crashed sender’s messages wait for its lease to end, then another process sends them', async () => {
    await enqueueMail(db(), reset('orphan@a.example'), T, 'mail_orphan');
    // The crashed process claimed the message and died before sending it.
    const [claimed] = await claimDueMails(otherDb(), { owner: 'crashed', nowMs: T, leaseMs: DEFAULT_MAIL_LEASE_MS, limit: 10 });
    assert.equal(claimed?.claimedUntil, T + DEFAULT_MAIL_LEASE_MS);
    const transport = new RecordingTransport();
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger(), senderId: 'survivor' });
    now = T + DEFAULT_MAIL_LEASE_MS - 1;
    assert.equal(await sender.runOnce(), 0, 'sent while the crashed sender’s lease was in force');
    now = T + DEFAULT_MAIL_LEASE_MS;
    assert.equal(await sender.runOnce(), 1);
    assert.deepEqual(transport.sent.map((m) => m.id), ['mail_orphan']);
    const [mail] = await listMailsTo(db(), 'orphan@a.example');
    assert.deepEqual([mail?.sentAt, mail?.claimedBy, mail?.attempts], [T + DEFAULT_MAIL_LEASE_MS, 'survivor', 0]);
  });

  it('several processes: after one process’s failed send, no process retries before the delay; then one does', async () => {
    await enqueueMail(db(), reset('shared-retry@a.example'), T, 'mail_shared_retry');
    const failing = new RecordingTransport();
    failing.failWith = new Error('451 4.7.1 try again later');
    sender = startMailSender({ db: db(), transport: failing, clock, intervalMs: HOUR_MS, logger: recordingLogger(), senderId: 'first' });
    assert.equal(await sender.runOnce(), 0);
    const healthy = new RecordingTransport();
    const second = startMailSender({ db: otherDb(), transport: healthy, clock, intervalMs: HOUR_MS, logger: recordingLogger(), senderId: 'second' });
    others = [second];
    now = T + defaultRetryDelayMs(1) - 1;
    assert.deepEqual([await second.runOnce(), await sender.runOnce()], [0, 0], 'retried before the delay');
    assert.deepEqual([failing.attempts, healthy.attempts], [1, 0]);
    now = T + defaultRetryDelayMs(1);
    assert.equal(await second.runOnce(), 1);
    const [mail] = await listMailsTo(db(), 'shared-retry@a.example');
    assert.deepEqual([mail?.attempts, mail?.lastError, mail?.sentAt], [1, '451 4.7.1 try again later', T + defaultRetryDelayMs(1)]);
  });

  it('stop() hands back the claims it has not sent, so another process sends them at once', async () => {
    await enqueueMail(db(), reset('first@a.example'), T, 'mail_first');
    await enqueueMail(db(), reset('second@a.example'), T + 1, 'mail_second');
    const transport = new RecordingTransport();
    const held = gate();
    transport.gate = held.promise;
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger(), senderId: 'stopping' });
    const running = sender.runOnce();
    await waitFor(() => transport.active === 1, 'the first send to start');
    const stopping = sender.stop();
    held.open();
    await stopping;
    assert.equal(await running, 1);
    const [second] = await listMailsTo(db(), 'second@a.example');
    assert.deepEqual([second?.claimedBy, second?.claimedUntil], ['stopping', null]);
    const other = new RecordingTransport();
    others = [startMailSender({ db: otherDb(), transport: other, clock, intervalMs: HOUR_MS, logger: recordingLogger() })];
    assert.equal(await others[0]!.runOnce(), 1);
    assert.deepEqual([transport.sent.map((m) => m.id), other.sent.map((m) => m.id)], [['mail_first'], ['mail_second']]);
  });

  it('a send starts only while at least half the lease is left; the rest of the batch is claimed afresh, each sent once', async () => {
    for (const i of [1, 2, 3]) await enqueueMail(db(), reset(`slow${i}@a.example`), T + i, `mail_slow_${i}`);
    const leaseMs = 1_000;
    const claims: (number | null)[] = [];
    // Each send takes 0.6 of the lease on the sender's clock, so the second message of a batch may not start.
    const transport = new RecordingTransport();
    const send = transport.send.bind(transport);
    transport.send = async (mail) => {
      const [row] = await listMailsTo(db(), mail.to);
      claims.push(row?.claimedUntil ?? null);
      now += 600;
      await send(mail);
    };
    sender = startMailSender({ db: db(), transport, clock, intervalMs: HOUR_MS, logger: recordingLogger(), leaseMs });
    assert.equal(await sender.runOnce(), 3);
    assert.deepEqual(transport.sent.map((m) => m.id), ['mail_slow_1', 'mail_slow_2', 'mail_slow_3']);
    // Every send began with a whole lease ahead of it: a fresh claim each time.
    assert.deepEqual(claims, [T + leaseMs, T + 600 + leaseMs, T + 1_200 + leaseMs]);
  });

  it('refuses a lease that is not positive', () => {
    assert.throws(() => startMailSender({ db: db(), transport: new RecordingTransport(), clock, intervalMs: HOUR_MS, leaseMs: 0 }), RangeError);
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
