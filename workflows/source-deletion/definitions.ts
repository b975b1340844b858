import { defineUpdate } from '@temporalio/workflow';

/**
 * The public contract of a parent's deletion: the workflow that deletes every file of one
 * (source_type, source_id). The API starts it and waits on `sourceHidden`; running workflows
 * carry these shapes, so fields are only ever added (optional), never renamed or removed.
 */

export const SOURCE_DELETION_WORKFLOW_TYPE = 'deleteSourceFilesWorkflow';

export interface SourceRef {
  workspaceId: string;
  sourceType: string;
  sourceId: string;
}

/**
 * One id per parent, so that a repeated delete joins the one still running. The parts are
 * encoded: workspace and source ids are free text, and `:` cannot then appear inside them.
 */
export const sourceDeletionWorkflowId = (source: SourceRef) =>
  ['delete-source', source.workspaceId, source.sourceType, source.sourceId]
    .map(encodeURIComponent)
    .join(':');

export interface SourceDeletionInput extends SourceRef {
  requestedBy?: string;
}

/** The parent's rows as the soft delete left them. */
export interface SourceHidden {
  /** Live files of the parent that this deletion hid. */
  deleted: number;
  /**
   * Their deleted_at, exactly as PostgreSQL stores it (microseconds, as text): the rows one
   * delete hid share it, which is how the fan-out finds them again, and only them.
   */
  deletedAt?: string;
}

export interface SourceDeletionResult extends SourceHidden {
  /** Files whose workflow was told to delete (started for those whose workflow had ended). */
  signalled: number;
}

/** Answers once the parent's files are hidden; the API replies with it. */
export const sourceHiddenUpdate = defineUpdate<SourceHidden>('sourceHidden');
