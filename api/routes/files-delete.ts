import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Router } from 'express';
import type { FileMetadata } from '../../core/db/models/file-metadata';
import type { Logger } from '../../core/logger';
import {
  deleteSignal,
  deletionAppliedUpdate,
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
} from '../../workflows/file-lifecycle/definitions';
import { parentSearchAttributes } from '../../workflows/file-lifecycle/search-attributes';
import {
  SOURCE_DELETION_WORKFLOW_TYPE,
  sourceDeletionWorkflowId,
  sourceHiddenUpdate,
  type SourceDeletionInput,
} from '../../workflows/source-deletion/definitions';
import { principalOf } from '../middleware/auth';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { findFile } from '../file-lookup';
import { adoptedFileStartOptions } from '../file-workflow-input';
import { fromTemporalError } from '../temporal-errors';
import { policyForSourceType } from '../upload-policy';
import { parentParams } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';

/**
 * DELETE /files/:fileId and DELETE /sources/:sourceType/:sourceId/files. Each hands the delete
 * to a workflow durably, then waits (briefly) until the rows are hidden, so a listing right
 * after the answer no longer shows the files. Objects go after the retention delay; the caller
 * never waits for storage. Repeating a delete changes nothing.
 */
export function deleteRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const call = <T>(fn: () => Promise<T>) =>
    deps.temporal
      .withDeadline(Date.now() + deps.config.temporal.callTimeoutMs, fn)
      .catch((error: unknown) => {
        throw fromTemporalError(error);
      });

  /**
   * Signal-with-start, so that the delete reaches a running workflow whatever became of the
   * file: a running workflow just gets the signal; a file whose workflow has ended (rejected,
   * abandoned) gets a new run of the same id, adopted from its row, with the delete as its
   * first signal.
   */
  const requestDelete = async (row: FileMetadata, requestedBy: string) => {
    const start = adoptedFileStartOptions(deps.config, row);
    return call(() =>
      deps.temporal.workflow.signalWithStart(FILE_WORKFLOW_TYPE, {
        ...start,
        signal: deleteSignal,
        signalArgs: [{ requestedBy }],
      }),
    );
  };

  router.delete('/files/:fileId', async (req, res) => {
    const file = await findFile(deps.db.models, workspaceIdOf(req), req.params.fileId, {
      includeDeleted: true,
    });
    const log = req.log.child({
      fileId: file.id,
      workspaceId: file.workspaceId,
      workflowId: fileWorkflowId(file.id),
    });

    const alreadyDeleted = file.deletedAt !== null;
    let deletedAt = file.deletedAt?.toISOString() ?? null;
    if (!alreadyDeleted) {
      const handle = await requestDelete(file, principalOf(res.locals).userId);
      deletedAt = (await waitHidden(deps, log, handle, deletionAppliedUpdate))?.deletedAt ?? null;
    }
    log.info({ alreadyDeleted, hidden: deletedAt !== null }, 'file delete requested');

    res.status(202).json({ fileId: file.id, status: 'deleted', deletedAt });
  });

  /**
   * One workflow per parent does the work: it hides every file of the parent in one
   * transaction, then tells each file's workflow. A second delete of the same parent while the
   * first runs joins it.
   */
  router.delete('/sources/:sourceType/:sourceId/files', async (req, res) => {
    const { sourceType, sourceId } = parseOrThrow(parentParams, req.params, 'path');
    policyForSourceType(sourceType);
    const input: SourceDeletionInput = {
      workspaceId: workspaceIdOf(req),
      sourceType,
      sourceId,
      requestedBy: principalOf(res.locals).userId,
    };
    const workflowId = sourceDeletionWorkflowId(input);

    const handle = await call(() =>
      deps.temporal.workflow.start(SOURCE_DELETION_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.config.temporal.taskQueues.uploads,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: parentSearchAttributes(input),
      }),
    );
    const log = req.log.child({ ...input, workflowId });
    const hidden = await waitHidden(deps, log, handle, sourceHiddenUpdate);
    log.info({ deleted: hidden?.deleted, hidden: hidden !== undefined }, 'parent delete requested');

    res.status(202).json({ sourceType, sourceId, workflowId, deleted: hidden?.deleted ?? null });
  });

  return router;
}

/**
 * Waits for a workflow's answer that the rows are hidden. No answer in time (no worker polling,
 * a database outage) is not a failure: the delete is on its way, and `undefined` says so.
 */
async function waitHidden<T>(
  deps: Pick<ApiDeps, 'temporal' | 'config'>,
  log: Logger,
  handle: WorkflowHandle,
  update: UpdateDefinition<T, []>,
): Promise<T | undefined> {
  try {
    return await deps.temporal.withDeadline(
      Date.now() + deps.config.temporal.deleteHiddenWaitMs,
      () => handle.executeUpdate(update),
    );
  } catch (error) {
    log.warn({ err: error }, 'delete accepted, rows not yet hidden');
    return undefined;
  }
}
