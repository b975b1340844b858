import type { Config } from '../core/config';
import type {
  BackfillAllOptions,
  BackfillWorkspaceOptions,
} from '../workflows/backfill/definitions';

/** A workspace backfill's arguments from the settings, the same whoever starts it. */
export function backfillWorkspaceOptions(config: Config): BackfillWorkspaceOptions {
  return {
    filesPerMinute: config.backfill.filesPerMinute,
    filesPerRun: config.backfill.filesPerRun,
    pageSize: config.backfill.pageSize,
    indexWaitSeconds: config.backfill.indexWaitSeconds,
  };
}

export function backfillAllOptions(config: Config): BackfillAllOptions {
  return {
    maxConcurrentWorkspaces: config.backfill.maxConcurrentWorkspaces,
    workspace: backfillWorkspaceOptions(config),
  };
}
