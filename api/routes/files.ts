import { Router } from 'express';
import type { ApiDeps } from '../app';
import { methodNotAllowed } from '../method-not-allowed';
import { completeRoutes } from './files-complete';
import { deleteRoutes } from './files-delete';
import { downloadRoutes } from './files-download';
import { multipartRoutes } from './files-multipart';
import { readRoutes } from './files-read';
import { serverUploadRoutes } from './files-server-upload';
import { uploadUrlRoutes } from './files-upload-url';
import { usageRoutes } from './files-usage';

/** Every route of the files resource, under /workspaces/:workspaceId. */
export function filesRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const actions = [uploadUrlRoutes(deps), multipartRoutes(deps)];
  for (const action of actions) router.use(action);
  // `/files/upload-url` and `/files/multipart` with another method than POST would otherwise
  // reach `/files/:fileId` below and be answered as a file that does not exist.
  router.use(methodNotAllowed(...actions));
  router.use(serverUploadRoutes(deps));
  router.use(completeRoutes(deps));
  router.use(downloadRoutes(deps));
  router.use(readRoutes(deps));
  router.use(deleteRoutes(deps));
  router.use(usageRoutes(deps));
  return router;
}
