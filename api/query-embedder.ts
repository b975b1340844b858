import type { AiConfig } from '../core/ai-config';
import { createEmbedder } from '../activities/analysis/embeddings/create-embedder';
import type { Embedder } from '../activities/analysis/embeddings/embedder';

/** The model that embeds search queries, owned by the API process. */
export interface QueryEmbedder {
  get(): Promise<Embedder>;
  close(): Promise<void>;
}

/**
 * The analysis worker's model, built from the same configuration so that queries and files are
 * embedded alike. Loaded on the first search, so that an API that is never asked to search
 * never pays for it; a failed load is tried again on the next search.
 */
export function lazyQueryEmbedder(ai: AiConfig): QueryEmbedder {
  let loading: Promise<Embedder> | undefined;
  return {
    get() {
      loading ??= createEmbedder(ai).catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return loading;
    },
    async close() {
      const loaded = loading;
      loading = undefined;
      await loaded?.then(
        (embedder) => embedder.close(),
        () => undefined,
      );
    },
  };
}
