// The selected access group and SCID live in the URL (?group=…&scid=…), so a link, a reload or a second
// tab shows the same scope, and the browser's back button undoes a change of scope.
import { useSearchParams } from 'react-router';
import type { AccessGroupNode, Service } from '../api/types';
import { flattenTree, type FlatGroup } from './access-group-tree';
import { useAccessGroupTree, useServices } from './scope-queries';

export const GROUP_PARAM = 'group';
export const SCID_PARAM = 'scid';

export interface Scope {
  readonly isPending: boolean;
  readonly error: unknown;
  readonly groups: readonly FlatGroup[];
  readonly group: AccessGroupNode | null;
  /** The services the selected group holds. */
  readonly services: readonly Service[];
  readonly scid: string | null;
  readonly selectGroup: (groupId: string) => void;
  readonly selectScid: (scid: string | null) => void;
}

export function useScope(): Scope {
  const [params, setParams] = useSearchParams();
  const tree = useAccessGroupTree();
  const allServices = useServices();

  const groups = flattenTree(tree.data ?? []);
  const requested = params.get(GROUP_PARAM);
  // An unknown or missing id falls back to the first group: the customer's top-level one.
  const group = groups.find((entry) => entry.group.id === requested)?.group ?? groups[0]?.group ?? null;
  const held = new Set(group?.scids ?? []);
  const services = (allServices.data ?? []).filter((service) => held.has(service.scid));
  const requestedScid = params.get(SCID_PARAM);
  const scid = requestedScid !== null && held.has(requestedScid) ? requestedScid : null;

  return {
    isPending: tree.isPending,
    error: tree.error,
    groups,
    group,
    services,
    scid,
    selectGroup: (groupId) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.set(GROUP_PARAM, groupId);
        // An SCID belongs to one group's set; keeping it across groups would show a scope that is not there.
        next.delete(SCID_PARAM);
        return next;
      }),
    selectScid: (nextScid) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (nextScid === null) next.delete(SCID_PARAM);
        else next.set(SCID_PARAM, nextScid);
        return next;
      }),
  };
}

/** The scope part of the current query string, for menu links that must not lose the selection. */
export function scopeSearch(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of [GROUP_PARAM, SCID_PARAM]) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  const search = kept.toString();
  return search === '' ? '' : `?${search}`;
}
