import { randomUUID } from 'node:crypto';
import type { FileMetadata } from '../../core/db/models/file-metadata';
import type { Models } from '../../core/db/sequelize';
import type { AiStatus, FileState } from '../../core/file-states';

export interface RowSpec {
  workspaceId: string;
  sourceType?: string;
  status?: FileState;
  aiStatus?: AiStatus;
  aiPipelineVersion?: string | null;
  aiStatusReason?: string | null;
  deletedAt?: Date | null;
  filename?: string;
  contentType?: string;
  storageKey?: string;
  sizeBytes?: number;
  /** Legacy rows name a workflow that never existed under this service. */
  workflowId?: string;
}

/** Inserts a file_metadata row the way an older system would have left it. */
export async function insertFileRow(models: Pick<Models, 'FileMetadata'>, spec: RowSpec) {
  const id = randomUUID();
  const sourceType = spec.sourceType ?? 'drive_file';
  const filename = spec.filename ?? 'notes.txt';
  const row: FileMetadata = await models.FileMetadata.create({
    id,
    workspaceId: spec.workspaceId,
    sourceType,
    sourceId: 'src-1',
    storageKey: spec.storageKey ?? `${spec.workspaceId}/${sourceType}/src-1/${id}-${filename}`,
    filename,
    contentType: spec.contentType ?? 'text/plain',
    declaredSizeBytes: spec.sizeBytes ?? 11,
    sizeBytes: spec.sizeBytes ?? 11,
    uploadedById: 'user-1',
    status: spec.status ?? 'ready',
    aiStatus: spec.aiStatus ?? 'not_requested',
    aiPipelineVersion: spec.aiPipelineVersion ?? null,
    aiStatusReason: spec.aiStatusReason ?? null,
    workflowId: spec.workflowId ?? `legacy-meta-${id}`,
    readyAt: new Date(),
    deletedAt: spec.deletedAt ?? null,
  });
  return row;
}
