// Asks the property's origin, falling over to the backup origin when the primary cannot be reached
// or does not answer in time (domain.md §2 "optional backup origin").
import type { HeaderMap } from '@candela/http-cache';
import { OriginError } from '../origin/origin-pool.js';
import type { OriginResponse } from '../origin/origin-pool.js';
import type { PipelineDeps } from './deps.js';
import type { Exchange } from './exchange.js';
import { buildOriginRequest } from './origin-request.js';

export interface FetchOptions {
  readonly fill: boolean;
  readonly conditional?: HeaderMap;
}

export async function fetchOrigin(deps: PipelineDeps, x: Exchange, opts: FetchOptions): Promise<OriginResponse> {
  const property = x.property!;
  const started = deps.now();
  try {
    return await deps.origins.request(property.origin, buildOriginRequest(x, property.origin, opts), deps.now);
  } catch (err) {
    const body = x.info.method === 'GET' || x.info.method === 'HEAD';
    // A request body has been consumed by the first attempt, so only bodiless requests fail over.
    if (!(err instanceof OriginError) || err.failure === 'protocol' || !property.backupOrigin || !body) throw err;
    return await deps.origins.request(property.backupOrigin, buildOriginRequest(x, property.backupOrigin, opts), deps.now);
  } finally {
    deps.telemetry.observeOriginLatency(property.id, (deps.now() - started) / 1000);
  }
}

/** 502 when the origin could not be reached, 504 when it did not answer in time. */
export function statusForOriginError(err: unknown): 502 | 504 {
  return err instanceof OriginError && err.failure === 'timeout' ? 504 : 502;
}
