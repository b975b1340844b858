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

/** Chunks spread evenly over the document, up to a character budget: its start, middle and end. */
export function representativeSample(chunks: Chunk[], maxChars: number): Chunk[] {
  if (chunks.length === 0) return [];
  const average = chunks.reduce((sum, c) => sum + c.text.length, 0) / chunks.length;
  const wanted = Math.max(1, Math.min(chunks.length, Math.floor(maxChars / Math.max(average, 1))));
  const picked: Chunk[] = [];
  let used = 0;
  for (let i = 0; i < wanted; i++) {
    const chunk = chunks[Math.floor((i * chunks.length) / wanted)]!;
    if (used + chunk.text.length > maxChars && picked.length > 0) break;
    picked.push(chunk);
    used += chunk.text.length;
  }
  return picked;
}
