import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** Which live rows a soft delete takes: one file, or every file of one parent. */
export type SoftDeleteTarget =
  { fileId: string } | { workspaceId: string; sourceType: string; sourceId: string };

export interface SoftDeletedRow {
  id: string;
  deletedAt: Date;
  /** deleted_at as PostgreSQL prints it, to the microsecond a Date cannot hold. */
  deletedAtText: string;
}

/**
 * Hides files at once and forgets what was read out of them, in one transaction: the rows are
 * marked deleted (a repeated delete keeps the first time), and their chunk texts, embeddings and
 * summaries go with them. Only the object waits for the retention delay; a deleted file's words
 * must not stay in the database for as long.
 */
export async function softDeleteRows(
  sequelize: Sequelize,
  target: SoftDeleteTarget,
): Promise<SoftDeletedRow[]> {
  return sequelize.transaction(async (transaction) => {
    const rows = await markDeleted(sequelize, target, transaction);
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return [];

    for (const table of ['file_embeddings', 'analysis_staged_chunks']) {
      await sequelize.query(`delete from ${table} where file_id = any($1::uuid[])`, {
        bind: [ids],
        transaction,
      });
    }
    return rows.map((row) => ({
      id: row.id,
      deletedAt: row.deleted_at,
      deletedAtText: row.deleted_at_text,
    }));
  });
}

async function markDeleted(
  sequelize: Sequelize,
  target: SoftDeleteTarget,
  transaction: Transaction,
): Promise<{ id: string; deleted_at: Date; deleted_at_text: string }[]> {
  const byFile = 'fileId' in target;
  // A parent's delete takes only its live rows, so that one deleted earlier keeps its time.
  const where = byFile
    ? 'id = $1'
    : 'workspace_id = $1 and source_type = $2 and source_id = $3 and deleted_at is null';
  const bind = byFile ? [target.fileId] : [target.workspaceId, target.sourceType, target.sourceId];
  return sequelize.query(
    `update file_metadata
        set deleted_at = coalesce(deleted_at, now()), status = 'deleted',
            ai_metadata = null, updated_at = now()
      where ${where}
     returning id, deleted_at, deleted_at::text as deleted_at_text`,
    { type: QueryTypes.SELECT, bind, transaction },
  );
}
