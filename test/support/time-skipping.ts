import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * A time-skipping Temporal test server from the binary the global set-up points at (the SDK's
 * own download needs the internet), with the SDK's logs cut down to errors: tests that make
 * things fail on purpose would otherwise fill the output with expected warnings.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietTemporalRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! },
    },
  });
}

/** Cuts the SDK's own logs in this test file's workers down to errors; call before any worker. */
export function installQuietTemporalRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
}
