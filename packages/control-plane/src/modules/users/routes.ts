// The users API (docs/api.md): a group's users and their roles, and actions on one user's account.
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { groupUserRoutes } from './group-user-routes.js';
import { userActionRoutes } from './user-action-routes.js';

export function userRoutes(api: ApiRouter, deps: AppDeps): void {
  groupUserRoutes(api, deps);
  userActionRoutes(api, deps);
}
