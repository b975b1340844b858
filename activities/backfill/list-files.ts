import { Op } from 'sequelize';
import type { Models } from '../../core/db/sequelize';
import type { ListFilesInput, ListWorkspacesInput } from './contract';
import { needsIndexingWhere } from './needs-indexing';

export interface ListingDeps {
  models: Pick<Models, 'FileMetadata'>;
  pipelineVersion: string;
}

/**
 * Keyset pages in id order: a page costs the same at file 100,000 as at file 1, and files that
 * change state while the backfill runs never shift the pages after them.
 */
export function listFilesNeedingIndex(deps: ListingDeps) {
  return async ({ workspaceId, after, limit }: ListFilesInput): Promise<string[]> => {
    const rows = await deps.models.FileMetadata.findAll({
      attributes: ['id'],
      where: {
        ...needsIndexingWhere(deps.pipelineVersion),
        workspaceId,
        ...(after !== undefined && { id: { [Op.gt]: after } }),
      },
      order: [['id', 'ASC']],
      limit,
      raw: true,
    });
    return rows.map((row) => row.id);
  };
}

export function countFilesNeedingIndex(deps: ListingDeps) {
  return async ({ workspaceId }: { workspaceId: string }): Promise<number> =>
    deps.models.FileMetadata.count({
      where: { ...needsIndexingWhere(deps.pipelineVersion), workspaceId },
    });
}

export function listWorkspacesNeedingIndex(deps: ListingDeps) {
  return async ({ after, limit }: ListWorkspacesInput): Promise<string[]> => {
    const rows = await deps.models.FileMetadata.findAll({
      attributes: ['workspaceId'],
      where: {
        ...needsIndexingWhere(deps.pipelineVersion),
        ...(after !== undefined && { workspaceId: { [Op.gt]: after } }),
      },
      group: ['workspaceId'],
      order: [['workspaceId', 'ASC']],
      limit,
      raw: true,
    });
    return rows.map((row) => row.workspaceId);
  };
}
