import type { FileState } from '../../core/file-states';
import {
  fileWorkflowId,
  type FileDescription,
  type FileWorkflowInput,
  type FileWorkflowSettings,
} from './definitions';
import { fileSearchAttributes } from './search-attributes';

/**
 * How a file's workflow is started, for whoever starts one: the API for a new upload, and the
 * API's delete or the backfill for a file that has a row already. Pure, like definitions.ts:
 * starters import it without loading the workflow's code.
 */

/** A file about to get its workflow: what its upload request or its row says. */
export type FileToStart = FileDescription &
  Pick<FileWorkflowInput, 'fileId' | 'workspaceId' | 'uploadMethod'> & { uploadExpiresAt: Date };

/** The fields of a FileMetadata row that an adopted start is built from. */
export interface FileRow {
  id: string;
  workspaceId: string;
  sourceType: string;
  sourceId: string;
  storageKey: string;
  filename: string;
  contentType: string;
  detectedContentType: string | null;
  declaredSizeBytes: number | null;
  sizeBytes: number | null;
  uploadedById: string | null;
  status: FileState;
  createdAt: Date;
}

/**
 * The one place the file workflow's input is built. Fields added to FileWorkflowInput (they are
 * optional so that running workflows keep replaying) are filled in here and nowhere else.
 */
export function fileWorkflowInput(
  file: FileToStart,
  settings: FileWorkflowSettings,
): FileWorkflowInput {
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
    settings,
  };
}

/**
 * The input of a workflow for a file whose row exists already: `adopted` makes the workflow
 * start from what the row says (describeFile) instead of waiting for an upload. The upload
 * fields are filled from the row only because the contract requires them; the creation time
 * as the URL's expiry means that no wait counts from an upload URL.
 */
export function adoptedFileInput(row: FileRow, settings: FileWorkflowSettings): FileWorkflowInput {
  const file: FileToStart = {
    fileId: row.id,
    workspaceId: row.workspaceId,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    storageKey: row.storageKey,
    filename: row.filename,
    contentType: row.detectedContentType ?? row.contentType,
    declaredSizeBytes: row.declaredSizeBytes ?? row.sizeBytes ?? undefined,
    uploadedById: row.uploadedById ?? undefined,
    uploadExpiresAt: row.createdAt,
    uploadMethod: 'PUT',
  };
  return { ...fileWorkflowInput(file, settings), adopted: true };
}

/**
 * Start options of a file's workflow, its search attributes included so that operators find
 * the file in the Temporal UI from its first moment; the workflow keeps FileStatus current.
 */
export function fileStartOptions(input: FileWorkflowInput, taskQueue: string, status: FileState) {
  return {
    workflowId: fileWorkflowId(input.fileId),
    taskQueue,
    args: [input] as [FileWorkflowInput],
    typedSearchAttributes: fileSearchAttributes(input, status),
  };
}
