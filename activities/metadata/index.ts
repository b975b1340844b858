import type { MetadataActivityDeps } from './deps';
import { describeFile } from './describe-file';
import { createFileTransitions } from './file-transitions';
import { markFileReady } from './mark-ready';
import { reserveFile } from './reserve-file';

export type { MetadataActivityDeps } from './deps';
export type { FileFacts } from './describe-file';
export type { ReasonInput } from './file-transitions';
export type { MarkReadyInput, MarkReadyResult } from './mark-ready';
export type { ReserveFileInput, ReserveFileResult } from './reserve-file';

/** The file workflow's activities that read and write the FileMetadata row. */
export function createMetadataActivities(deps: MetadataActivityDeps) {
  return {
    reserveFile: reserveFile(deps),
    markFileReady: markFileReady(deps),
    describeFile: describeFile(deps),
    ...createFileTransitions(deps),
  };
}

export type MetadataActivities = ReturnType<typeof createMetadataActivities>;
