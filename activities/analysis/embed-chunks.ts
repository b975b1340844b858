import type { Embedder } from './embeddings/embedder';
import type { ProgressReporter } from './progress';
import type { StagedChunks, StagedRun } from './staged-chunks';

interface EmbedArgs {
  fileId: string;
  run: StagedRun;
  embedder: Embedder;
  staged: StagedChunks;
  progress: ProgressReporter;
  assertLive(): Promise<void>;
}

/**
 * Embeds the chunks that have no embedding yet, a batch at a time. Each batch is committed to
 * the staging table before the heartbeat that reports it, so what a heartbeat says was paid for
 * is never paid for again by the next attempt.
 */
export async function embedMissingChunks(args: EmbedArgs): Promise<number> {
  const { run, embedder, progress } = args;
  const missing = run.chunks.filter((chunk) => !run.vectors.has(chunk.index));
  const chunkCount = run.chunks.length;
  await progress.beat({ phase: 'embedding', chunkCount, embedded: run.vectors.size });

  for (let start = 0; start < missing.length; start += embedder.batchSize) {
    const batch = missing.slice(start, start + embedder.batchSize);
    const texts = batch.map((chunk) => chunk.text);
    const vectors = await progress.during(() => embedder.embeddings.embedDocuments(texts));
    if (vectors.length !== batch.length) {
      throw new Error(`the embedding model returned ${vectors.length} of ${batch.length} vectors`);
    }
    await args.assertLive();
    await args.staged.storeVectors(
      args.fileId,
      batch.map((chunk, i) => ({ index: chunk.index, vector: vectors[i]! })),
    );
    batch.forEach((chunk, i) => run.vectors.set(chunk.index, vectors[i]!));
    await progress.beat({ phase: 'embedding', chunkCount, embedded: run.vectors.size });
  }
  return missing.length;
}
