// The state of one client request as it moves through the pipeline; telemetry reads it at the end.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { CompiledProperty, EffectiveBehaviours } from '../config/compile.js';
import type { CacheOutcome } from '../telemetry/request-record.js';
import type { RequestInfo } from './request-info.js';

export type ClientRequest = IncomingMessage | Http2ServerRequest;
export type ClientResponse = ServerResponse | Http2ServerResponse;

export interface Exchange {
  readonly req: ClientRequest;
  readonly res: ClientResponse;
  /** Replaced once, when a signed URL's token is verified: from then on the query is without it. */
  info: RequestInfo;
  readonly startMs: number;
  property: CompiledProperty | undefined;
  behaviours: EffectiveBehaviours | undefined;
  /** Request fields as the cache sees them (Accept-Encoding normalised when the property says so). */
  lookupHeaders: IncomingHttpHeaders;
  /** Primary cache key (property, path and, unless ignored, query). */
  key: string;
  outcome: CacheOutcome;
  /** Content-Type of the response sent (for the access log; writeHead does not expose it later). */
  contentType: string | undefined;
  bytesSent: number;
  originBytes: number;
}
