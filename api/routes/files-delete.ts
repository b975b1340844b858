import { Router } from 'express';
import { Op } from 'sequelize';
import type { FileMetadata } from '../../core/db/models/file-metadata';
import {
  deleteSignal,
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
} from '../../workflows/file-lifecycle/definitions';
import { principalOf } from '../middleware/auth';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { findFile } from '../file-lookup';
import { adoptedFileStartOptions } from '../file-workflow-input';
import { fromTemporalError, TEMPORAL_CALL_TIMEOUT_MS } from '../temporal-errors';
import { policyForSourceType } from '../upload-policy';
import { parentParams } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';

/** Rows read per page when deleting a parent, and deletes in flight at once. */
const PARENT_PAGE_SIZE = 500;
const DELETES_IN_FLIGHT = 16;

/**
 * DELETE /files/:fileId and DELETE /sources/:sourceType/:sourceId/files. Both only tell the
 * file's workflow: it soft-deletes the row at once and removes the object after the retention
 * delay, so the caller never waits for storage. A file deleted before is left alone, so that
 * repeating a delete changes nothing.
 */
export function deleteRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });

  /**
   * Signal-with-start, so that the delete reaches a running workflow whatever became of the
   * file: a running workflow just gets the signal; a file whose workflow has ended (rejected,
   * abandoned) gets a new run of the same id, adopted from its row, with the delete as its
   * first signal.
   */
  const requestDelete = async (row: FileMetadata, requestedBy: string): Promise<void> => {
    const start = adoptedFileStartOptions(deps.config, row);
    await deps.temporal
      .withDeadline(Date.now() + TEMPORAL_CALL_TIMEOUT_MS, () =>
        deps.temporal.workflow.signalWithStart(FILE_WORKFLOW_TYPE, {
          ...start,
          signal: deleteSignal,
          signalArgs: [{ requestedBy }],
        }),
      )
      .catch((error: unknown) => {
        throw fromTemporalError(error);
      });
  };

  router.delete('/files/:fileId', async (req, res) => {
    const file = await findFile(deps.db.models, workspaceIdOf(req), req.params.fileId, {
      includeDeleted: true,
    });

    const alreadyDeleted = file.deletedAt !== null;
    if (!alreadyDeleted) await requestDelete(file, principalOf(res.locals).userId);
    deps.logger.info(
      {
        fileId: file.id,
        workspaceId: file.workspaceId,
        workflowId: fileWorkflowId(file.id),
        alreadyDeleted,
      },
      'file delete requested',
    );

    res.status(202).json({ fileId: file.id, status: 'deleted' });
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
      for (let i = 0; i < page.length; i += DELETES_IN_FLIGHT) {
        const batch = page.slice(i, i + DELETES_IN_FLIGHT);
        await Promise.all(batch.map((row) => requestDelete(row, requestedBy)));
        deleted += batch.length;
      }
      if (page.length < PARENT_PAGE_SIZE) break;
      after = page[page.length - 1]!.id;
    }
    deps.logger.info({ workspaceId, sourceType, sourceId, deleted }, 'parent delete requested');

    res.status(202).json({ sourceType, sourceId, deleted });
  });

  return router;
}
