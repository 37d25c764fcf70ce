// Requests the cache does not answer (unsafe and other non-GET methods) go to the origin as they are,
// body streamed. A successful unsafe request invalidates the stored responses for its target URI and
// for same-origin Location / Content-Location URIs (RFC 9111 §4.4).
import { invalidationTargets } from '@candela/http-cache';
import { behavioursFor } from '../config/compile.js';
import { primaryKey } from './cache-key.js';
import type { PipelineDeps } from './deps.js';
import type { Exchange } from './exchange.js';
import { streamAndStore } from './fill.js';
import { fetchOrigin, statusForOriginError } from './fetch-origin.js';
import { sendError } from './respond.js';
import type { StorageDecision } from './storage-decision.js';

const PASS: StorageDecision = { store: false, reason: 'method', freshnessMs: 0, vary: [], directives: new Map() };

export async function passThrough(deps: PipelineDeps, x: Exchange, unsafe: boolean): Promise<void> {
  x.outcome = 'pass';
  let up;
  try {
    up = await fetchOrigin(deps, x, { fill: false });
  } catch (err) {
    x.outcome = 'error';
    sendError(x, statusForOriginError(err), 'origin-unreachable');
    return;
  }
  if (unsafe && up.status >= 200 && up.status < 400) {
    const target = new URL(`${x.info.scheme}://${x.info.host || 'localhost'}${x.info.path}${x.info.query ? '?' + x.info.query : ''}`);
    const property = x.property!;
    const keys = invalidationTargets({ method: x.info.method, status: up.status, requestUrl: target, res: up.headers }).map(
      (u) => primaryKey(property.id, u.pathname, u.search.slice(1), behavioursFor(property, u.pathname)),
    );
    if (keys.length > 0) await deps.onInvalidate(keys);
  }
  await streamAndStore(deps, x, up, { decision: PASS, fwd: 'method', collapsed: false });
}
