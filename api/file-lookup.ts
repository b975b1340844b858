import { notFound } from '../core/errors';
import type { FileMetadata } from '../core/db/models/file-metadata';
import type { Models } from '../core/db/sequelize';
import { isFileId } from './validation/file-requests';

/**
 * The row of a file the service issued in this workspace. A file of another workspace, an id
 * that was never issued, and (unless asked) a soft-deleted file all read as "not found", so
 * that nobody can learn which ids exist elsewhere.
 */
export async function findFile(
  models: Models,
  workspaceId: string,
  fileId: string,
  options: { includeDeleted?: boolean } = {},
): Promise<FileMetadata> {
  const row = isFileId(fileId)
    ? await models.FileMetadata.findOne({ where: { id: fileId, workspaceId } })
    : null;
  if (!row || (row.deletedAt !== null && !options.includeDeleted)) throw notFound('The file');
  return row;
}
