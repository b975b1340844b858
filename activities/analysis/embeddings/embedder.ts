import type { Embeddings } from '@langchain/core/embeddings';
import { EMBEDDING_DIMENSIONS } from '../../../core/db/models/file-embedding';

/** An embedding model ready to use, and the name every vector it makes is stored under. */
export interface Embedder {
  embeddings: Embeddings;
  /** Recorded on each row; search compares only vectors with the same one. */
  model: string;
  /** Texts per call: the local model's run blocks a CPU, so calls stay short. */
  batchSize: number;
  close(): Promise<void>;
}

/**
 * Zero-pads a vector to the column width. Cosine similarity ignores the extra zeros, so a
 * 384-dimension model searches exactly as it would unpadded.
 */
export function padVector(vector: number[], width = EMBEDDING_DIMENSIONS): number[] {
  if (vector.length > width) {
    throw new Error(`an embedding of ${vector.length} dimensions does not fit vector(${width})`);
  }
  if (vector.length === width) return vector;
  return [...vector, ...new Array<number>(width - vector.length).fill(0)];
}
