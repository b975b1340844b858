import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The body of the thread that runs the local embedding model. onnxruntime-node runs a model
 * synchronously on the thread that calls it; here that is this thread, so the activity's event
 * loop (heartbeats, database, storage) stays free while a batch is embedded.
 */

export interface ThreadInit {
  modelDir: string;
  modelName: string;
  /** Word pieces read per text; the model was trained on short passages. */
  maxTokens: number;
  intraOpThreads: number;
}

export type ThreadRequest = { id: number; texts: string[] };

export type ThreadMessage =
  | { kind: 'ready'; dimensions: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'vectors'; id: number; data: Float32Array; dimensions: number }
  | { kind: 'error'; id: number; message: string };

async function load(init: ThreadInit): Promise<FeatureExtractionPipeline> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = init.modelDir;
  const extractor = await pipeline('feature-extraction', init.modelName, {
    dtype: 'q8',
    device: 'cpu',
    session_options: { intraOpNumThreads: init.intraOpThreads, interOpNumThreads: 1 },
  });
  // Truncation follows the tokenizer's configured limit (512); the model was tuned on 256.
  const tokenizer = extractor.tokenizer as unknown as { _tokenizerConfig: Record<string, unknown> };
  tokenizer._tokenizerConfig.model_max_length = init.maxTokens;
  return extractor;
}

async function embed(extractor: FeatureExtractionPipeline, request: ThreadRequest) {
  const output = await extractor(request.texts, { pooling: 'mean', normalize: true });
  const data = output.data as Float32Array;
  return { kind: 'vectors', id: request.id, data, dimensions: output.dims[1] as number } as const;
}

async function serve(port: NonNullable<typeof parentPort>, init: ThreadInit): Promise<void> {
  const reply = (message: ThreadMessage, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await load(init);
    const probe = await embed(extractor, { id: 0, texts: ['probe'] });
    reply({ kind: 'ready', dimensions: probe.dimensions });
  } catch (error) {
    reply({ kind: 'fatal', message: (error as Error).message });
    return;
  }

  // One batch at a time: a second run would only compete for the same cores.
  let queue = Promise.resolve();
  port.on('message', (request: ThreadRequest) => {
    queue = queue.then(async () => {
      try {
        const result = await embed(extractor, request);
        reply(result, [result.data.buffer as ArrayBuffer]);
      } catch (error) {
        reply({ kind: 'error', id: request.id, message: (error as Error).message });
      }
    });
  });
}

if (parentPort) {
  void serve(parentPort, workerData as ThreadInit);
}
