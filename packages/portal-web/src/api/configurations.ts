// Configurations of a service (domain.md §2, docs/api.md "Configurations"): immutable numbered versions,
// their diff, and the property registry of what is active where. Shapes come from the contract.
import type {
  Configuration,
  ConfigurationDiff,
  ConfigurationDocumentInput,
  ConfigurationVersion,
  RegistryEntry,
  VersionSummary,
} from '@candela/contract';
import { apiPath, type ApiClient } from './client';
import type { List, Page } from './types';

export type { Configuration, ConfigurationDiff, ConfigurationVersion, RegistryEntry, VersionSummary };

/** The document as the portal sends it: whatever the editor holds, validated by the server again. */
export type DocumentBody = ConfigurationDocumentInput;

// ---- Request bodies: ASSUMED, mirroring createConfigurationBodySchema and saveVersionBodySchema (the
// contract exports the schemas, not their input types) ----

export interface CreateConfigurationRequest {
  readonly name: string;
  readonly comment: string;
  readonly document: DocumentBody;
}

export interface SaveVersionRequest {
  /** The newest version the editor knew of; a newer one saved meanwhile answers 409 VERSION_CONFLICT. */
  readonly baseVersion: number;
  readonly comment: string;
  readonly document: DocumentBody;
}

export const VERSION_PAGE_SIZE = 20;

export async function fetchConfigurations(client: ApiClient, scid: string): Promise<readonly Configuration[]> {
  return (await client.get<List<Configuration>>(apiPath`/services/${scid}/configurations`)).items;
}

export function createConfiguration(client: ApiClient, scid: string, request: CreateConfigurationRequest): Promise<Configuration> {
  return client.post(apiPath`/services/${scid}/configurations`, request);
}

export function fetchConfiguration(client: ApiClient, id: string): Promise<Configuration> {
  return client.get(apiPath`/configurations/${id}`);
}

export function fetchVersions(client: ApiClient, id: string, cursor?: string): Promise<Page<VersionSummary>> {
  return client.get(apiPath`/configurations/${id}/versions`, { limit: VERSION_PAGE_SIZE, cursor });
}

export function fetchVersion(client: ApiClient, id: string, version: number): Promise<ConfigurationVersion> {
  return client.get(apiPath`/configurations/${id}/versions/${version}`);
}

export function saveVersion(client: ApiClient, id: string, request: SaveVersionRequest): Promise<VersionSummary> {
  return client.post(apiPath`/configurations/${id}/versions`, request);
}

export function fetchDiff(client: ApiClient, id: string, from: number, to: number): Promise<ConfigurationDiff> {
  return client.get(apiPath`/configurations/${id}/diff`, { from, to });
}

export async function fetchPropertyRegistry(client: ApiClient, groupId: string): Promise<readonly RegistryEntry[]> {
  return (await client.get<List<RegistryEntry>>(apiPath`/access-groups/${groupId}/property-registry`)).items;
}
