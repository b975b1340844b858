import { ApplicationFailure } from '@temporalio/activity';
import { workspaceQuotaBytes } from '../../core/workspace-quota';
import { activityLog, type FileIds } from '../activity-log';
import type { MetadataActivityDeps } from './deps';
import { lockWorkspaceQuota, usedBytes } from './workspace-usage';

export interface MarkReadyInput extends FileIds {
  sizeBytes: number;
  detectedContentType: string;
  /** Whether AI metadata will be made: the row's AI status starts pending, else not_requested. */
  aiRequested: boolean;
}

export interface MarkReadyResult {
  /** `deleted`: the file was soft-deleted meanwhile and stays so. */
  outcome: 'ready' | 'deleted';
  readyAt?: string;
}

/**
 * Records a verified file as ready, with its real size and detected type, after checking that
 * the real size still fits the workspace's quota (the declared size was only a reservation, and
 * may have been absent). The check and the write happen under the workspace's quota lock. A
 * retry after a committed attempt finds the row ready and answers the same.
 */
export function markFileReady(deps: MetadataActivityDeps) {
  const { sequelize, models } = deps.db;
  return async (input: MarkReadyInput): Promise<MarkReadyResult> => {
    const log = activityLog(deps.logger, input);
    const limitBytes = workspaceQuotaBytes(deps.limits, input.workspaceId);

    const result = await sequelize.transaction(async (transaction): Promise<MarkReadyResult> => {
      await lockWorkspaceQuota(sequelize, input.workspaceId, transaction);

      // Locked so that a soft delete lands before or after this decision, never inside it.
      const row = await models.FileMetadata.findByPk(input.fileId, { transaction, lock: true });
      if (!row) {
        throw ApplicationFailure.create({
          type: 'NOT_FOUND',
          message: `File ${input.fileId} has no row to mark ready.`,
          nonRetryable: true,
        });
      }
      if (row.deletedAt !== null) return { outcome: 'deleted' };
      if (row.status === 'ready') return { outcome: 'ready', readyAt: row.readyAt?.toISOString() };

      const used = await usedBytes(sequelize, input.workspaceId, transaction, input.fileId);
      if (used + input.sizeBytes > limitBytes) {
        throw ApplicationFailure.create({
          type: 'QUOTA_EXCEEDED',
          message:
            `The workspace uses ${used} of its ${limitBytes} bytes; ` +
            `the uploaded ${input.sizeBytes} bytes do not fit.`,
          nonRetryable: true,
        });
      }

      const readyAt = new Date();
      await row.update(
        {
          status: 'ready',
          statusReason: null,
          sizeBytes: input.sizeBytes,
          detectedContentType: input.detectedContentType,
          aiStatus: input.aiRequested ? 'pending' : 'not_requested',
          readyAt,
        },
        { transaction },
      );
      return { outcome: 'ready', readyAt: readyAt.toISOString() };
    });

    log.info({ outcome: result.outcome, sizeBytes: input.sizeBytes }, 'file marked ready');
    return result;
  };
}
