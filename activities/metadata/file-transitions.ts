import { Op } from 'sequelize';
import { activityLog, type FileIds } from '../activity-log';
import type { MetadataActivityDeps } from './deps';
import { softDeleteRows } from './soft-delete';

export interface ReasonInput extends FileIds {
  code: string;
  message: string;
}

/**
 * Row reasons read `CODE: sentence`: the code stays machine-readable after the workflow's
 * history is gone, and the sentence is what a person sees.
 */
export const formatReason = (input: { code: string; message: string }) =>
  `${input.code}: ${input.message}`;

/**
 * The row's side of the workflow's state changes. Each update names the states it may leave, so
 * a retried or late activity never moves a row backwards (a soft-deleted row stays deleted).
 */
export function createFileTransitions(deps: MetadataActivityDeps) {
  const { FileMetadata } = deps.db.models;
  const live = (fileId: string, from: string[]) => ({
    where: { id: fileId, deletedAt: null, status: { [Op.in]: from } },
  });

  return {
    async markFileVerifying(input: FileIds): Promise<void> {
      const [count] = await FileMetadata.update(
        { status: 'verifying' },
        live(input.fileId, ['awaiting_upload']),
      );
      activityLog(deps.logger, input).info({ changed: count > 0 }, 'file marked verifying');
    },

    /** Also from ready: an object replaced after its verification is rejected then. */
    async markFileRejected(input: ReasonInput): Promise<void> {
      const [count] = await FileMetadata.update(
        { status: 'rejected', statusReason: formatReason(input) },
        live(input.fileId, ['awaiting_upload', 'verifying', 'ready']),
      );
      activityLog(deps.logger, input).info(
        { changed: count > 0, code: input.code },
        'file marked rejected',
      );
    },

    async markFileAbandoned(input: ReasonInput): Promise<void> {
      const [count] = await FileMetadata.update(
        { status: 'abandoned', statusReason: formatReason(input) },
        live(input.fileId, ['awaiting_upload']),
      );
      activityLog(deps.logger, input).info({ changed: count > 0 }, 'file marked abandoned');
    },

    /** For an extraction that ended without writing its own outcome (its retries ran out). */
    async markAiFailed(input: ReasonInput): Promise<void> {
      const [count] = await FileMetadata.update(
        { aiStatus: 'failed', aiStatusReason: formatReason(input) },
        { where: { id: input.fileId, aiStatus: { [Op.in]: ['pending', 'running'] } } },
      );
      activityLog(deps.logger, input).info(
        { changed: count > 0, code: input.code },
        'file AI status marked failed',
      );
    },

    /**
     * Soft-deletes the row (readers stop seeing the file at once) and removes what was read out
     * of it. The first deletion time is kept when it is repeated. Answers when the row was
     * deleted (undefined if there is no row).
     */
    async softDeleteFile(input: FileIds): Promise<string | undefined> {
      const [row] = await softDeleteRows(deps.db.sequelize, { fileId: input.fileId });
      const deletedAt = row?.deletedAt.toISOString();
      activityLog(deps.logger, input).info({ found: deletedAt !== undefined }, 'file soft-deleted');
      return deletedAt;
    },
  };
}
