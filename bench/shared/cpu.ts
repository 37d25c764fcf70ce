// CPU readings from /proc, so the results say who was busy during a measurement: the whole machine, one
// process, or every process of one command (e.g. the PostgreSQL backends). Benchmarks share a 2-core
// machine with other work; these readings are how a report says so.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports /proc CPU times in clock ticks of 1/100 s (USER_HZ) on every mainstream architecture. */
const TICK_MS = 10;

export interface MachineTicks {
  busy: number;
  total: number;
}

export function machineTicks(): MachineTicks {
  const fields = (/^cpu\s+(.+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '').split(/\s+/).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Busy share of all cores between two readings, 0–100. */
export function machineBusyPct(a: MachineTicks, b: MachineTicks): number {
  return b.total === a.total ? 0 : (100 * (b.busy - a.busy)) / (b.total - a.total);
}

/** Command name and user + system CPU (all threads) of one process, from /proc/<pid>/stat; undefined once it is gone. */
export function processStat(pid: number | string): { comm: string; cpuMs: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const comm = text.slice(open + 1, close);
  // After "(comm) ": state is field 3, utime field 14, stime field 15.
  const rest = text.slice(close + 2).split(' ');
  return { comm, cpuMs: (Number(rest[11]) + Number(rest[12])) * TICK_MS };
}

/** user + system CPU ms of one process (0 once it is gone). */
export function processCpuMs(pid: number): number {
  return processStat(pid)?.cpuMs ?? 0;
}

/** Total CPU ms of every process whose command name is `comm` (e.g. all PostgreSQL backends). */
export function cpuMsOfCommand(comm: string): number {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const p = processStat(pid);
    if (p?.comm === comm) sum += p.cpuMs;
  }
  return sum;
}

/** Waits (up to maxMs) for the machine to be below `idlePct` busy over one-second samples; returns the last reading. */
export async function waitForQuiet(maxMs: number, idlePct: number, log: (msg: string) => void): Promise<number> {
  const deadline = Date.now() + maxMs;
  const sample = async (): Promise<number> => {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, 1000));
    return machineBusyPct(a, machineTicks());
  };
  let busy = await sample();
  let said = 0;
  while (busy > idlePct && Date.now() < deadline) {
    if (said++ % 10 === 0) log(`machine ${busy.toFixed(0)}% busy with other work, waiting (up to ${Math.round(maxMs / 1000)} s in all)`);
    busy = await sample();
  }
  return busy;
}
