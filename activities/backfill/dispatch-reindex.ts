import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Models } from '../../core/db/sequelize';
import type { Logger } from '../../core/logger';
import { fileWorkflowId, reindexSignal } from '../../workflows/file-lifecycle/definitions';
import { signalFileWorkflow, type FileWorkflowClient } from '../file-workflow-client';
import type { DispatchOutcome, DispatchReindexInput } from './contract';
import { needsIndexingWhere } from './needs-indexing';

export interface DispatchDeps extends FileWorkflowClient {
  models: Pick<Models, 'FileMetadata'>;
  pipelineVersion: string;
  logger: Logger;
}

/**
 * Tells one file's workflow to reindex, starting one for a legacy upload that has none (see
 * signalFileWorkflow). A retry after a lost answer sends a second reindex at worst, which the
 * pipeline recognises and skips.
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
    // The row was listed because its source type's policy wants AI metadata now.
    await signalFileWorkflow(deps, row, reindexSignal, { reason, aiRequested: true });
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
