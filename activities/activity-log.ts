import { Context } from '@temporalio/activity';
import type { Logger } from '../core/logger';

/** The ids every log line of a file's activity carries. */
export interface FileIds {
  fileId: string;
  workspaceId: string;
}

/**
 * A child of the process logger that names the file, its workflow and the activity attempt, so
 * a line can be matched to the run an operator sees in the Temporal UI.
 */
export function activityLog(logger: Logger, ids: FileIds): Logger {
  const info = Context.current().info;
  return logger.child({
    fileId: ids.fileId,
    workspaceId: ids.workspaceId,
    workflowId: currentWorkflowId(),
    activity: info.activityType,
    attempt: info.attempt,
  });
}

/** The id of the workflow that scheduled the running activity. */
export function currentWorkflowId(): string | undefined {
  return Context.current().info.workflowExecution?.workflowId;
}
