import { Op, type WhereOptions } from 'sequelize';
import type { FileMetadata } from '../../core/db/models/file-metadata';
import { getSourcePolicy, knownSourceTypes } from '../../core/source-policies';
import type { RefusalCode } from '../analysis/failures';

/** Source types whose policy asks for AI metadata; the others are never backfilled. */
export function aiSourceTypes(): string[] {
  return knownSourceTypes().filter((type) => getSourcePolicy(type)?.aiMetadata === true);
}

/**
 * Reasons the pipeline gives for a file it can never index (stored as "CODE: message"). A record
 * over every code, so that a code added to the pipeline fails to compile here until it is
 * listed: a refusal missing from this list would be retried by every backfill.
 */
const REFUSALS: Record<RefusalCode, true> = {
  ENCRYPTED_DOCUMENT: true,
  ARCHIVE_BOMB: true,
  CORRUPT_FILE: true,
  UNSUPPORTED_CONTENT: true,
  NO_TEXT_FOUND: true,
  ANALYSIS_INPUT_TOO_LARGE: true,
};

/**
 * The one definition of "this file needs indexing", used both to list files and to re-check a
 * file just before it is dispatched: ready, not deleted, its source type wants AI metadata, and
 * - never indexed; or
 * - indexed, or refused, under another pipeline version than the current one ("another", not
 *   "older": rolling a pipeline back re-indexes too, which is what that operator wants); or
 * - failed for a reason that may pass on another try (its retries ran out, its worker died).
 * Files pending or running are in the hands of their workflow already.
 */
export function needsIndexingWhere(pipelineVersion: string): WhereOptions<FileMetadata> {
  const refused = Object.keys(REFUSALS).map((code) => ({
    aiStatusReason: { [Op.notLike]: `${code}:%` },
  }));
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
      {
        aiStatus: 'failed',
        [Op.or]: [{ aiStatusReason: { [Op.is]: null } }, { [Op.and]: refused }],
      },
    ],
  };
}
