import { createExtractorRegistry } from '../activities/analysis/extraction/registry';
import { createOcrEngine } from '../activities/analysis/extraction/ocr';
import { createTranscriber } from '../activities/analysis/extraction/transcriber';
import { createEmbedder } from '../activities/analysis/embeddings/create-embedder';
import type { AnalysisDeps } from '../activities/analysis/deps';
import { createSummarizer } from '../activities/analysis/summary/create-summarizer';
import type { Runtime } from '../core/runtime';

/**
 * Builds the analysis activities' dependencies once per process: the embedding model is loaded
 * here, at start-up, so a missing or wrong model file stops the worker before it takes work.
 */
export async function buildAnalysisDeps(
  runtime: Runtime,
  overrides: Partial<AnalysisDeps> = {},
): Promise<{ deps: AnalysisDeps; close(): Promise<void> }> {
  const settings = runtime.config.ai;
  const embedder = overrides.embedder ?? (await createEmbedder(settings));
  const ocr = overrides.ocr ?? createOcrEngine();
  const deps: AnalysisDeps = {
    store: runtime.store,
    sequelize: runtime.db.sequelize,
    models: runtime.db.models,
    embedder,
    summarizer: createSummarizer(settings, embedder.embeddings, runtime.logger),
    extractors: createExtractorRegistry(),
    ocr,
    transcriber: createTranscriber(settings),
    logger: runtime.logger,
    settings,
    ...overrides,
  };
  return {
    deps,
    async close() {
      await Promise.allSettled([embedder.close(), ocr.close()]);
    },
  };
}
