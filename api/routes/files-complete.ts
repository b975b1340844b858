import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { ServiceError } from '../../core/errors';
import { uploadCompletedSignal } from '../../workflows/file-lifecycle/definitions';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { findFile } from '../file-lookup';
import { jsonBody } from '../json-body';
import { queryFileStatus } from '../file-status';
import { fromTemporalError } from '../temporal-errors';
import { completeBody } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';

/**
 * POST /files/:fileId/complete: the client says the bytes are in the store. Only a file the
 * service issued in this workspace can be completed; the workflow then verifies the object.
 * Completing twice is harmless: the workflow ignores the second signal.
 */
export function completeRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  const json = jsonBody<{ fileId: string }>(deps.config.http.bodyLimitBytes);

  router.post('/files/:fileId/complete', json, async (req, res) => {
    const body = parseOrThrow(completeBody, req.body ?? {}, 'request body');
    const file = await findFile(deps.db.models, workspaceIdOf(req), req.params.fileId);
    const log = req.log.child({
      fileId: file.id,
      workspaceId: file.workspaceId,
      workflowId: file.workflowId,
    });

    try {
      await deps.temporal.workflow
        .getHandle(file.workflowId)
        .signal(uploadCompletedSignal, { parts: body.parts });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new ServiceError(
          'CONFLICT',
          `The upload can no longer be completed: ${file.status}.`,
          {
            status: file.status,
          },
        );
      }
      throw fromTemporalError(error);
    }
    log.info('upload completion signalled');

    const status = await queryFileStatus(deps, file.workflowId, log);
    res.status(202).json({ fileId: file.id, status: status?.state ?? file.status });
  });

  return router;
}
