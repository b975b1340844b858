import type { Chunk } from '../chunking';

/** What a summarizer reads: the chunks of one file and their embeddings (same order). */
export interface DocumentDigest {
  filename: string;
  chunks: Chunk[];
  vectors: number[][];
}

/** The summary JSON, less the pipeline version and model names the activity adds. */
export interface SummaryParts {
  summary: string;
  tags: string[];
  categories: string[];
  language: string;
}

export interface Summarizer {
  /** Recorded in the summary JSON's `models.summary`. */
  model: string;
  summarize(digest: DocumentDigest): Promise<SummaryParts & { model: string }>;
}

export const MAX_TAGS = 8;
export const MAX_CATEGORIES = 3;

/** A document's start, middle and end are sampled even when the budget holds less than 3 chunks. */
const MIN_SAMPLED = 3;

/**
 * Chunks spread evenly over the document, always its first and last, within a character
 * budget: each gets an equal share of it and is cut to that share, so the total never exceeds
 * `maxChars` however long the chunks are.
 */
export function representativeSample(chunks: Chunk[], maxChars: number): Chunk[] {
  if (chunks.length === 0) return [];
  const average = chunks.reduce((sum, c) => sum + c.text.length, 0) / chunks.length;
  const fits = Math.floor(maxChars / Math.max(average, 1));
  const wanted = Math.min(chunks.length, Math.max(MIN_SAMPLED, fits));
  const share = Math.floor(maxChars / wanted);

  return Array.from({ length: wanted }, (_, i) => {
    const at = wanted === 1 ? 0 : Math.round((i * (chunks.length - 1)) / (wanted - 1));
    const chunk = chunks[at]!;
    return chunk.text.length > share ? { ...chunk, text: chunk.text.slice(0, share) } : chunk;
  });
}
