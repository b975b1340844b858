import { WorkflowNotFoundError } from '@temporalio/client';
import { statusQuery, type FileWorkflowStatus } from '../workflows/file-lifecycle/definitions';
import type { Logger } from '../core/logger';
import type { ApiDeps } from './app';

/**
 * The file workflow's own view of the file, or undefined when it cannot be had right now (no
 * worker is polling, Temporal is slow, or the history is gone after its retention period). A
 * status read never holds a request for long (TEMPORAL_QUERY_TIMEOUT_MS): the row answers when
 * Temporal cannot.
 */
export async function queryFileStatus(
  deps: ApiDeps,
  workflowId: string,
  log: Logger,
): Promise<FileWorkflowStatus | undefined> {
  try {
    return await deps.temporal.withDeadline(Date.now() + deps.config.temporal.queryTimeoutMs, () =>
      deps.temporal.workflow.getHandle(workflowId).query(statusQuery),
    );
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) {
      log.warn({ err: error, workflowId }, 'file status query failed');
    }
    return undefined;
  }
}
