// Where drained usage minutes go. The file sink keeps one NDJSON file per UTC day in the data directory,
// the edge's durable copy of its usage that a shipper (feed/usage stream) can read and replay.
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageMinute } from './usage-counters.js';

export interface UsageSink {
  write(minutes: readonly UsageMinute[]): Promise<void>;
}

/** One line of a usage file: the minute's counters, stamped with the edge and a readable minute. */
export function formatUsageLine(minute: UsageMinute, edgeId: string): string {
  return `${JSON.stringify({
    edgeId,
    minute: new Date(minute.minuteAtMs).toISOString(),
    ...minute,
  })}\n`;
}

/** The UTC day a minute belongs to, which names its file: YYYY-MM-DD. */
export function usageFileDay(minuteAtMs: number): string {
  return new Date(minuteAtMs).toISOString().slice(0, 10);
}

export interface UsageFileSinkOptions {
  /** The usage directory itself (normally `<dataDir>/usage`); created when missing. */
  dir: string;
  edgeId: string;
}

export class UsageFileSink implements UsageSink {
  private readonly dir: string;
  private readonly edgeId: string;
  private dirReady: Promise<unknown> | undefined;
  /** Writes run one after another so a file's lines stay in minute order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(opts: UsageFileSinkOptions) {
    this.dir = opts.dir;
    this.edgeId = opts.edgeId;
  }

  /** Appends one line per minute and property to the file of the minute's UTC day. */
  write(minutes: readonly UsageMinute[]): Promise<void> {
    if (minutes.length === 0) return this.chain;
    const byDay = new Map<string, string>();
    for (const minute of minutes) {
      const day = usageFileDay(minute.minuteAtMs);
      byDay.set(day, (byDay.get(day) ?? '') + formatUsageLine(minute, this.edgeId));
    }
    const next = this.chain.then(async () => {
      // Created once; a failure is forgotten so the next write tries again.
      this.dirReady ??= mkdir(this.dir, { recursive: true }).catch((error: unknown) => {
        this.dirReady = undefined;
        throw error;
      });
      await this.dirReady;
      for (const [day, text] of byDay) await appendFile(join(this.dir, `${day}.ndjson`), text);
    });
    // A failed write is reported to this caller; later writes must still run.
    this.chain = next.catch(() => undefined);
    return next;
  }
}
