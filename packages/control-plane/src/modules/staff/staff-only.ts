// /staff/* must not exist for customers (requireStaff answers them 404), and that includes the routes'
// body and query schemas: a 400 for a malformed body would tell a probe the route is there. So the staff
// check also runs as a route hook before validation; handlers still check (they need the caller anyway).
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../api/deps.js';
import { loadCaller, requireStaff } from '../../auth/caller.js';
import type { StaffCapability } from '../access/permissions.js';

export function staffOnly(deps: AppDeps, capability: StaffCapability): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    requireStaff(await loadCaller(deps.db, request.principal), capability);
  };
}
