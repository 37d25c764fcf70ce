// EVERY WIRE SHAPE THE PORTAL RELIES ON, in one file. The portal was written while the control plane was
// being built, against docs/api.md; the shapes packages/contract now defines are re-exported from there
// (type-only: no zod reaches the bundle), so a contract change shows up here as a compile error in the
// portal. What the contract does not export as a type yet is declared below, marked ASSUMED, and should
// be replaced by the contract's type when it exists.
export type {
  AccessGroupNode,
  AccountTeam,
  ApiKey,
  ApiKeyStatus,
  ApiKeyWithSecret,
  AuditEntry,
  CreateApiKeyBody as CreateApiKeyRequest,
  GroupUser,
  Language,
  ManagedUser,
  RoleView as Role,
  Service,
  Session,
  TeamMember,
  TscContact,
  UpdateApiKeyBody as UpdateApiKeyRequest,
} from '@candela/contract';

import type { AuditEntry, GroupUser, Language, Session } from '@candela/contract';

export type SessionUser = Session['user'];
export type UserStatus = GroupUser['status'];
export type AuditPerson = NonNullable<AuditEntry['actor']>;

// ---- Errors ----

export interface Problem {
  /** RFC 6901 JSON pointer into the request body, e.g. "/email". */
  readonly pointer: string;
  readonly message: string;
}

/**
 * The envelope as the portal reads it. Deliberately looser than the contract's (`code` is any string): a
 * newer server may send a code this build does not know, and the portal must still show its message.
 */
export interface ErrorEnvelope {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: readonly Problem[];
    readonly requestId: string;
  };
}

// ---- Lists (docs/api.md: ?limit= and an opaque ?cursor=) ----

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface List<T> {
  readonly items: readonly T[];
}

// ---- Request bodies: ASSUMED, mirroring the contract's *BodySchema (not exported as types yet) ----

export interface SignInRequest {
  readonly email: string;
  readonly password: string;
}

export interface InviteUserRequest {
  readonly email: string;
  readonly displayName: string;
  readonly language: Language;
  readonly roleId: string;
}

export interface CreateChildGroupRequest {
  readonly name: string;
  readonly scids: readonly string[];
}

export interface CreateRoleRequest {
  readonly name: string;
  readonly permissions: readonly Permission[];
}

// ---- Permissions: the contract's list (plain data, no zod in the bundle) ----

export { PERMISSIONS, isPermission, CUSTOM_ROLE_PERMISSIONS } from '@candela/contract/permissions';
import type { Permission } from '@candela/contract/permissions';
export type { Permission };
