import { Router } from 'express';
import type { ApiDeps } from '../app';
import { methodNotAllowed } from '../method-not-allowed';
import { backfillRoutes } from './backfill';
import { filesRoutes } from './files';
import { searchRoutes } from './search';

/**
 * Routes under /workspaces/:workspaceId. The caller is already authenticated and a member of
 * the workspace when these run. Each resource keeps its routes in a file of its own.
 */
export function workspaceRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  router.use(filesRoutes(deps));
  router.use(backfillRoutes(deps));
  router.use(searchRoutes(deps));
  // A known path asked with another method: 405 with Allow, not "no such route".
  router.use(methodNotAllowed(router));
  return router;
}
