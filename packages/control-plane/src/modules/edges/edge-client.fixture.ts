// An edge as the control plane sees it, for tests: enrol, heartbeat and ack through the real routes.
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../test-support/test-app.js';
import { enrolmentToken } from './enrolment-token.js';

export interface TestEdge {
  readonly id: string;
  readonly token: string;
  readonly headers: { authorization: string };
}

export async function enrolTestEdge(t: TestApp, name: string, region = 'eu', metro = 'mad'): Promise<TestEdge> {
  const res = await t.inject({ method: 'POST', url: '/api/v1/edges/enrol', payload: { enrolmentToken: enrolmentToken(t.deps().config), name, region, metro } });
  if (res.statusCode !== 201) throw new Error(`enrol ${name}: ${res.statusCode} ${res.body}`);
  const body = res.json<{ edgeId: string; edgeToken: string }>();
  return { id: body.edgeId, token: body.edgeToken, headers: { authorization: `Bearer ${body.edgeToken}` } };
}

export function heartbeat(t: TestApp, edge: TestEdge, body: { appliedVersion: number; cursor?: number; health?: string }): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: '/api/v1/edges/heartbeat', headers: edge.headers, payload: { cursor: body.appliedVersion, health: 'ok', ...body } });
}

export function ack(t: TestApp, edge: TestEdge, seq: number, ok: boolean, problems: string[] = []): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: '/api/v1/edges/acks', headers: edge.headers, payload: { seq, ok, problems } });
}

/** An invalidation's ack: applied, with the objects matched in total and per item. */
/** The first of an edge's two acks of an invalidation: in force, counts to follow. */
export function ackInForce(t: TestApp, edge: TestEdge, seq: number): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: '/api/v1/edges/acks', headers: edge.headers, payload: { seq, ok: true } });
}

export function ackInvalidation(t: TestApp, edge: TestEdge, seq: number, matched: number, matchedByItem: number[]): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: '/api/v1/edges/acks', headers: edge.headers, payload: { seq, ok: true, matched, matchedByItem } });
}
