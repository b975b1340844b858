import type { WorkflowStartOptions } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Config } from '../core/config';
import type { SearchAttributeName } from '../temporal-config/search-attributes';
import { fileWorkflowId, type FileWorkflowInput } from '../workflows/file-lifecycle/definitions';
import { fileWorkflowSettings } from '../workflows/file-lifecycle/settings';

/** The workflow type the uploads worker registers; named here so the API never loads its code. */
export const FILE_WORKFLOW_TYPE = 'fileLifecycleWorkflow';

const keyword = (name: SearchAttributeName) =>
  defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);

const WORKSPACE_ID = keyword('WorkspaceId');
const SOURCE_TYPE = keyword('SourceType');
const SOURCE_ID = keyword('SourceId');
const FILE_STATUS = keyword('FileStatus');

/** What the API knows about an upload when it asks for one; the rest comes from settings. */
export interface NewFile {
  fileId: string;
  workspaceId: string;
  sourceType: string;
  sourceId: string;
  storageKey: string;
  filename: string;
  contentType: string;
  declaredSizeBytes?: number;
  uploadedById: string;
  uploadExpiresAt: Date;
  uploadMethod: FileWorkflowInput['uploadMethod'];
}

/**
 * The one place the file workflow's input is built. Fields added to FileWorkflowInput (they are
 * optional so that running workflows keep replaying) are filled in here and nowhere else.
 */
export function buildFileWorkflowInput(config: Config, file: NewFile): FileWorkflowInput {
  return {
    fileId: file.fileId,
    workspaceId: file.workspaceId,
    sourceType: file.sourceType,
    sourceId: file.sourceId,
    storageKey: file.storageKey,
    filename: file.filename,
    contentType: file.contentType,
    declaredSizeBytes: file.declaredSizeBytes,
    uploadedById: file.uploadedById,
    uploadExpiresAt: file.uploadExpiresAt.toISOString(),
    uploadMethod: file.uploadMethod,
    settings: fileWorkflowSettings(config),
  };
}

/**
 * Start options of a file's workflow. The search attributes are set at start so that operators
 * can find the file in the Temporal UI from its first moment; the workflow keeps FileStatus
 * current afterwards.
 */
export function fileWorkflowStartOptions(
  config: Config,
  file: NewFile,
): WorkflowStartOptions & { workflowId: string; taskQueue: string } {
  return {
    workflowId: fileWorkflowId(file.fileId),
    taskQueue: config.temporal.taskQueues.uploads,
    args: [buildFileWorkflowInput(config, file)],
    typedSearchAttributes: [
      { key: WORKSPACE_ID, value: file.workspaceId },
      { key: SOURCE_TYPE, value: file.sourceType },
      { key: SOURCE_ID, value: file.sourceId },
      { key: FILE_STATUS, value: 'awaiting_upload' },
    ],
  };
}
