import { z } from 'zod';
import type { ActivitySettings } from '../activity-settings';
import { optionalUrl, positive } from './fields';

/** Temporal: where it is, the task queues, and the timeouts of the file workflow's activities. */
export const temporalEnvShape = {
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: optionalUrl,
  TASK_QUEUE_UPLOADS: z.string().min(1).default('file-uploads'),
  TASK_QUEUE_ANALYSIS: z.string().min(1).default('file-analysis'),
  /** How long an API request waits for Temporal (a start, an update, a signal) before a 503. */
  TEMPORAL_CALL_TIMEOUT_MS: positive(20_000),
  /** How long the API waits for a workflow to answer a query; the row answers without it. */
  TEMPORAL_QUERY_TIMEOUT_MS: positive(5_000),
  /**
   * How long a DELETE waits for the rows to be hidden before it answers anyway: the delete is
   * durable before the wait, which only makes the caller's next read agree with it.
   */
  DELETE_HIDDEN_WAIT_MS: positive(5_000),

  // Timeouts and retries of the file workflow's activities (workflows/file-lifecycle/settings).
  ACTIVITY_START_TO_CLOSE_SECONDS: positive(60),
  ACTIVITY_RETRY_INITIAL_SECONDS: positive(1),
  ACTIVITY_RETRY_MAX_INTERVAL_SECONDS: positive(600),
  REGISTER_MAX_ATTEMPTS: positive(3),
  REGISTER_TIMEOUT_SECONDS: positive(15),
  MULTIPART_COMPLETE_TIMEOUT_SECONDS: positive(900),
  ANALYSIS_START_TO_CLOSE_SECONDS: positive(1800),
  ANALYSIS_HEARTBEAT_SECONDS: positive(300),
  ANALYSIS_RETRY_INITIAL_SECONDS: positive(30),
  ANALYSIS_MAX_ATTEMPTS: positive(5),
};

type TemporalEnv = z.infer<z.ZodObject<typeof temporalEnvShape>>;

export interface TemporalConfig {
  address: string;
  namespace: string;
  uiUrl?: string;
  taskQueues: { uploads: string; analysis: string };
  callTimeoutMs: number;
  queryTimeoutMs: number;
  deleteHiddenWaitMs: number;
}

/**
 * The registration runs while the API waits for the `register` update: if all its attempts
 * could outlast that wait, the API would answer 503 for a file the workflow goes on to accept.
 */
export function checkTemporalEnv(env: TemporalEnv, ctx: z.RefinementCtx): void {
  if (env.REGISTER_TIMEOUT_SECONDS * 1000 >= env.TEMPORAL_CALL_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['REGISTER_TIMEOUT_SECONDS'],
      message:
        `must be below TEMPORAL_CALL_TIMEOUT_MS (${env.TEMPORAL_CALL_TIMEOUT_MS} ms), ` +
        "the API's wait for the registration",
    });
  }
}

export function temporalConfigFrom(env: TemporalEnv): {
  temporal: TemporalConfig;
  activities: ActivitySettings;
} {
  return {
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      uiUrl: env.TEMPORAL_UI_URL,
      taskQueues: { uploads: env.TASK_QUEUE_UPLOADS, analysis: env.TASK_QUEUE_ANALYSIS },
      callTimeoutMs: env.TEMPORAL_CALL_TIMEOUT_MS,
      queryTimeoutMs: env.TEMPORAL_QUERY_TIMEOUT_MS,
      deleteHiddenWaitMs: env.DELETE_HIDDEN_WAIT_MS,
    },
    activities: {
      startToCloseSeconds: env.ACTIVITY_START_TO_CLOSE_SECONDS,
      retryInitialSeconds: env.ACTIVITY_RETRY_INITIAL_SECONDS,
      retryMaxIntervalSeconds: env.ACTIVITY_RETRY_MAX_INTERVAL_SECONDS,
      registerMaxAttempts: env.REGISTER_MAX_ATTEMPTS,
      registerTimeoutSeconds: env.REGISTER_TIMEOUT_SECONDS,
      multipartCompleteSeconds: env.MULTIPART_COMPLETE_TIMEOUT_SECONDS,
      analysis: {
        startToCloseSeconds: env.ANALYSIS_START_TO_CLOSE_SECONDS,
        heartbeatSeconds: env.ANALYSIS_HEARTBEAT_SECONDS,
        retryInitialSeconds: env.ANALYSIS_RETRY_INITIAL_SECONDS,
        maxAttempts: env.ANALYSIS_MAX_ATTEMPTS,
      },
    },
  };
}
