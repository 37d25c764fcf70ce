// Every module's routes, under /api/v1. A module adds itself here and nowhere else.
import type { AppDeps } from './deps.js';
import type { ApiRouter } from './router.js';
import { authRoutes } from '../modules/accounts/auth-routes.js';
import { accessGroupRoutes } from '../modules/access-groups/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { roleRoutes } from '../modules/roles/routes.js';
import { mimicRoutes } from '../modules/mimic/routes.js';
import { apiKeyRoutes } from '../modules/api-keys/routes.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { contactRoutes } from '../modules/contacts/routes.js';
import { staffRoutes } from '../modules/staff/routes.js';
import { edgeRoutes } from '../modules/edges/routes.js';
import { staffEdgeRoutes } from '../modules/edges/staff-routes.js';
import { activationRoutes } from '../modules/activations/routes.js';
import { configurationRoutes } from '../modules/configurations/routes.js';
import { invalidationRoutes } from '../modules/invalidations/routes.js';

export function registerRoutes(api: ApiRouter, deps: AppDeps): void {
  authRoutes(api, deps);
  accessGroupRoutes(api, deps);
  userRoutes(api, deps);
  roleRoutes(api, deps);
  mimicRoutes(api, deps);
  apiKeyRoutes(api, deps);
  auditRoutes(api, deps);
  contactRoutes(api, deps);
  staffRoutes(api, deps);
  edgeRoutes(api, deps);
  staffEdgeRoutes(api, deps);
  activationRoutes(api, deps);
  configurationRoutes(api, deps);
  invalidationRoutes(api, deps);
}
