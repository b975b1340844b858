import { QueryTypes } from 'sequelize';
import type { AnalysisDeps } from './deps';
import { pipelineVersionFor } from './pipeline-version';
import { AnalysisHarness } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';

/**
 * A reindex under a new pipeline version (new chunk size, new embedding model) replaces the
 * file's embeddings in one transaction: readers see the old set until the new one is whole,
 * then only the new one; a publication that fails leaves the old set as it was.
 */

let harness: AnalysisHarness;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
});

afterAll(async () => {
  await harness?.close();
});

const text = Array.from(
  { length: 120 },
  (_, i) => `Entry ${i} of the maintenance log: the lift on floor ${i % 9} was inspected.`,
).join('\n');

interface Row {
  id: number;
  model: string;
  content: string;
}

const rowsOf = (fileId: string) =>
  harness.runtime.db.sequelize.query<Row>(
    'select id, model, content from file_embeddings where file_id = $1 order by chunk_index',
    { bind: [fileId], type: QueryTypes.SELECT },
  );

/** The next pipeline: smaller chunks and another embedding model. */
function nextPipeline(): Partial<AnalysisDeps> {
  const { embedder } = bagOfWordsEmbedder();
  const settings = { ...harness.deps.settings, chunking: { size: 400, overlap: 40 } };
  return { settings, embedder: { ...embedder, model: 'test/bag-of-words-v2' } };
}

async function indexedFile() {
  const input = await harness.store({
    filename: 'lifts.txt',
    contentType: 'text/plain',
    body: Buffer.from(text),
  });
  expect(await harness.run(input)).toMatchObject({ outcome: 'done' });
  return { input, before: await rowsOf(input.fileId) };
}

describe('a reindex under a new pipeline version', () => {
  it('replaces every embedding with exactly the new set', async () => {
    const { input, before } = await indexedFile();
    const next = nextPipeline();
    const seenMidRun: Row[][] = [];
    const summarizer = harness.deps.summarizer;
    next.summarizer = {
      model: summarizer.model,
      async summarize(digest) {
        seenMidRun.push(await rowsOf(input.fileId));
        return summarizer.summarize(digest);
      },
    };

    const result = await harness.run({ ...input, trigger: 'reindex' }, {}, next);

    const newVersion = pipelineVersionFor(next.settings!);
    expect(newVersion).not.toBe(pipelineVersionFor(harness.deps.settings));
    expect(result).toEqual({
      outcome: 'done',
      pipelineVersion: newVersion,
      chunkCount: expect.any(Number),
    });
    const after = await rowsOf(input.fileId);
    const { chunkCount } = result as { chunkCount: number };
    expect(before.length).toBeGreaterThan(0);
    expect(chunkCount).toBeGreaterThan(before.length);
    expect(after).toHaveLength(chunkCount);
    expect(after.every((row) => row.model === 'test/bag-of-words-v2')).toBe(true);
    expect(after.every((row) => row.content.length <= 400)).toBe(true);
    const oldIds = new Set(before.map((row) => row.id));
    expect(after.filter((row) => oldIds.has(row.id))).toEqual([]);
    expect(seenMidRun).toEqual([before]);

    const file = await harness.file(input.fileId);
    expect(file.aiPipelineVersion).toBe(newVersion);
    expect(file.aiMetadata).toMatchObject({
      pipelineVersion: newVersion,
      models: { embedding: 'test/bag-of-words-v2' },
    });
  });

  it('leaves the old set whole when the publication fails', async () => {
    const { input, before } = await indexedFile();
    const next = nextPipeline();
    const summarizer = harness.deps.summarizer;
    next.summarizer = {
      model: summarizer.model,
      async summarize(digest) {
        // One staged embedding lost: the publication must refuse the incomplete set.
        await harness.runtime.db.sequelize.query(
          'delete from analysis_staged_chunks where file_id = $1 and chunk_index = 0',
          { bind: [input.fileId] },
        );
        return summarizer.summarize(digest);
      },
    };

    await expect(harness.run({ ...input, trigger: 'reindex' }, {}, next)).rejects.toThrow(
      /run again/,
    );

    expect(await rowsOf(input.fileId)).toEqual(before);
    const file = await harness.file(input.fileId);
    expect(file.aiPipelineVersion).toBe(pipelineVersionFor(harness.deps.settings));
  });
});
