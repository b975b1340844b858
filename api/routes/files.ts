import { Router } from 'express';
import type { ApiDeps } from '../app';
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
  router.use(uploadUrlRoutes(deps));
  router.use(multipartRoutes(deps));
  router.use(serverUploadRoutes(deps));
  router.use(completeRoutes(deps));
  router.use(downloadRoutes(deps));
  router.use(readRoutes(deps));
  router.use(deleteRoutes(deps));
  router.use(usageRoutes(deps));
  return router;
}
