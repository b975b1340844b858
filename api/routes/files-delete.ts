import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { Op } from 'sequelize';
import { deleteSignal } from '../../workflows/file-lifecycle/definitions';
import { principalOf } from '../middleware/auth';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { findFile } from '../file-lookup';
import { fromTemporalError } from '../temporal-errors';
import { policyForSourceType } from '../upload-policy';
import { parentParams } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';

/** Rows read per page when deleting a parent, and delete signals in flight at once. */
const PARENT_PAGE_SIZE = 500;
const SIGNALS_IN_FLIGHT = 16;

/**
 * DELETE /files/:fileId and DELETE /sources/:sourceType/:sourceId/files. Both only signal: the
 * workflow soft-deletes the row at once and removes the object after the retention delay, so
 * the caller never waits for storage. Repeating a delete is harmless.
 */
export function deleteRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  /** True when the signal reached a running workflow; false when its workflow has ended. */
  const signalDelete = async (workflowId: string, requestedBy: string): Promise<boolean> => {
    try {
      await deps.temporal.workflow.getHandle(workflowId).signal(deleteSignal, { requestedBy });
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw fromTemporalError(error);
    }
  };

  router.delete('/files/:fileId', async (req, res) => {
    const file = await findFile(deps.db.models, workspaceIdOf(req), req.params.fileId, {
      includeDeleted: true,
    });

    // TODO(#3): a file whose workflow has ended (rejected, or abandoned, once its upload URL
    // expired) has nothing left to signal: its row keeps that status and stays listed.
    const signalled = await signalDelete(file.workflowId, principalOf(res.locals).userId);
    deps.logger.info(
      { fileId: file.id, workspaceId: file.workspaceId, workflowId: file.workflowId, signalled },
      'file delete requested',
    );

    res.status(202).json({ fileId: file.id, status: signalled ? 'deleted' : file.status });
  });

  router.delete('/sources/:sourceType/:sourceId/files', async (req, res) => {
    const { sourceType, sourceId } = parseOrThrow(parentParams, req.params, 'path');
    policyForSourceType(sourceType);
    const workspaceId = workspaceIdOf(req);
    const requestedBy = principalOf(res.locals).userId;

    let deleted = 0;
    let after: string | undefined;
    for (;;) {
      const page = await deps.db.models.FileMetadata.findAll({
        attributes: ['id', 'workflowId'],
        where: {
          workspaceId,
          sourceType,
          sourceId,
          deletedAt: null,
          ...(after && { id: { [Op.gt]: after } }),
        },
        order: [['id', 'ASC']],
        limit: PARENT_PAGE_SIZE,
      });
      for (let i = 0; i < page.length; i += SIGNALS_IN_FLIGHT) {
        const batch = page.slice(i, i + SIGNALS_IN_FLIGHT);
        const results = await Promise.all(
          batch.map((f) => signalDelete(f.workflowId, requestedBy)),
        );
        deleted += results.filter(Boolean).length;
      }
      if (page.length < PARENT_PAGE_SIZE) break;
      after = page[page.length - 1]!.id;
    }
    deps.logger.info({ workspaceId, sourceType, sourceId, deleted }, 'parent delete requested');

    res.status(202).json({ sourceType, sourceId, deleted });
  });

  return router;
}
