import { errorReply, FakeModelServer } from '../../test/support/fake-model-server';
import { AnalysisHarness } from './testing/analysis-harness';
import { AnalysisOnTemporal } from './testing/analysis-on-temporal';
import * as samples from './testing/sample-files';

/**
 * Hosted providers that fail or take their time, seen through real Temporal workers: a failed
 * LLM call costs one activity attempt and no embedding twice; a transcription that takes longer
 * than twice the heartbeat timeout does not time the activity out.
 */

let fake: FakeModelServer;
let harness: AnalysisHarness;
let temporal: AnalysisOnTemporal;

const CHAT = '/v1/chat/completions';
const EMBEDDINGS = '/v1/embeddings';
const TRANSCRIPTIONS = '/v1/audio/transcriptions';

beforeAll(async () => {
  fake = await FakeModelServer.start();
  harness = await AnalysisHarness.start(
    {},
    fake.env({
      AI_EMBEDDING_PROVIDER: 'openai',
      AI_EMBEDDING_BATCH_SIZE: '4',
      AI_CHUNK_SIZE: '400',
      AI_CHUNK_OVERLAP: '40',
      AI_LLM_PROVIDER: 'openai',
      AI_LLM_MODEL: 'gpt-test',
      AI_TRANSCRIPTION_PROVIDER: 'openai',
      AI_HEARTBEAT_INTERVAL_SECONDS: '1',
    }),
  );
  temporal = await AnalysisOnTemporal.start(harness.runtime.config.temporal.address);
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await temporal?.close();
  await harness?.close();
  await fake?.close();
});

const embeddedTexts = () =>
  fake.requestsTo(EMBEDDINGS).reduce((sum, request) => sum + request.body.input.length, 0);

describe('an LLM endpoint answering 5xx', () => {
  it('fails the attempt; the retry succeeds without embedding a chunk again', async () => {
    // One attempt's three requests (the client retries twice on its own) all fail.
    fake.queue(CHAT, errorReply(500), errorReply(502), errorReply(503));
    const text = Array.from(
      { length: 40 },
      (_, i) => `Line ${i} of the incident review names the service, the cause and the fix.`,
    ).join('\n');
    const input = await harness.store({
      filename: 'incident.txt',
      contentType: 'text/plain',
      body: Buffer.from(text),
    });

    const { result, attempts } = await temporal.analyse(input, harness.deps, 10);

    expect(result).toMatchObject({ outcome: 'done' });
    expect(attempts).toEqual([2]);
    expect(fake.requestsTo(CHAT)).toHaveLength(4);
    const chunkCount = (result as { chunkCount: number }).chunkCount;
    expect(chunkCount).toBeGreaterThan(4);
    expect(embeddedTexts()).toBe(chunkCount);
    expect(fake.requestsTo(EMBEDDINGS)).toHaveLength(Math.ceil(chunkCount / 4));
    const row = await harness.file(input.fileId);
    expect(row.aiStatus).toBe('done');
    expect(row.aiMetadata!.models.summary).toBe('openai/gpt-test');
  });
});

describe('a transcription slower than the heartbeat timeout', () => {
  it('keeps heartbeating while it waits, and the first attempt succeeds', async () => {
    fake.on(TRANSCRIPTIONS, () => ({
      delayMs: 12_000,
      body: { text: 'The board approved the hiring plan for the support team.' },
    }));
    const input = await harness.store({
      filename: 'board-call.wav',
      contentType: 'audio/wav',
      body: samples.wavTone(1),
    });

    const { result, attempts } = await temporal.analyse(input, harness.deps, 5);

    expect(result).toMatchObject({ outcome: 'done' });
    expect(attempts).toEqual([1]);
    expect(fake.requestsTo(TRANSCRIPTIONS)).toHaveLength(1);
    const text = (await harness.embeddings(input.fileId)).map((e) => e.content).join('\n');
    expect(text).toContain('approved the hiring plan');
  });
});
