import { FakeModelServer } from '../../test/support/fake-model-server';
import { AnalysisHarness } from './testing/analysis-harness';

/** Ollama as the embedding model and the LLM, through langchain's Ollama clients and a fake. */

let fake: FakeModelServer;
let harness: AnalysisHarness;

beforeAll(async () => {
  fake = await FakeModelServer.start();
  harness = await AnalysisHarness.start(
    {},
    fake.env({ AI_EMBEDDING_PROVIDER: 'ollama', AI_LLM_PROVIDER: 'ollama' }),
  );
});

afterAll(async () => {
  await harness?.close();
  await fake?.close();
});

describe('a file analysed by Ollama models', () => {
  it('is embedded by /api/embed and summarised by /api/chat, and records both models', async () => {
    const input = await harness.store({
      filename: 'standup.txt',
      contentType: 'text/plain',
      body: Buffer.from('Standup: the login bug is fixed; the export feature ships next week.'),
    });

    expect(await harness.run(input)).toMatchObject({ outcome: 'done' });

    expect(fake.requestsTo('/api/embed')[0]!.body).toMatchObject({ model: 'bge-m3' });
    expect(fake.requestsTo('/api/chat')[0]!.body).toMatchObject({
      model: 'llama3.1',
      format: expect.objectContaining({ type: 'object' }),
    });
    const row = await harness.file(input.fileId);
    expect((await harness.embeddings(input.fileId))[0]!.model).toBe('ollama/bge-m3');
    expect(row.aiMetadata).toMatchObject({
      summary: 'A file described by the fake Ollama model.',
      tags: ['fake'],
      models: { embedding: 'ollama/bge-m3', summary: 'ollama/llama3.1' },
    });
  });
});
