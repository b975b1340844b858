import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { UploadActivities } from '../../activities';
import type { AnalysisActivities } from '../../activities/analysis/contract';
import type { FileWorkflowSettings } from './definitions';

const ms = (seconds: number) => seconds * 1000;

/**
 * The activity stubs of one run, with timeouts and retries from the run's settings.
 *
 * Storage and database steps retry until they succeed, with backoff: an outage of the store or
 * the database delays a file, it never loses one (or its delete). Only failures an activity
 * marks non-retryable, such as a refused upload, end them.
 */
export function fileActivities(settings: FileWorkflowSettings) {
  const s = settings.activities;
  const retry: RetryPolicy = {
    initialInterval: ms(s.retryInitialSeconds),
    backoffCoefficient: 2,
    maximumInterval: ms(s.retryMaxIntervalSeconds),
  };

  return {
    uploads: proxyActivities<UploadActivities>({
      startToCloseTimeout: ms(s.startToCloseSeconds),
      retry,
    }),
    /** The registration answers a waiting API call, so it gives up quickly instead. */
    registration: proxyActivities<UploadActivities>({
      startToCloseTimeout: ms(Math.min(s.startToCloseSeconds, s.registerTimeoutSeconds)),
      scheduleToCloseTimeout: ms(s.registerTimeoutSeconds),
      retry: { ...retry, maximumAttempts: s.registerMaxAttempts },
    }),
    /** Joining the parts of a very large multipart upload can take the store minutes. */
    multipartCompletion: proxyActivities<UploadActivities>({
      startToCloseTimeout: ms(s.multipartCompleteSeconds),
      retry,
    }),
    /**
     * Runs on the analysis worker's queue. The heartbeat timeout lets a dead worker be noticed
     * within minutes instead of at the end of the 30-minute budget; failed model or provider
     * calls are retried a few times with backoff before the file's AI status turns failed.
     */
    analysis: proxyActivities<AnalysisActivities>({
      taskQueue: settings.analysisTaskQueue,
      startToCloseTimeout: ms(s.analysis.startToCloseSeconds),
      heartbeatTimeout: ms(s.analysis.heartbeatSeconds),
      retry: {
        initialInterval: ms(s.analysis.retryInitialSeconds),
        backoffCoefficient: 2,
        maximumInterval: ms(s.retryMaxIntervalSeconds),
        maximumAttempts: s.analysis.maxAttempts,
      },
    }),
  };
}

export type FileActivities = ReturnType<typeof fileActivities>;
