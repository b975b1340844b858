import { Op, type WhereOptions } from 'sequelize';
import type { FileMetadata } from '../../core/db/models/file-metadata';
import { getSourcePolicy, knownSourceTypes } from '../../core/source-policies';

/** Source types whose policy asks for AI metadata; the others are never backfilled. */
export function aiSourceTypes(): string[] {
  return knownSourceTypes().filter((type) => getSourcePolicy(type)?.aiMetadata === true);
}

/**
 * The one definition of "this file needs indexing", used both to list files and to re-check a
 * file just before it is dispatched: ready, not deleted, its source type wants AI metadata, and
 * either never indexed, or indexed (or failed) under another pipeline version than the current
 * one. "Another", not "older": a rolled-back pipeline re-indexes too, which is what an operator
 * rolling back wants. Files pending or running are in the hands of their workflow already.
 */
export function needsIndexingWhere(pipelineVersion: string): WhereOptions<FileMetadata> {
  return {
    status: 'ready',
    deletedAt: null,
    sourceType: { [Op.in]: aiSourceTypes() },
    [Op.or]: [
      { aiStatus: 'not_requested' },
      {
        aiStatus: { [Op.in]: ['done', 'failed'] },
        aiPipelineVersion: { [Op.or]: [{ [Op.is]: null }, { [Op.ne]: pipelineVersion }] },
      },
    ],
  };
}
