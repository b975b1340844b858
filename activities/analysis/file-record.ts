import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AiMetadata } from '../../core/db/models/file-metadata';
import type { RunIdentity } from './staged-chunks';

interface LockedRow {
  workspace_id: string;
  deleted_at: Date | null;
  ai_status: string;
  ai_pipeline_version: string | null;
  indexed_sha256: string | null;
}

export type PublishResult = 'done' | 'deleted' | 'already-current';

/**
 * The file's row as the pipeline sees it. Status changes are single statements committed as
 * they happen, so a failure later in the run can never roll back what the user was shown; only
 * the final publication is a transaction, because embeddings and "done" must appear together.
 */
export function createFileRecord(sequelize: Sequelize) {
  const lock = (fileId: string, transaction: Transaction) =>
    sequelize.query<LockedRow>(
      `select workspace_id, deleted_at, ai_status, ai_pipeline_version,
              ai_metadata ->> 'contentSha256' as indexed_sha256
         from file_metadata where id = $1 for update`,
      { bind: [fileId], type: QueryTypes.SELECT, transaction },
    );

  const clearAnalysis = async (fileId: string, transaction: Transaction) => {
    await sequelize.query('delete from file_embeddings where file_id = $1', {
      bind: [fileId],
      transaction,
    });
    await sequelize.query('delete from analysis_staged_chunks where file_id = $1', {
      bind: [fileId],
      transaction,
    });
  };

  return {
    async markRunning(fileId: string): Promise<void> {
      await sequelize.query(
        `update file_metadata set ai_status = 'running', ai_status_reason = null,
                updated_at = now()
          where id = $1 and deleted_at is null`,
        { bind: [fileId] },
      );
    },

    /** A refusal: the reason is shown, and nothing of this file stays searchable. */
    async markFailed(fileId: string, reason: string, pipelineVersion: string): Promise<void> {
      await sequelize.transaction(async (transaction) => {
        await clearAnalysis(fileId, transaction);
        await sequelize.query(
          `update file_metadata set ai_status = 'failed', ai_status_reason = $2,
                  ai_pipeline_version = $3, ai_metadata = null, updated_at = now()
            where id = $1 and deleted_at is null`,
          { bind: [fileId, reason, pipelineVersion], transaction },
        );
      });
    },

    /** A file deleted during its run: no embeddings, no staged chunks, no summary remain. */
    async forgetDeleted(fileId: string): Promise<void> {
      await sequelize.transaction(async (transaction) => {
        await clearAnalysis(fileId, transaction);
        await sequelize.query(
          `update file_metadata set ai_metadata = null,
                  ai_status = case when ai_status = 'running' then 'failed' else ai_status end,
                  ai_status_reason = 'The file was deleted during its analysis.'
            where id = $1`,
          { bind: [fileId], transaction },
        );
      });
    },

    /**
     * Moves the staged embeddings into file_embeddings, replacing every earlier one of the file,
     * and records the summary, in one transaction. The row lock orders it against a concurrent
     * run of the same file and against the soft delete, which is checked once more here.
     */
    async publish(
      fileId: string,
      identity: RunIdentity,
      chunkCount: number,
      metadata: AiMetadata,
      /** Shown as the AI status reason of a done file (a truncated text). */
      note?: string,
    ): Promise<PublishResult> {
      return sequelize.transaction(async (transaction) => {
        const [row] = await lock(fileId, transaction);
        if (!row || row.deleted_at) {
          await clearAnalysis(fileId, transaction);
          return 'deleted';
        }
        const current =
          row.ai_status === 'done' &&
          row.ai_pipeline_version === identity.pipelineVersion &&
          (row.indexed_sha256 ?? undefined) === identity.contentSha256;
        if (current) {
          await sequelize.query('delete from analysis_staged_chunks where file_id = $1', {
            bind: [fileId],
            transaction,
          });
          return 'already-current';
        }

        await sequelize.query('delete from file_embeddings where file_id = $1', {
          bind: [fileId],
          transaction,
        });
        const [moved] = await sequelize.query<{ count: string }>(
          `with moved as (
             insert into file_embeddings (file_id, workspace_id, chunk_index, page, section,
                                          content, embedding, model, content_sha256)
             select file_id, $2, chunk_index, page, section, content, embedding, model,
                    content_sha256
               from analysis_staged_chunks
              where file_id = $1 and embedding is not null and pipeline_version = $3
             returning 1)
           select count(*) as count from moved`,
          {
            bind: [fileId, row.workspace_id, identity.pipelineVersion],
            type: QueryTypes.SELECT,
            transaction,
          },
        );
        if (Number(moved?.count) !== chunkCount) {
          throw new Error(`staged ${moved?.count} embeddings of ${chunkCount}; run again`);
        }
        await sequelize.query('delete from analysis_staged_chunks where file_id = $1', {
          bind: [fileId],
          transaction,
        });
        await sequelize.query(
          `update file_metadata set ai_status = 'done', ai_status_reason = $5,
                  ai_metadata = $2::jsonb, ai_pipeline_version = $3,
                  content_sha256 = coalesce(content_sha256, $4), updated_at = now()
            where id = $1`,
          {
            bind: [
              fileId,
              JSON.stringify(metadata),
              identity.pipelineVersion,
              identity.contentSha256 ?? null,
              note ?? null,
            ],
            transaction,
          },
        );
        return 'done';
      });
    },
  };
}

export type FileRecord = ReturnType<typeof createFileRecord>;
