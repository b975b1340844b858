import { Router } from 'express';
import { principalOf } from '../middleware/auth';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { registerUpload } from '../file-registration';
import { jsonBody } from '../json-body';
import { uploadUrlBody } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';
import { secondsUntil } from '../time';

/**
 * POST /files/upload-url: registers a file and hands out a URL to upload it straight to the
 * store. The key is the service's choice. A PUT URL is signed for the declared Content-Type and
 * Content-Length, a POST policy for the type and a size range, so the store itself refuses a
 * body that is not what was declared; the workflow checks the object again on completion.
 */
export function uploadUrlRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const json = jsonBody(deps.config.http.bodyLimitBytes);

  router.post('/files/upload-url', json, async (req, res) => {
    const body = parseOrThrow(uploadUrlBody, req.body, 'request body');
    const workspaceId = workspaceIdOf(req);

    const registration = await registerUpload(
      deps,
      {
        workspaceId,
        userId: principalOf(res.locals).userId,
        sourceType: body.sourceType,
        sourceId: body.sourceId,
        filename: body.filename,
        contentType: body.contentType,
        sizeBytes: body.sizeBytes,
        uploadMethod: body.uploadMethod,
      },
      req.log,
    );

    // Counted from the registration's deadline, so the URL never outlives what the workflow
    // waits for.
    const ttl = secondsUntil(registration.expiresAt);
    const upload =
      body.uploadMethod === 'POST'
        ? {
            method: 'POST' as const,
            ...(await deps.store.presignPost(
              registration.key,
              body.contentType,
              Math.min(registration.policy.maxSizeBytes, body.sizeBytes),
              ttl,
            )),
          }
        : {
            method: 'PUT' as const,
            url: await deps.store.presignPut(
              registration.key,
              body.contentType,
              ttl,
              body.sizeBytes,
            ),
            headers: { 'Content-Type': body.contentType },
          };

    res.status(201).json({
      fileId: registration.fileId,
      key: registration.key,
      workflowId: registration.workflowId,
      expiresAt: registration.expiresAt.toISOString(),
      upload,
    });
  });

  return router;
}
