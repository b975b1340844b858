import type { FileMetadata } from '../core/db/models/file-metadata';
import type { AiStatus, FileState } from '../core/file-states';
import { getSourcePolicy } from '../core/source-policies';
import type { FileWorkflowStatus } from '../workflows/file-lifecycle/definitions';

/**
 * How a file looks to API callers. The row is the record; when the workflow's status query
 * answered, its state is fresher (it moves before the row is written) and wins.
 */
export function fileView(row: FileMetadata, live?: FileWorkflowStatus) {
  const status = live?.state ?? row.status;
  const reason = live?.reason ?? parseReason(row.statusReason);
  const aiReason = live?.aiReason ?? parseReason(row.aiStatusReason);
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
    status,
    reason,
    ai: {
      status: aiStatusShown(row.sourceType, status, live?.aiStatus ?? row.aiStatus),
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

/** Rows keep a reason as "CODE: sentence" (activities/metadata/file-transitions.ts). */
function parseReason(stored: string | null): { code?: string; message: string } | null {
  if (!stored) return null;
  const match = /^([A-Z][A-Z0-9_]*): (.*)$/s.exec(stored);
  return match ? { code: match[1], message: match[2]! } : { message: stored };
}

/** States in which a file may still become ready, and get its AI metadata then. */
const BEFORE_READY: readonly FileState[] = ['awaiting_upload', 'verifying'];

/**
 * Neither the workflow nor the row records an AI status before the file is ready (the policy is
 * read when it is verified); until then the policy says what will happen, so a file whose source
 * type wants AI metadata shows it pending rather than not requested.
 */
function aiStatusShown(sourceType: string, state: FileState, recorded: AiStatus): AiStatus {
  const wanted = getSourcePolicy(sourceType)?.aiMetadata === true;
  return recorded === 'not_requested' && wanted && BEFORE_READY.includes(state)
    ? 'pending'
    : recorded;
}
