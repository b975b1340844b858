import { workspaceQuotaBytes } from '../../core/workspace-quota';
import type { FileDescription } from '../../workflows/file-lifecycle/definitions';
import { activityLog, currentWorkflowId, type FileIds } from '../activity-log';
import type { MetadataActivityDeps } from './deps';
import { lockWorkspaceQuota, usedBytes } from './workspace-usage';

/** What the row is created from: the file workflow's own input. */
export type ReserveFileInput = FileIds & FileDescription;

export type ReserveFileResult =
  | { accepted: true }
  | { accepted: false; reason: { code: 'QUOTA_EXCEEDED' | 'CONFLICT'; message: string } };

/**
 * Writes the file's row (awaiting_upload, with its declared size) if the workspace's quota can
 * hold it, deciding under the workspace's quota lock so that concurrent reservations are
 * counted one after the other. A retry after a committed attempt finds its own row and accepts
 * again; a row in any other state means the id was used before, and is refused.
 */
export function reserveFile(deps: MetadataActivityDeps) {
  const { sequelize, models } = deps.db;
  return async (input: ReserveFileInput): Promise<ReserveFileResult> => {
    const log = activityLog(deps.logger, input);
    const declared = input.declaredSizeBytes ?? 0;
    const limitBytes = workspaceQuotaBytes(deps.limits, input.workspaceId);

    const result = await sequelize.transaction(async (transaction): Promise<ReserveFileResult> => {
      await lockWorkspaceQuota(sequelize, input.workspaceId, transaction);

      const existing = await models.FileMetadata.findByPk(input.fileId, { transaction });
      if (existing) {
        if (existing.status === 'awaiting_upload' && existing.deletedAt === null) {
          return { accepted: true };
        }
        const message = `File ${input.fileId} was registered before and is ${existing.status}.`;
        return { accepted: false, reason: { code: 'CONFLICT', message } };
      }

      const used = await usedBytes(sequelize, input.workspaceId, transaction);
      if (used + declared > limitBytes) {
        const message =
          `The workspace uses ${used} of its ${limitBytes} bytes; ` +
          `a file of ${declared} bytes does not fit.`;
        return { accepted: false, reason: { code: 'QUOTA_EXCEEDED', message } };
      }

      await models.FileMetadata.create(
        {
          id: input.fileId,
          workspaceId: input.workspaceId,
          sourceType: input.sourceType,
          sourceId: input.sourceId,
          storageKey: input.storageKey,
          filename: input.filename,
          contentType: input.contentType,
          declaredSizeBytes: input.declaredSizeBytes ?? null,
          uploadedById: input.uploadedById ?? null,
          status: 'awaiting_upload',
          workflowId: currentWorkflowId() ?? `file-${input.fileId}`,
        },
        { transaction },
      );
      return { accepted: true };
    });

    const code = result.accepted ? undefined : result.reason.code;
    log.info(
      { accepted: result.accepted, code, declaredSizeBytes: declared, limitBytes },
      'file reservation decided',
    );
    return result;
  };
}
