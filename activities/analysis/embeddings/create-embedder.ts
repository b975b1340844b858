import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { AiConfig } from '../../../core/ai-config';
import { embeddingModelId } from '../pipeline-version';
import type { Embedder } from './embedder';
import { LocalModelEmbeddings } from './local-model-embeddings';

/**
 * Hosted calls retry a little on their own (a dropped connection); anything longer is left to
 * the activity's retry policy, which backs off and survives a worker restart.
 */
const HOSTED_RETRIES = 2;

/** Builds the configured embedding model once, at the start of a process. */
export async function createEmbedder(ai: AiConfig): Promise<Embedder> {
  const { embedding } = ai;
  const model = embeddingModelId(embedding);
  switch (embedding.provider) {
    case 'local': {
      const local = await LocalModelEmbeddings.start({
        modelDir: embedding.localModelDir,
        modelName: embedding.model,
      });
      return {
        embeddings: local,
        model,
        batchSize: embedding.batchSize,
        close: () => local.close(),
      };
    }
    case 'openai': {
      const embeddings = new OpenAIEmbeddings({
        model: embedding.model,
        dimensions: embedding.dimensions,
        batchSize: embedding.batchSize,
        maxRetries: HOSTED_RETRIES,
        // A local OpenAI-compatible server may need no key; the client insists on one.
        apiKey: ai.openai.apiKey ?? 'not-needed',
        configuration: { baseURL: ai.openai.baseUrl },
      });
      return { embeddings, model, batchSize: embedding.batchSize, close: async () => undefined };
    }
    case 'ollama': {
      const embeddings = new OllamaEmbeddings({
        model: embedding.model,
        baseUrl: ai.ollama.baseUrl,
        truncate: true,
        maxRetries: HOSTED_RETRIES,
      });
      return { embeddings, model, batchSize: embedding.batchSize, close: async () => undefined };
    }
  }
}
