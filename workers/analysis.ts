import { createAnalysisActivities, pipelineVersionFor } from '../activities/analysis';
import { loadConfig } from '../core/config';
import { buildRuntime } from '../core/runtime';
import { buildAnalysisDeps } from './analysis-deps';
import { runWorker } from './run-worker';

/**
 * Analysis worker process: runs the AI metadata activities on their own task queue, so that
 * extraction and embedding (CPU-bound) never delay the uploads queue's short activities.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config, 'worker-analysis');
  const { deps, close } = await buildAnalysisDeps(runtime);
  runtime.logger.info(
    {
      embeddingModel: deps.embedder.model,
      summaryModel: deps.summarizer.model,
      pipelineVersion: pipelineVersionFor(config.ai),
    },
    'analysis models loaded',
  );
  try {
    await runWorker({
      config,
      logger: runtime.logger,
      taskQueue: config.temporal.taskQueues.analysis,
      activities: createAnalysisActivities(deps),
      maxConcurrentActivityTaskExecutions: config.ai.workerConcurrency,
    });
  } finally {
    await close();
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
