// Reading the configuration document: from a file (`--config`) or synthesised for single-origin mode
// (`--origin`). Every problem is reported with its JSON pointer; nothing is applied unless the whole
// document is valid, so a bad reload leaves the previous good document in force.
import { readFile } from 'node:fs/promises';
import { edgeConfigSchema, validate } from '@candela/contract';
import type { EdgeConfig, Problem } from '@candela/contract';

export type LoadResult =
  | {
      ok: true;
      doc: EdgeConfig;
      /** Feed mode: the feed seq of the snapshot read from disk (0: none yet). */
      feedSeq?: number;
      /** Feed mode: why the snapshot on disk was not used (the edge starts empty and fetches it again). */
      warnings?: Problem[];
    }
  | { ok: false; problems: Problem[] };

export async function loadDocumentFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ pointer: '', message: `cannot read ${path}: ${(err as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ pointer: '', message: `not JSON: ${(err as Error).message}` }] };
  }
  return parseDocument(json);
}

export function parseDocument(json: unknown): LoadResult {
  const result = validate(edgeConfigSchema, json);
  return result.ok ? { ok: true, doc: result.value } : { ok: false, problems: result.problems };
}

/** Single-origin mode: one property answering for every Host, origin headers honoured as they are. */
export function singleOriginDocument(origin: URL): EdgeConfig {
  const result = parseDocument({
    version: 0,
    properties: [
      {
        id: 'default',
        aliases: ['*'],
        origin: {
          protocol: origin.protocol === 'https:' ? 'https' : 'http',
          host: origin.hostname.replace(/^\[|\]$/g, ''),
          ...(origin.port ? { port: Number(origin.port) } : {}),
          webRoot: origin.pathname || '/',
        },
      },
    ],
  });
  if (!result.ok) throw new Error(`bad --origin: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.doc;
}
