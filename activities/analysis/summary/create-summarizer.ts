import type { Embeddings } from '@langchain/core/embeddings';
import type { AiConfig } from '../../../core/ai-config';
import type { Logger } from '../../../core/logger';
import { createLlmSummarizer } from './llm-summary';
import { createLocalSummarizer } from './local-summary';
import type { Summarizer } from './summarizer';

/** The configured summarizer; the local one doubles as the LLM's fallback. */
export function createSummarizer(ai: AiConfig, embeddings: Embeddings, logger: Logger): Summarizer {
  const local = createLocalSummarizer(embeddings);
  return ai.llm.provider === 'none' ? local : createLlmSummarizer(ai, local, logger);
}
