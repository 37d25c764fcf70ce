// Linux /proc readers for tests of the real edge process: which processes a primary forked, and which
// of them hold the listening socket or client connections. Read from /proc rather than `ps`/`ss` so the
// tests need no tools beyond the kernel, and so they see exactly the sockets a process owns.
import { readFile, readdir, readlink } from 'node:fs/promises';

/** The command line of a process, arguments joined by spaces ('' once it is gone). */
export async function commandLine(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').join(' ').trim();
}

/** Live child processes of `parentPid` (zombies excluded: they no longer serve). */
export async function childPids(parentPid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The command name (field 2) may contain spaces and parentheses, so fields are counted after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = rest[0];
    if (Number(rest[1]) === parentPid && state !== 'Z' && state !== 'X') out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/** Socket inodes held open by a process (each fd that links to "socket:[inode]"). */
export async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]!);
  }
  return inodes;
}

const TCP_LISTEN = '0A';
const TCP_ESTABLISHED = '01';

interface TcpSocket {
  readonly inode: string;
  readonly remotePort: number;
}

const portOf = (address: string) => parseInt(address.slice(address.lastIndexOf(':') + 1), 16);

/** TCP sockets whose local port is `port`, in the given state (hex, as /proc/net/tcp has it). */
async function tcpSockets(port: number, state: string): Promise<TcpSocket[]> {
  const found: TcpSocket[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, remote, inode] = [cols[1], cols[2], cols[9]];
      if (!local || !remote || !inode || cols[3] !== state || inode === '0') continue;
      if (portOf(local) === port) found.push({ inode, remotePort: portOf(remote) });
    }
  }
  return found;
}

/** Whether `pid` holds the listening socket of `port` (a cluster worker that can accept on it). */
export async function holdsListener(pid: number, port: number): Promise<boolean> {
  const listening = await tcpSockets(port, TCP_LISTEN);
  if (listening.length === 0) return false;
  const held = await socketInodes(pid);
  return listening.some((s) => held.has(s.inode));
}

/**
 * The connections accepted on `port` that each process holds, as the client-side ports of those
 * connections: a client socket whose localPort is in a process's set was accepted by that process.
 */
export async function acceptedConnections(pids: readonly number[], port: number): Promise<Map<number, Set<number>>> {
  const established = await tcpSockets(port, TCP_ESTABLISHED);
  const byPid = new Map<number, Set<number>>();
  for (const pid of pids) {
    const held = await socketInodes(pid);
    byPid.set(pid, new Set(established.filter((s) => held.has(s.inode)).map((s) => s.remotePort)));
  }
  return byPid;
}
