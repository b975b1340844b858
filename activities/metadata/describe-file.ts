import type { AiStatus, FileState } from '../../core/file-states';
import { getSourcePolicy } from '../../core/source-policies';
import { activityLog, type FileIds } from '../activity-log';
import type { MetadataActivityDeps } from './deps';

export interface FileFacts {
  state: FileState;
  sizeBytes?: number;
  detectedContentType?: string;
  aiStatus: AiStatus;
  readyAt?: string;
  deletedAt?: string;
  /** Whether the source type's policy wants AI metadata for its files. */
  aiRequested: boolean;
}

/**
 * What the row says about a file that a workflow adopts (one uploaded before file workflows
 * existed), so that the workflow starts from the truth rather than from assumptions.
 */
export function describeFile(deps: MetadataActivityDeps) {
  return async (input: FileIds): Promise<FileFacts | undefined> => {
    const row = await deps.db.models.FileMetadata.findByPk(input.fileId);
    activityLog(deps.logger, input).debug({ found: row !== null }, 'file described');
    if (!row) return undefined;

    return {
      state: row.status,
      sizeBytes: row.sizeBytes ?? undefined,
      detectedContentType: row.detectedContentType ?? undefined,
      aiStatus: row.aiStatus,
      readyAt: row.readyAt?.toISOString(),
      deletedAt: row.deletedAt?.toISOString(),
      aiRequested: getSourcePolicy(row.sourceType)?.aiMetadata ?? false,
    };
  };
}
