import type { FileMetadata } from '../core/db/models/file-metadata';
import type { FileWorkflowStatus } from '../workflows/file-lifecycle/definitions';

/**
 * How a file looks to API callers. The row is the record; when the workflow's status query
 * answered, its state is fresher (it moves before the row is written) and wins.
 */
export function fileView(row: FileMetadata, live?: FileWorkflowStatus) {
  const reason = live?.reason ?? (row.statusReason ? { message: row.statusReason } : null);
  const aiReason = live?.aiReason ?? (row.aiStatusReason ? { message: row.aiStatusReason } : null);
  const ai = row.aiMetadata;
  return {
    fileId: row.id,
    workspaceId: row.workspaceId,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    key: row.storageKey,
    filename: row.filename,
    contentType: row.contentType,
    detectedContentType: live?.detectedContentType ?? row.detectedContentType,
    declaredSizeBytes: row.declaredSizeBytes,
    sizeBytes: live?.sizeBytes ?? row.sizeBytes,
    status: live?.state ?? row.status,
    reason,
    ai: {
      status: live?.aiStatus ?? row.aiStatus,
      reason: aiReason,
      summary: ai?.summary ?? null,
      tags: ai?.tags ?? [],
      categories: ai?.categories ?? [],
      language: ai?.language ?? null,
    },
    uploadedById: row.uploadedById,
    workflowId: row.workflowId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? live?.readyAt ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
