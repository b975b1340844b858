/**
 * Timeouts and retries of the file workflow's activities (the ACTIVITY_*, REGISTER_*,
 * MULTIPART_* and ANALYSIS_* settings). Pure, so that both the configuration and the workflow's
 * input (which carries a copy, since workflow code never reads the configuration) can name it.
 */
export interface ActivitySettings {
  startToCloseSeconds: number;
  retryInitialSeconds: number;
  retryMaxIntervalSeconds: number;
  /** Few: the API waits for the registration while its caller waits for a URL. */
  registerMaxAttempts: number;
  /** Bounds all attempts together; the configuration keeps it below TEMPORAL_CALL_TIMEOUT_MS. */
  registerTimeoutSeconds: number;
  multipartCompleteSeconds: number;
  analysis: {
    startToCloseSeconds: number;
    heartbeatSeconds: number;
    retryInitialSeconds: number;
    maxAttempts: number;
  };
}
