import type { FileMetadata } from '../../core/db/models/file-metadata';
import type {
  FileWorkflowInput,
  FileWorkflowSettings,
} from '../../workflows/file-lifecycle/definitions';

/**
 * The input of a workflow for a file that predates the file workflow. Its object and row exist
 * already, so `adopted` makes the workflow start in `ready` without waiting for an upload; the
 * upload fields are filled from the row only because the contract requires them.
 */
export function adoptedFileInput(
  row: FileMetadata,
  settings: FileWorkflowSettings,
): FileWorkflowInput {
  return {
    fileId: row.id,
    workspaceId: row.workspaceId,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    storageKey: row.storageKey,
    filename: row.filename,
    contentType: row.detectedContentType ?? row.contentType,
    declaredSizeBytes: row.declaredSizeBytes ?? row.sizeBytes ?? undefined,
    uploadedById: row.uploadedById ?? undefined,
    uploadExpiresAt: row.createdAt.toISOString(),
    uploadMethod: 'PUT',
    adopted: true,
    settings,
  };
}
