// The edge's side of the control plane's edge routes (contract feed.ts): enrol, acks, heartbeat, and
// opening the server-sent event stream. One undici Agent per feed client, closed with it.
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { edgeEnrolResultSchema } from '@candela/contract';
import type { EdgeEnrolResult } from '@candela/contract';

/** A refused or failed call. `status` 0 means no HTTP answer at all (connection refused, timeout). */
export class ControlPlaneError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }

  /**
   * The edge token is no longer accepted: the edge was removed from the fleet (`edge-removed`), or the
   * token is unknown (the control plane's database was reset). Either way the cure is to enrol again.
   */
  get credentialsRejected(): boolean {
    return this.status === 401;
  }
}

export interface EnrolBody {
  readonly enrolmentToken: string;
  readonly name: string;
  readonly region: string;
  readonly metro: string;
}

export interface AckBody {
  readonly seq: number;
  readonly ok: boolean;
  readonly problems?: readonly string[];
  /** An invalidation: distinct objects it applied to, and per item (contract edgeAckBodySchema). */
  readonly matched?: number;
  readonly matchedByItem?: readonly number[];
}

export interface HeartbeatBody {
  readonly appliedVersion: number;
  readonly cursor: number;
  readonly health: 'ok' | 'draining';
  readonly region: string;
  readonly metro: string;
}

const CALL_TIMEOUT_MS = 10_000;

async function errorOf(res: Dispatcher.ResponseData): Promise<ControlPlaneError> {
  const text = await res.body.text().catch(() => '');
  let code: string | undefined;
  let message = text.slice(0, 200);
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not the API's error envelope (a proxy's page): the status says enough.
  }
  return new ControlPlaneError(res.statusCode, code, `HTTP ${res.statusCode}${code ? ` ${code}` : ''}: ${message}`);
}

function unreachable(err: unknown): ControlPlaneError {
  if (err instanceof ControlPlaneError) return err;
  const e = err as { code?: string; message?: string };
  return new ControlPlaneError(0, e.code, e.message ?? String(err));
}

export class ControlPlaneApi {
  readonly #base: string;
  readonly #agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });

  constructor(baseUrl: string) {
    this.#base = baseUrl;
  }

  async #post(path: string, body: unknown, token: string | undefined): Promise<Dispatcher.ResponseData> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.#base}${path}`, {
        method: 'POST',
        dispatcher: this.#agent,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        headersTimeout: CALL_TIMEOUT_MS,
        bodyTimeout: CALL_TIMEOUT_MS,
      });
    } catch (err) {
      throw unreachable(err);
    }
    if (res.statusCode < 200 || res.statusCode > 299) throw await errorOf(res);
    return res;
  }

  async enrol(body: EnrolBody): Promise<EdgeEnrolResult> {
    const res = await this.#post('/api/v1/edges/enrol', body, undefined);
    const parsed = edgeEnrolResultSchema.safeParse(await res.body.json().catch(() => undefined));
    if (!parsed.success) throw new ControlPlaneError(res.statusCode, undefined, 'the enrolment answer is not an EdgeEnrolResult');
    return parsed.data;
  }

  async ack(token: string, body: AckBody): Promise<void> {
    const res = await this.#post('/api/v1/edges/acks', body, token);
    await res.body.dump();
  }

  async heartbeat(token: string, body: HeartbeatBody): Promise<void> {
    const res = await this.#post('/api/v1/edges/heartbeat', body, token);
    await res.body.dump();
  }

  /**
   * Opens the event stream from `cursor` (events with a greater seq follow). No body timeout: the
   * caller's watchdog decides when silence means a dead connection.
   */
  async openFeed(token: string, cursor: number, signal: AbortSignal): Promise<Dispatcher.ResponseData['body']> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.#base}/api/v1/edges/feed?cursor=${cursor}`, {
        method: 'GET',
        dispatcher: this.#agent,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
        signal,
        headersTimeout: CALL_TIMEOUT_MS,
        bodyTimeout: 0,
      });
    } catch (err) {
      throw unreachable(err);
    }
    if (res.statusCode !== 200) throw await errorOf(res);
    return res.body;
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }
}
