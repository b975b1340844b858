import { QueryTypes } from 'sequelize';
import type { AnalysisProgress } from './progress';
import type { Embedder } from './embeddings/embedder';
import { createExtractorRegistry, type ExtractorRegistry } from './extraction/registry';
import { AnalysisHarness } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';
import { LOCAL_SUMMARY_MODEL } from './pipeline-version';

let harness: AnalysisHarness;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
});

afterAll(async () => {
  await harness.close();
});

/** About 30 chunks of the local model's 1,000 characters. */
const longText = Array.from(
  { length: 300 },
  (_, i) => `Paragraph ${i} of the fleet maintenance log records tyre pressure and oil level.`,
).join('\n');

const storeLongText = () =>
  harness.store({
    filename: 'fleet-log.txt',
    contentType: 'text/plain',
    body: Buffer.from(longText),
  });

/** The real extractors, counting how many times a file was extracted. */
function countingRegistry(onExtract: (fileName: string) => Promise<void> | void = () => {}) {
  const real = createExtractorRegistry();
  const counter = { extractions: 0 };
  const registry: ExtractorRegistry = {
    find(contentType, filename) {
      const extractor = real.find(contentType, filename);
      return (
        extractor && {
          name: extractor.name,
          async extract(input) {
            counter.extractions += 1;
            await onExtract(filename);
            return extractor.extract(input);
          },
        }
      );
    },
  };
  return { registry, counter };
}

async function stagedRows(fileId: string): Promise<number> {
  const [row] = await harness.runtime.db.sequelize.query<{ count: string }>(
    'select count(*) as count from analysis_staged_chunks where file_id = $1',
    { bind: [fileId], type: QueryTypes.SELECT },
  );
  return Number(row?.count);
}

describe('one analysis per file version', () => {
  it('does not run again for a version already indexed, even when dispatched twice', async () => {
    const { embedder, embeddings } = bagOfWordsEmbedder();
    const { registry, counter } = countingRegistry();
    const input = await storeLongText();

    const first = await harness.run(input, {}, { embedder, extractors: registry });
    const paid = embeddings.embeddedTexts;
    const second = await harness.run(input, {}, { embedder, extractors: registry });
    const reindex = await harness.run(
      { ...input, trigger: 'reindex' },
      {},
      {
        embedder,
        extractors: registry,
      },
    );

    expect(first).toMatchObject({ outcome: 'done' });
    expect(second).toMatchObject({ outcome: 'skipped', reason: 'this version is already indexed' });
    expect(reindex).toMatchObject({ outcome: 'skipped' });
    expect(counter.extractions).toBe(1);
    expect(embeddings.embeddedTexts).toBe(paid);
  });

  it('records the pipeline version, the models and the content hash with the summary', async () => {
    const input = await storeLongText();
    const result = await harness.run(input);
    const row = await harness.file(input.fileId);

    expect(result).toMatchObject({ outcome: 'done', pipelineVersion: row.aiPipelineVersion });
    expect(row.aiMetadata).toMatchObject({
      pipelineVersion: row.aiPipelineVersion,
      models: { embedding: 'test/bag-of-words', summary: LOCAL_SUMMARY_MODEL },
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(row.aiMetadata!.tags.length).toBeLessThanOrEqual(8);
    expect(row.aiMetadata!.categories.length).toBeLessThanOrEqual(3);
    expect(row.contentSha256).toBe(row.aiMetadata!.contentSha256);
  });
});

describe('a retried attempt resumes where the last one stopped', () => {
  it('embeds only the chunks the failed attempt had not paid for', async () => {
    const input = await storeLongText();
    const { embedder: failing, embeddings: firstModel } = bagOfWordsEmbedder(0, 4);
    let batches = 0;
    const dying: Embedder = {
      ...failing,
      embeddings: Object.assign(Object.create(firstModel) as typeof firstModel, {
        embedDocuments: async (texts: string[]) => {
          if (++batches > 3) throw new Error('the embedding service went away');
          return firstModel.embedDocuments(texts);
        },
      }),
    };
    const heartbeats: AnalysisProgress[] = [];
    const firstAttempt = harness.runWithHeartbeats(input, heartbeats, { embedder: dying });
    await expect(firstAttempt).rejects.toThrow('the embedding service went away');
    const last = heartbeats.at(-1)!;
    expect(last).toMatchObject({ phase: 'embedding', embedded: 12 });

    const { embedder, embeddings } = bagOfWordsEmbedder(0, 4);
    const { registry, counter } = countingRegistry();
    const retry = await harness.run(
      input,
      { attempt: 2, heartbeatDetails: last },
      { embedder, extractors: registry },
    );

    expect(retry).toEqual({
      outcome: 'done',
      pipelineVersion: last.pipelineVersion,
      chunkCount: last.chunkCount,
    });
    expect(counter.extractions).toBe(0);
    expect(embeddings.embeddedTexts).toBe(last.chunkCount! - 12);
    const stored = await harness.embeddings(input.fileId);
    expect(stored.map((e) => e.chunkIndex)).toEqual([...Array(last.chunkCount).keys()]);
    expect(await stagedRows(input.fileId)).toBe(0);
  });
});

describe('a file deleted during its analysis', () => {
  const softDelete = (fileId: string) =>
    harness.runtime.db.models.FileMetadata.update(
      { deletedAt: new Date() },
      { where: { id: fileId } },
    );

  it('ends with no embeddings, no staged chunks and no summary when deleted mid-extraction', async () => {
    const input = await storeLongText();
    const { registry } = countingRegistry(() => softDelete(input.fileId).then(() => undefined));

    const result = await harness.run(input, {}, { extractors: registry });

    expect(result).toEqual({ outcome: 'deleted' });
    expect(await harness.embeddings(input.fileId)).toEqual([]);
    expect(await stagedRows(input.fileId)).toBe(0);
    expect((await harness.file(input.fileId)).aiMetadata).toBeNull();
  });

  it('removes what an earlier version left when deleted mid-embedding of a reindex', async () => {
    const input = await storeLongText();
    await harness.run(input);
    await harness.runtime.db.models.FileMetadata.update(
      { aiPipelineVersion: 'an-older-pipeline' },
      { where: { id: input.fileId } },
    );
    const { embedder, embeddings } = bagOfWordsEmbedder(0, 4);
    const deleting: Embedder = {
      ...embedder,
      embeddings: Object.assign(Object.create(embeddings) as typeof embeddings, {
        embedDocuments: async (texts: string[]) => {
          await softDelete(input.fileId);
          return embeddings.embedDocuments(texts);
        },
      }),
    };

    const result = await harness.run({ ...input, trigger: 'reindex' }, {}, { embedder: deleting });

    expect(result).toEqual({ outcome: 'deleted' });
    expect(embeddings.calls).toHaveLength(1);
    expect(await harness.embeddings(input.fileId)).toEqual([]);
    expect(await stagedRows(input.fileId)).toBe(0);
    expect((await harness.file(input.fileId)).aiMetadata).toBeNull();
  });
});
