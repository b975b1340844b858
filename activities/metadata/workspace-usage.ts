import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { QUOTA_STATES } from '../../core/workspace-quota';

/**
 * Serialises every quota decision of one workspace until the transaction ends. Without it two
 * uploads checked at the same moment would each see the other's bytes missing and both fit.
 */
export async function lockWorkspaceQuota(
  sequelize: Sequelize,
  workspaceId: string,
  transaction: Transaction,
): Promise<void> {
  await sequelize.query('select pg_advisory_xact_lock(hashtextextended(:lockKey, 0))', {
    replacements: { lockKey: `workspace-quota:${workspaceId}` },
    transaction,
  });
}

/**
 * Bytes the workspace's live files hold or have reserved: the verified size once known, the
 * declared size while the upload is pending (the same measure as the usage endpoint).
 */
export async function usedBytes(
  sequelize: Sequelize,
  workspaceId: string,
  transaction: Transaction,
  exceptFileId?: string,
): Promise<number> {
  const [row] = await sequelize.query<{ used: string }>(
    `select coalesce(sum(coalesce(size_bytes, declared_size_bytes, 0)), 0) as used
       from file_metadata
      where workspace_id = :workspaceId and deleted_at is null and status in (:states)
        and id <> :exceptFileId`,
    {
      type: QueryTypes.SELECT,
      replacements: {
        workspaceId,
        states: QUOTA_STATES,
        exceptFileId: exceptFileId ?? '00000000-0000-0000-0000-000000000000',
      },
      transaction,
    },
  );
  return Number(row?.used ?? 0);
}
