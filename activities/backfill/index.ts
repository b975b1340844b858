import { awaitFileIndexed } from './await-indexed';
import type { BackfillActivities } from './contract';
import { dispatchFileReindex, type DispatchDeps } from './dispatch-reindex';
import {
  countFilesNeedingIndex,
  listFilesNeedingIndex,
  listWorkspacesNeedingIndex,
} from './list-files';

export type { BackfillActivities } from './contract';
export type BackfillActivityDeps = DispatchDeps;

/** The backfill's activities, run by the uploads worker (they only read rows and signal). */
export function createBackfillActivities(deps: BackfillActivityDeps): BackfillActivities {
  return {
    listFilesNeedingIndex: listFilesNeedingIndex(deps),
    countFilesNeedingIndex: countFilesNeedingIndex(deps),
    listWorkspacesNeedingIndex: listWorkspacesNeedingIndex(deps),
    dispatchFileReindex: dispatchFileReindex(deps),
    awaitFileIndexed: awaitFileIndexed(deps),
  };
}
