import { Router } from 'express';
import { ServiceError } from '../../core/errors';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { findFile } from '../file-lookup';

/**
 * GET /files/:fileId/download-url: a short-lived GET URL from the public client, so that it works
 * where the browser is. The response names the file as the user did, whatever the key says.
 */
export function downloadRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  router.get('/files/:fileId/download-url', async (req, res) => {
    const file = await findFile(deps.db.models, workspaceIdOf(req), req.params.fileId);
    if (file.status !== 'ready') {
      throw new ServiceError(
        'FILE_NOT_READY',
        `The file cannot be downloaded while ${file.status}.`,
        {
          status: file.status,
        },
      );
    }

    const ttl = deps.config.limits.downloadUrlTtlSeconds;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    const url = await deps.store.presignGet(file.storageKey, ttl, {
      filename: file.filename,
      contentType: file.contentType,
    });
    req.log.debug(
      { fileId: file.id, workspaceId: file.workspaceId, workflowId: file.workflowId, ttl },
      'download url issued',
    );

    res.json({ url, expiresAt: expiresAt.toISOString() });
  });

  return router;
}
