import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createAnalysisActivities } from '..';
import { loadConfig } from '../../../core/config';
import { buildRuntime } from '../../../core/runtime';
import { buildAnalysisDeps } from '../../../workers/analysis-deps';
import { temporalLogger } from '../../../workers/temporal-logs';
import { bagOfWordsEmbedder } from './bag-of-words-embeddings';

/**
 * A test's stand-in for an analysis worker that dies mid-file: the same activities with an
 * embedding model that takes its time, in a process of its own so that the test can kill it
 * with SIGKILL (no graceful shutdown, no last heartbeat). Argument: the activity task queue.
 */
async function main(): Promise<void> {
  const taskQueue = process.argv[2]!;
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config, 'slow-analysis-worker');
  const { embedder } = bagOfWordsEmbedder(250, 4);
  const { deps } = await buildAnalysisDeps(runtime, { embedder });
  Runtime.install({ logger: temporalLogger(runtime.logger) });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    activities: createAnalysisActivities(deps),
  });
  process.stdout.write('ready\n');
  await worker.run();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
