import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Models } from '../../core/db/sequelize';
import type { Logger } from '../../core/logger';
import {
  FILE_WORKFLOW_TYPE,
  fileWorkflowId,
  reindexSignal,
  type FileWorkflowSettings,
} from '../../workflows/file-lifecycle/definitions';
import { adoptedFileInput, fileStartOptions } from '../../workflows/file-lifecycle/start-options';
import type { DispatchOutcome, DispatchReindexInput } from './contract';
import { needsIndexingWhere } from './needs-indexing';

export interface DispatchDeps {
  models: Pick<Models, 'FileMetadata'>;
  temporal: Client;
  /** The queue the file workflows run on. */
  uploadsTaskQueue: string;
  /** Settings an adopted file's workflow starts with (fileWorkflowSettings of the config). */
  fileSettings: FileWorkflowSettings;
  pipelineVersion: string;
  logger: Logger;
}

/**
 * Tells one file's workflow to reindex. Signal-with-start makes it one atomic step either way:
 * a running workflow gets the signal; a file without a running workflow (a legacy upload) gets
 * one started for it, adopted from its row, with the signal as its first event. A retry after a
 * lost answer sends a second reindex at worst, which the pipeline recognises and skips.
 */
export function dispatchFileReindex(deps: DispatchDeps) {
  return async ({
    workspaceId,
    fileId,
    reason,
  }: DispatchReindexInput): Promise<DispatchOutcome> => {
    const row = await deps.models.FileMetadata.findOne({
      where: { ...needsIndexingWhere(deps.pipelineVersion), id: fileId, workspaceId },
    });
    if (!row) {
      deps.logger.debug({ workspaceId, fileId }, 'backfill skipped a file that no longer needs it');
      return 'skipped';
    }

    const workflowId = fileWorkflowId(row.id);
    const wasRunning = await isRunning(deps.temporal, workflowId);
    const input = adoptedFileInput(row, deps.fileSettings);
    await deps.temporal.workflow.signalWithStart(FILE_WORKFLOW_TYPE, {
      ...fileStartOptions(input, deps.uploadsTaskQueue, row.status),
      signal: reindexSignal,
      signalArgs: [{ reason }],
    });
    if (row.workflowId !== workflowId) {
      // From now on the row names the workflow that owns the file, like every newer row does.
      await deps.models.FileMetadata.update({ workflowId }, { where: { id: row.id } });
    }

    const outcome = wasRunning ? 'signalled' : 'adopted';
    deps.logger.info({ workspaceId, fileId, workflowId, outcome }, 'backfill dispatched reindex');
    return outcome;
  };
}

/** Only tells `signalled` from `adopted` in the counts; the dispatch itself does not rely on it. */
async function isRunning(temporal: Client, workflowId: string): Promise<boolean> {
  try {
    const description = await temporal.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
