import { Embeddings } from '@langchain/core/embeddings';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Embedder } from '../embeddings/embedder';

/**
 * A hashing bag-of-words embedder: each lower-cased word adds 1 to one of 384 dimensions. Fast
 * and deterministic, for tests about the pipeline's mechanics; and the baseline that the
 * semantic tests show failing, since it knows words, not meanings.
 */
export class BagOfWordsEmbeddings extends Embeddings {
  /** Texts embedded so far, in calls: what the pipeline has paid for. */
  readonly calls: string[][] = [];

  constructor(private readonly delayMs = 0) {
    super({});
  }

  get embeddedTexts(): number {
    return this.calls.reduce((sum, call) => sum + call.length, 0);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    if (this.delayMs > 0) await sleep(this.delayMs);
    return texts.map(vectorOf);
  }

  async embedQuery(text: string): Promise<number[]> {
    return vectorOf(text);
  }
}

function vectorOf(text: string): number[] {
  const vector = new Array<number>(384).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const slot = createHash('md5').update(word).digest().readUInt32LE(0) % 384;
    vector[slot]! += 1;
  }
  if (!vector.some((v) => v !== 0)) vector[0] = 1;
  return vector;
}

export function bagOfWordsEmbedder(delayMs = 0, batchSize = 4) {
  const embeddings = new BagOfWordsEmbeddings(delayMs);
  const embedder: Embedder = {
    embeddings,
    model: 'test/bag-of-words',
    batchSize,
    close: async () => undefined,
  };
  return { embedder, embeddings };
}
