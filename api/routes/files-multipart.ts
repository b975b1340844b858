import { Router } from 'express';
import { ServiceError } from '../../core/errors';
import { principalOf } from '../middleware/auth';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { registerUpload } from '../file-registration';
import { jsonBody } from '../json-body';
import { secondsUntil } from '../time';
import { MAX_MULTIPART_PARTS, multipartBody } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';

/**
 * POST /files/multipart: for files too large for one PUT (recordings, videos). The workflow
 * creates the store's multipart upload when it registers the file, so that it can abort the
 * parts itself if the upload is never completed; the API signs one URL per part. The client
 * PUTs each part, keeps each response's ETag header, and sends them to `complete`.
 */
export function multipartRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const json = jsonBody(deps.config.http.bodyLimitBytes);

  router.post('/files/multipart', json, async (req, res) => {
    const body = parseOrThrow(multipartBody, req.body, 'request body');
    const partSize = deps.config.limits.multipartPartSizeBytes;
    const partCount = Math.ceil(body.sizeBytes / partSize);
    if (partCount > MAX_MULTIPART_PARTS) {
      throw new ServiceError(
        'FILE_TOO_LARGE',
        `A multipart upload has at most ${MAX_MULTIPART_PARTS} parts of ${partSize} bytes.`,
        { maxSizeBytes: MAX_MULTIPART_PARTS * partSize, sizeBytes: body.sizeBytes },
      );
    }

    const registration = await registerUpload(
      deps,
      {
        workspaceId: workspaceIdOf(req),
        userId: principalOf(res.locals).userId,
        ...body,
        uploadMethod: 'MULTIPART',
      },
      req.log,
    );
    const uploadId = registration.multipartUploadId;
    if (!uploadId) throw new Error('the file workflow registered a multipart upload without an id');

    const ttl = secondsUntil(registration.expiresAt);
    const parts = await Promise.all(
      Array.from({ length: partCount }, async (_, index) => ({
        partNumber: index + 1,
        url: await deps.store.presignUploadPart(registration.key, uploadId, index + 1, ttl),
      })),
    );

    res.status(201).json({
      fileId: registration.fileId,
      key: registration.key,
      workflowId: registration.workflowId,
      expiresAt: registration.expiresAt.toISOString(),
      upload: { method: 'MULTIPART', uploadId, partSizeBytes: partSize, parts },
    });
  });

  return router;
}
