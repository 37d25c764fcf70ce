// Cache keys of My Services → Caching, and the links between its pages (which keep the selected scope).
export const cachingKeys = {
  configurations: (scid: string) => ['configurations', scid] as const,
  configuration: (id: string) => ['configuration', id] as const,
  versions: (id: string) => ['configuration-versions', id] as const,
  version: (id: string, version: number) => ['configuration-version', id, version] as const,
  diff: (id: string, from: number, to: number) => ['configuration-diff', id, from, to] as const,
  activations: (id: string) => ['configuration-activations', id] as const,
  activation: (id: string) => ['activation', id] as const,
  registry: (groupId: string) => ['property-registry', groupId] as const,
};

export const CACHING_PATH = '/services/caching';

/** The selected version of a configuration page lives in the URL (?version=), like the scope. */
export const VERSION_PARAM = 'version';

export function configurationPath(id: string): string {
  return `${CACHING_PATH}/${encodeURIComponent(id)}`;
}
