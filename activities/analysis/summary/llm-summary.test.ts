import {
  errorReply,
  FakeModelServer,
  toolCallReply,
} from '../../../test/support/fake-model-server';
import { AnalysisHarness } from '../testing/analysis-harness';
import { bagOfWordsEmbedder } from '../testing/bag-of-words-embeddings';
import { LOCAL_SUMMARY_MODEL } from '../pipeline-version';

/**
 * The summary by a hosted LLM, through the real langchain client talking to a fake
 * OpenAI-compatible server on loopback: what the model is sent, and what is stored from its
 * answers, good, bad or missing.
 */

let fake: FakeModelServer;
let harness: AnalysisHarness;
const SAMPLE_CHARS = 3000;

beforeAll(async () => {
  fake = await FakeModelServer.start();
  harness = await AnalysisHarness.start(
    { embedder: bagOfWordsEmbedder().embedder },
    fake.env({
      AI_LLM_PROVIDER: 'openai',
      AI_LLM_MODEL: 'gpt-test',
      AI_LLM_MAX_ATTEMPTS: '3',
      AI_LLM_SAMPLE_CHARS: String(SAMPLE_CHARS),
    }),
  );
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await harness?.close();
  await fake?.close();
});

const CHAT = '/v1/chat/completions';

const validAnswer = {
  summary: 'Minutes of the release planning meeting.',
  tags: ['Release', 'PLANNING', 'Mobile App'],
  categories: ['meetings'],
  language: 'en',
};

async function analyseText(text: string, filename = 'minutes.txt') {
  const input = await harness.store({
    filename,
    contentType: 'text/plain',
    body: Buffer.from(text),
  });
  const result = await harness.run(input);
  return { result, row: await harness.file(input.fileId) };
}

describe('a summary by a hosted LLM', () => {
  it('asks again after an invalid answer and stores the valid one, tags lowercased', async () => {
    fake.queue(
      CHAT,
      toolCallReply('describe_file', { summary: '', tags: [], language: 'en' }),
      toolCallReply('describe_file', validAnswer),
    );

    const { result, row } = await analyseText('We agreed to ship the mobile app in June.');

    expect(result).toMatchObject({ outcome: 'done' });
    expect(fake.requestsTo(CHAT)).toHaveLength(2);
    expect(row.aiMetadata).toMatchObject({
      summary: 'Minutes of the release planning meeting.',
      tags: ['release', 'planning', 'mobile app'],
      categories: ['meetings'],
      language: 'en',
      models: { summary: 'openai/gpt-test' },
    });
  });

  it('sends the schema as a tool the model must call', async () => {
    await analyseText('The budget for the offsite is approved.');

    const [request] = fake.requestsTo(CHAT);
    expect(request!.body.model).toBe('gpt-test');
    expect(request!.body.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({
          name: 'describe_file',
          parameters: expect.objectContaining({
            required: expect.arrayContaining(['summary', 'tags', 'categories', 'language']),
          }),
        }),
      }),
    ]);
    expect(request!.body.tool_choice).toMatchObject({ function: { name: 'describe_file' } });
  });

  it('falls back to the local summary after the allowed invalid answers', async () => {
    fake.on(CHAT, () => toolCallReply('describe_file', { summary: 42 }));

    const { result, row } = await analyseText(
      'The warehouse counted forty pallets of printer paper and twelve of toner cartridges. ' +
        'Toner stock runs out in March unless the supplier delivers earlier.',
    );

    expect(result).toMatchObject({ outcome: 'done' });
    expect(fake.requestsTo(CHAT)).toHaveLength(3);
    expect(row.aiMetadata!.models.summary).toBe(
      `${LOCAL_SUMMARY_MODEL} (fallback from openai/gpt-test)`,
    );
    expect(row.aiMetadata!.summary).toContain('pallets of printer paper');
    expect(row.aiMetadata!.tags).toContain('toner');
  });

  it('shows excerpts of a long file’s start, middle and end, within the budget', async () => {
    const paragraphs = Array.from(
      { length: 60 },
      (_, i) =>
        `Section ${i + 1} marker-${i + 1}-end of the safety handbook describes ladders, ` +
        'helmets, fire exits and first aid kits in the assembly hall and in the loading bay.',
    );

    const { result } = await analyseText(paragraphs.join('\n'), 'handbook.txt');

    expect(result).toMatchObject({ outcome: 'done' });
    const [request] = fake.requestsTo(CHAT);
    const prompt: string = request!.body.messages.at(-1).content;
    const excerpts = prompt.slice(prompt.indexOf('Excerpts:\n') + 'Excerpts:\n'.length);
    expect(excerpts).toContain('marker-1-end');
    expect(excerpts).toMatch(/marker-(2[6-9]|3[0-5])-end/);
    expect(excerpts).toContain('marker-60-end');
    expect(excerpts).not.toContain('marker-15-end');
    expect(excerpts.replaceAll('\n---\n', '').length).toBeLessThanOrEqual(SAMPLE_CHARS);
  });
});

describe('a failing LLM endpoint', () => {
  it('fails the attempt, so that Temporal retries it later', async () => {
    fake.on(CHAT, () => errorReply(503));

    const input = await harness.store({
      filename: 'outage.txt',
      contentType: 'text/plain',
      body: Buffer.from('The deploy checklist lists database backups and a rollback plan.'),
    });

    await expect(harness.run(input)).rejects.toThrow();
    // The client retries twice on its own before it gives the attempt up.
    expect(fake.requestsTo(CHAT)).toHaveLength(3);
    expect((await harness.file(input.fileId)).aiStatus).toBe('running');
  });
});
