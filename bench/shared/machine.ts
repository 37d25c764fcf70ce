// What a benchmark says about the machine it ran on, at the top of every report and in every raw file.
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';

export interface MachineInfo {
  /** When the run started (ISO 8601, UTC); also names the raw results file. */
  date: string;
  nproc: number;
  cpuModel: string;
  memTotalGiB: number;
  kernel: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memTotalGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
  };
}

/** `date · 2 cores · CPU · 24 GiB · Linux …` (without node, which some reports put elsewhere). */
export function machineLine(info: Omit<MachineInfo, 'node'>): string {
  return `${info.date} · ${info.nproc} cores · ${info.cpuModel} · ${info.memTotalGiB.toFixed(0)} GiB · Linux ${info.kernel}`;
}
