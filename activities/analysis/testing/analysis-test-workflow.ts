import { proxyActivities } from '@temporalio/workflow';
import type {
  AnalysisActivities,
  ExtractFileAiMetadataInput,
  ExtractFileAiMetadataResult,
} from '../contract';

export interface AnalysisTestOptions {
  taskQueue: string;
  /** Short in tests, so that a killed worker is noticed in seconds rather than minutes. */
  heartbeatSeconds: number;
}

/** Calls the activity the way the file workflow does, with a test's heartbeat timeout. */
export async function analyseFileForTest(
  input: ExtractFileAiMetadataInput,
  options: AnalysisTestOptions,
): Promise<ExtractFileAiMetadataResult> {
  const { extractFileAiMetadata } = proxyActivities<AnalysisActivities>({
    taskQueue: options.taskQueue,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: `${options.heartbeatSeconds} seconds`,
    retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 5 },
  });
  return extractFileAiMetadata(input);
}
