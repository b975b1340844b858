import type { AnalysisActivities } from './contract';
import type { AnalysisDeps } from './deps';
import { extractFileAiMetadataActivity } from './extract-file-ai-metadata';

export type { AnalysisActivities } from './contract';
export type { AnalysisDeps } from './deps';
export { pipelineVersionFor } from './pipeline-version';

/** The activities of the analysis task queue, run by workers/analysis.ts. */
export function createAnalysisActivities(deps: AnalysisDeps): AnalysisActivities {
  return { extractFileAiMetadata: extractFileAiMetadataActivity(deps) };
}
