// Test data for content invalidation: a configuration of a service activated through the API (so its
// aliases are active in the network, as a request needs), and requests made through the API.
import type { LightMyRequestResponse } from 'fastify';
import type { Invalidation } from '@candela/contract';
import type { TestApp } from '../../test-support/test-app.js';
import { createConfiguration, documentWith } from '../activations/configuration.fixture.js';

export interface Who {
  readonly headers: Record<string, string>;
}

/** A configuration of `scid` serving one property per alias list, activated to `target` by `who`. */
export async function activeProperties(t: TestApp, who: Who, scid: string, aliasLists: string[][], target: 'production' | 'staging' = 'production'): Promise<string> {
  const id = await createConfiguration(t.db(), { scid, versions: [documentWith(...aliasLists)], nowMs: t.clock.now });
  const res = await t.inject({ method: 'POST', url: `/api/v1/configurations/${id}/activations`, headers: who.headers, payload: { target, version: 1 } });
  if (res.statusCode !== 202) throw new Error(`activation of ${aliasLists.join(';')}: ${res.statusCode} ${res.body}`);
  return id;
}

export function postInvalidation(t: TestApp, who: Who, scid: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: `/api/v1/services/${scid}/invalidations`, headers: who.headers, payload: body });
}

/** Makes a request that must be accepted; returns the answer. */
export async function invalidate(t: TestApp, who: Who, scid: string, body: Record<string, unknown>): Promise<Invalidation> {
  const res = await postInvalidation(t, who, scid, body);
  if (res.statusCode !== 202) throw new Error(`invalidation: ${res.statusCode} ${res.body}`);
  return res.json<Invalidation>();
}

export async function readInvalidation(t: TestApp, who: Who, id: string): Promise<Invalidation> {
  const res = await t.inject({ method: 'GET', url: `/api/v1/invalidations/${id}`, headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`read ${id}: ${res.statusCode} ${res.body}`);
  return res.json<Invalidation>();
}
