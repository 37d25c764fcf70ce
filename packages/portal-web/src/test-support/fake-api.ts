// A fake control plane for component tests: routes answer by "METHOD /path" (path after /api/v1, query
// ignored), every call is recorded, and an unrouted call answers 404 so a missing route fails loudly.
import type { ErrorEnvelope } from '../api/types';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type FakeRoute = (call: RecordedCall) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(status: number, error: Omit<ErrorEnvelope['error'], 'requestId'> & { requestId?: string }): Response {
  const envelope: ErrorEnvelope = { error: { requestId: 'req-test', ...error } };
  return json(envelope, status);
}

export function fakeApi(routes: Readonly<Record<string, FakeRoute>>) {
  const calls: RecordedCall[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input, 'http://portal.test');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = init.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, path, headers, body };
    calls.push(call);
    const route = routes[`${method} ${path}`];
    return route === undefined ? apiError(404, { code: 'NOT_FOUND', message: `no fake route for ${method} ${path}` }) : route(call);
  };
  return { fetch, calls };
}
