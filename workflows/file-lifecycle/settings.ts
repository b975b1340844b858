import type { FileActivitySettings, FileWorkflowSettings } from './definitions';

/**
 * Settings travel in the workflow's input rather than being read by workflow code: the input is
 * recorded in the history, so a replay sees exactly the values the run used.
 *
 * The analysis queue is among them, not a constant, because TASK_QUEUE_ANALYSIS names the queue
 * the analysis worker polls: a constant here would silently part from it the day an operator
 * changes the setting. A file keeps the queue it was started with until it continues as new.
 */

/** Matches the default of TASK_QUEUE_ANALYSIS in core/config.ts. */
export const DEFAULT_ANALYSIS_TASK_QUEUE = 'file-analysis';

/** Used for inputs written before `settings` existed; they mirror the defaults in config.ts. */
export const DEFAULT_FILE_WORKFLOW_SETTINGS: FileWorkflowSettings = {
  uploadGraceSeconds: 3600,
  deleteRetentionSeconds: 7 * 24 * 3600,
  analysisTaskQueue: DEFAULT_ANALYSIS_TASK_QUEUE,
  activities: {
    startToCloseSeconds: 60,
    retryInitialSeconds: 1,
    retryMaxIntervalSeconds: 600,
    registerMaxAttempts: 3,
    registerTimeoutSeconds: 15,
    multipartCompleteSeconds: 900,
    analysis: {
      startToCloseSeconds: 1800,
      heartbeatSeconds: 300,
      retryInitialSeconds: 30,
      maxAttempts: 5,
    },
  },
};

/** The part of the service configuration the settings come from (core/config.ts's Config). */
export interface FileWorkflowSettingsSource {
  limits: { uploadGraceSeconds: number; deleteRetentionSeconds: number };
  temporal: { taskQueues: { analysis: string } };
  activities: FileActivitySettings;
}

/** What the API (and the backfill) put in `FileWorkflowInput.settings`. */
export function fileWorkflowSettings(config: FileWorkflowSettingsSource): FileWorkflowSettings {
  return {
    uploadGraceSeconds: config.limits.uploadGraceSeconds,
    deleteRetentionSeconds: config.limits.deleteRetentionSeconds,
    analysisTaskQueue: config.temporal.taskQueues.analysis,
    activities: config.activities,
  };
}

/** The input's settings, with defaults for inputs that carry none. */
export function resolveSettings(settings: FileWorkflowSettings | undefined): FileWorkflowSettings {
  return settings ?? DEFAULT_FILE_WORKFLOW_SETTINGS;
}
