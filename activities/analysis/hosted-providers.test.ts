import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { QueryTypes } from 'sequelize';
import { FakeModelServer, wordVector } from '../../test/support/fake-model-server';
import { startTestApi, type TestApi } from '../../test/support/http';
import { createTranscriber } from './extraction/transcriber';
import { AnalysisHarness } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';
import * as samples from './testing/sample-files';

/**
 * Hosted embeddings and transcription through the whole activity and the search API, with the
 * real OpenAI clients talking to a fake OpenAI-compatible server on loopback.
 */

let fake: FakeModelServer;
let harness: AnalysisHarness;
let api: TestApi;
const WS = `ws-hosted-${randomUUID().slice(0, 8)}`;
const MODEL = 'openai/text-embedding-3-large@256';
const EMBEDDINGS = '/v1/embeddings';
const TRANSCRIPTIONS = '/v1/audio/transcriptions';

beforeAll(async () => {
  fake = await FakeModelServer.start();
  const env = fake.env({
    AI_EMBEDDING_PROVIDER: 'openai',
    AI_EMBEDDING_DIMENSIONS: '256',
    AI_EMBEDDING_BATCH_SIZE: '3',
    AI_CHUNK_SIZE: '300',
    AI_CHUNK_OVERLAP: '30',
    AI_TRANSCRIPTION_PROVIDER: 'openai',
  });
  harness = await AnalysisHarness.start({}, env);
  api = await startTestApi({ userId: 'hosted-user', workspaces: [WS] }, env);
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await api?.close();
  await harness?.close();
  await fake?.close();
});

const fleetText = Array.from(
  { length: 12 },
  (_, i) => `Week ${i + 1}: the fleet manager checked tyre pressure and brake fluid on every van.`,
).join('\n');

async function storedVectors(fileId: string) {
  return harness.runtime.db.sequelize.query<{ content: string; embedding: string }>(
    `select content, embedding::text as embedding from file_embeddings
      where file_id = $1 order by chunk_index`,
    { bind: [fileId], type: QueryTypes.SELECT },
  );
}

describe('hosted embeddings', () => {
  it('embeds in batches of the batch size, with the dimensions asked, padded to 1024', async () => {
    const input = await harness.store({
      workspaceId: WS,
      filename: 'fleet-checks.txt',
      contentType: 'text/plain',
      body: Buffer.from(fleetText),
    });

    const result = await harness.run(input);

    expect(result).toMatchObject({ outcome: 'done' });
    const rows = await harness.embeddings(input.fileId);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((row) => row.model === MODEL)).toBe(true);
    expect((await harness.file(input.fileId)).aiMetadata!.models.embedding).toBe(MODEL);

    const requests = fake.requestsTo(EMBEDDINGS);
    expect(requests.every((r) => r.body.input.length <= 3)).toBe(true);
    expect(requests.every((r) => r.body.dimensions === 256)).toBe(true);
    expect(requests.every((r) => r.body.model === 'text-embedding-3-large')).toBe(true);
    // The client sends texts with their line breaks turned into spaces.
    const chunkTexts = new Set(rows.map((row) => row.content.replaceAll('\n', ' ')));
    const chunkRequests = requests.filter((r) =>
      r.body.input.every((text: string) => chunkTexts.has(text)),
    );
    expect(chunkRequests).toHaveLength(Math.ceil(rows.length / 3));

    for (const row of await storedVectors(input.fileId)) {
      const vector = pgvector.fromSql(row.embedding) as number[];
      expect(vector).toHaveLength(1024);
      expect(vector.slice(0, 256)).toEqual(wordVector(row.content, 256));
      expect(vector.slice(256).every((value) => value === 0)).toBe(true);
    }
  });

  it('is what search compares queries with, never another model’s vectors', async () => {
    const hosted = await harness.store({
      workspaceId: WS,
      filename: 'tyres.txt',
      contentType: 'text/plain',
      body: Buffer.from('Winter tyres for the delivery vans arrive on Monday.'),
    });
    const local = await harness.store({
      workspaceId: WS,
      filename: 'tyres-copy.txt',
      contentType: 'text/plain',
      body: Buffer.from('Winter tyres for the delivery vans arrive on Monday.'),
    });
    await harness.run(hosted);
    await harness.run(local, {}, { embedder: bagOfWordsEmbedder().embedder });
    fake.reset();

    const res = await api.call(`/workspaces/${WS}/search`, {
      method: 'POST',
      body: { query: 'winter tyres for vans', limit: 10 },
    });

    expect(res.status).toBe(200);
    const found = res.body.results.map((r: { fileId: string }) => r.fileId);
    expect(found).toContain(hosted.fileId);
    expect(found).not.toContain(local.fileId);
    expect(fake.requestsTo(EMBEDDINGS)).toEqual([
      expect.objectContaining({
        body: expect.objectContaining({ input: 'winter tyres for vans', dimensions: 256 }),
      }),
    ]);
  });
});

describe('hosted transcription', () => {
  const TRANSCRIPT = 'The design review moved the checkout redesign to the third quarter.';

  it('indexes the transcript of a recording, which search then finds', async () => {
    fake.on(TRANSCRIPTIONS, () => ({ body: { text: TRANSCRIPT } }));
    const body = samples.wavTone(2);
    const input = await harness.store({
      workspaceId: WS,
      filename: 'design-review.wav',
      contentType: 'audio/wav',
      body,
    });

    expect(await harness.run(input)).toMatchObject({ outcome: 'done' });

    const [request] = fake.requestsTo(TRANSCRIPTIONS);
    expect(request).toMatchObject({ body: { model: 'whisper-1' }, fileBytes: body.length });
    const text = (await harness.embeddings(input.fileId)).map((e) => e.content).join('\n');
    expect(text).toContain('Duration: 2 s');
    expect(text).toContain(TRANSCRIPT);
    expect((await harness.file(input.fileId)).aiMetadata!.models.transcription).toBe(
      'openai/whisper-1',
    );

    const res = await api.call(`/workspaces/${WS}/search`, {
      method: 'POST',
      body: { query: 'checkout redesign review', limit: 1 },
    });
    expect(res.body.results).toEqual([expect.objectContaining({ fileId: input.fileId })]);
  });

  it('describes a recording over AI_TRANSCRIPTION_MAX_BYTES by its metadata alone', async () => {
    const body = samples.wavTone(2);
    const input = await harness.store({
      workspaceId: WS,
      filename: 'long-call.wav',
      contentType: 'audio/wav',
      body,
    });
    const { settings } = harness.deps;
    const transcriber = createTranscriber({
      ...settings,
      transcription: { ...settings.transcription, maxBytes: body.length - 1 },
    });

    expect(await harness.run(input, {}, { transcriber })).toMatchObject({ outcome: 'done' });

    expect(fake.requestsTo(TRANSCRIPTIONS)).toEqual([]);
    const text = (await harness.embeddings(input.fileId)).map((e) => e.content).join('\n');
    expect(text).toContain('Duration: 2 s');
    expect(text).not.toContain('transcript');
    expect((await harness.file(input.fileId)).aiMetadata!.models.transcription).toBeUndefined();
  });
});
