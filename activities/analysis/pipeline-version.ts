import type { AiConfig } from '../../core/ai-config';

/**
 * Bumped by hand when extraction or chunking changes in a way that makes stored metadata stale.
 * The backfill compares file_metadata.ai_pipeline_version with the whole version string below
 * and re-indexes files made under any other one.
 */
const PIPELINE_REVISION = 2;

/**
 * The local summariser's own revision, part of its model name: bumped when its sentences, tags
 * or language change, so that only files it summarised are re-indexed, never files an LLM
 * summarised (whose re-indexing costs money).
 */
export const LOCAL_SUMMARY_MODEL = 'local/extractive@2';

/** The name every embedding row records; search only compares vectors of one model. */
export function embeddingModelId(embedding: AiConfig['embedding']): string {
  switch (embedding.provider) {
    case 'local':
      return `local/${embedding.model}-q8`;
    case 'openai':
      return `openai/${embedding.model}@${embedding.dimensions}`;
    case 'ollama':
      return `ollama/${embedding.model}`;
  }
}

export function summaryModelId(llm: AiConfig['llm']): string {
  return llm.provider === 'none' ? LOCAL_SUMMARY_MODEL : `${llm.provider}/${llm.model}`;
}

/**
 * Pure: computable from the configuration alone, so the uploads worker (the backfill) knows
 * the current version without loading any model.
 */
export function pipelineVersionFor(ai: AiConfig): string {
  const chunking = `c${ai.chunking.size}-${ai.chunking.overlap}`;
  return [
    `r${PIPELINE_REVISION}`,
    embeddingModelId(ai.embedding),
    chunking,
    summaryModelId(ai.llm),
  ].join(':');
}
