// The load generator, driving the virtual clients of clients.ts (a connection and a session each).
// Open loop: requests leave on a fixed timetable whatever the server does, and each is timed from when it
// was due (stats.ts), so a slow server cannot hide its queue by slowing the generator down (coordinated
// omission). Closed loop: each client sends its next request as soon as the previous answer is in, which
// finds the maximum throughput.
import { performance } from 'node:perf_hooks';
import type { VirtualClient } from './clients.js';
import { resetClient } from './clients.js';
import { clientFor, dueCount, latencyFromScheduleMs, plannedRequests, ratePerSecond, routeFor, ROUTES, scheduledAtMs, summarize, timeline } from './stats.js';
import type { LatencySummary, RoutePath, TimelineBucket } from './stats.js';

export interface Errors {
  /** Answers other than 200, by status code. */
  byStatus: Record<string, number>;
  /** Requests that failed without an answer (connection error, timeout), by error code. */
  failed: Record<string, number>;
  /** Open loop only: still unanswered when the drain time ran out (timed up to that moment). */
  unfinished: number;
  total: number;
}

export interface PhaseResult {
  /** Requests answered (or failed) within the phase; unfinished ones are not counted here. */
  completed: number;
  ok: number;
  errors: Errors;
  /** Completed requests per second, from the phase start to the last completion. */
  achievedRps: number;
  latency: LatencySummary;
  byRoute: Record<RoutePath, LatencySummary>;
  /** Per second of the phase (by when each request was due, or sent in the closed loop). */
  timeline: TimelineBucket[];
  wallMs: number;
}

export interface OpenLoopResult extends PhaseResult {
  rateRps: number;
  durationMs: number;
  planned: number;
  /** Requests handed to their connection per second over the timetable (should equal the rate). */
  sentRps: number;
  /** How late the generator handed a request to its connection at worst (its own timer lag), ms. */
  maxSendLagMs: number;
}

export interface ClosedLoopResult extends PhaseResult {
  connections: number;
  durationMs: number;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'error';
}

class Recorder {
  readonly latencies: number[] = [];
  readonly routes: RoutePath[] = [];
  /** When each request was due (open loop) or sent (closed loop), ms after the phase start. */
  readonly at: number[] = [];
  readonly errors: Errors = { byStatus: {}, failed: {}, unfinished: 0, total: 0 };
  ok = 0;
  lastDoneAt = 0;

  record(route: RoutePath, atMs: number, latencyMs: number, doneAt: number, outcome: { status: number } | { error: unknown }): void {
    this.latencies.push(latencyMs);
    this.routes.push(route);
    this.at.push(atMs);
    this.lastDoneAt = Math.max(this.lastDoneAt, doneAt);
    if ('status' in outcome && outcome.status === 200) {
      this.ok += 1;
      return;
    }
    this.errors.total += 1;
    if ('status' in outcome) this.errors.byStatus[outcome.status] = (this.errors.byStatus[outcome.status] ?? 0) + 1;
    else {
      const code = errorCode(outcome.error);
      this.errors.failed[code] = (this.errors.failed[code] ?? 0) + 1;
    }
  }

  /** Still unanswered when the phase gave up waiting: timed up to then, counted apart from failures. */
  recordUnfinished(route: RoutePath, atMs: number, latencyMs: number): void {
    this.latencies.push(latencyMs);
    this.routes.push(route);
    this.at.push(atMs);
    this.errors.unfinished += 1;
    this.errors.total += 1;
  }

  result(startAt: number, endAt: number): PhaseResult {
    const byRoute = {} as Record<RoutePath, LatencySummary>;
    for (const route of ROUTES) byRoute[route] = summarize(this.latencies.filter((_, i) => this.routes[i] === route));
    return {
      completed: this.latencies.length - this.errors.unfinished,
      ok: this.ok,
      errors: this.errors,
      achievedRps: ratePerSecond(this.latencies.length - this.errors.unfinished, (this.lastDoneAt || endAt) - startAt),
      latency: summarize(this.latencies),
      byRoute,
      timeline: timeline(this.at, this.latencies, 1000),
      wallMs: endAt - startAt,
    };
  }
}

async function timed(client: VirtualClient, route: RoutePath): Promise<{ status: number } | { error: unknown }> {
  try {
    const res = await client.dispatcher.request({ path: route, method: 'GET', headers: { cookie: client.cookie } });
    await res.body.dump({ limit: 1 << 20 });
    return { status: res.statusCode };
  } catch (error) {
    return { error };
  }
}

/**
 * Fixed-rate phase: request k is due at start + k / rate on client k % clients. The timer releases every
 * request that is due whenever it fires; once the timetable ends, answers are awaited for up to `drainMs`,
 * after which the remaining requests count as unfinished (timed up to that moment) and the clients that
 * held them are reset.
 */
export async function openLoop(url: string, clients: VirtualClient[], input: { rateRps: number; durationMs: number; drainMs: number }): Promise<OpenLoopResult> {
  const { rateRps, durationMs } = input;
  const planned = plannedRequests(rateRps, durationMs);
  const rec = new Recorder();
  const pending = new Set<number>();
  const startAt = performance.now() + 5;
  let sent = 0;
  let maxSendLagMs = 0;
  let lastSentAt = startAt;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));

  const fire = (k: number): void => {
    const client = clients[clientFor(k, clients.length)];
    if (client === undefined) return;
    const route = routeFor(k);
    pending.add(k);
    void timed(client, route).then((outcome) => {
      if (!pending.delete(k)) return; // already counted as unfinished
      const doneAt = performance.now();
      rec.record(route, scheduledAtMs(k, rateRps), latencyFromScheduleMs({ phaseStartMs: startAt, index: k, rateRps, doneAtMs: doneAt }), doneAt, outcome);
      if (sent === planned && pending.size === 0) allDone();
    });
  };

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = dueCount(now - startAt, rateRps, planned);
      for (; sent < due; sent++) {
        maxSendLagMs = Math.max(maxSendLagMs, now - (startAt + scheduledAtMs(sent, rateRps)));
        fire(sent);
      }
      lastSentAt = now;
      if (sent >= planned) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, startAt + scheduledAtMs(sent, rateRps) - performance.now()));
    };
    setTimeout(tick, Math.max(0, startAt - performance.now()));
  });
  if (pending.size === 0) allDone();
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([finished, new Promise<void>((resolve) => (drainTimer = setTimeout(resolve, input.drainMs)))]);
  clearTimeout(drainTimer);
  const endAt = performance.now();
  if (pending.size > 0) {
    const stuck = new Set<number>();
    for (const k of pending) {
      stuck.add(clientFor(k, clients.length));
      rec.recordUnfinished(routeFor(k), scheduledAtMs(k, rateRps), latencyFromScheduleMs({ phaseStartMs: startAt, index: k, rateRps, doneAtMs: endAt }));
    }
    pending.clear();
    await Promise.all(clients.filter((c) => stuck.has(c.index)).map((c) => resetClient(url, c)));
  }
  const base = rec.result(startAt, endAt);
  return { ...base, rateRps, durationMs, planned, sentRps: ratePerSecond(sent, lastSentAt - startAt || 1), maxSendLagMs };
}

/** Max-throughput phase: every client sends its next request as soon as the previous answer is in. */
export async function closedLoop(clients: VirtualClient[], input: { durationMs: number }): Promise<ClosedLoopResult> {
  const rec = new Recorder();
  const startAt = performance.now();
  const endBy = startAt + input.durationMs;
  let k = 0;
  const worker = async (client: VirtualClient): Promise<void> => {
    while (performance.now() < endBy) {
      const route = routeFor(k++);
      const t0 = performance.now();
      const outcome = await timed(client, route);
      const doneAt = performance.now();
      rec.record(route, t0 - startAt, doneAt - t0, doneAt, outcome);
      // A connection error answers at once: pause briefly so a dead server does not spin the loop.
      if ('error' in outcome) await new Promise((r) => setTimeout(r, 10));
    }
  };
  await Promise.all(clients.map(worker));
  const base = rec.result(startAt, performance.now());
  return { ...base, connections: clients.length, durationMs: input.durationMs };
}
