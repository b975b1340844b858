import { AnalysisHarness } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';

/** The hard limits on what one file may cost: its size on disk and its amount of text. */

let harness: AnalysisHarness;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
});

afterAll(async () => {
  await harness?.close();
});

const withLimits = (limits: Partial<typeof harness.deps.settings.limits>) => ({
  settings: {
    ...harness.deps.settings,
    limits: { ...harness.deps.settings.limits, ...limits },
  },
});

/** Numbered lines of 50 characters: line N starts at character 50 × N. */
const lines = (count: number) =>
  Array.from({ length: count }, (_, i) => `Line ${String(i).padStart(5, '0')} of the shipping log.`)
    .map((line) => line.padEnd(49, '.'))
    .join('\n');

async function analyseText(text: string, limits: Partial<typeof harness.deps.settings.limits>) {
  const input = await harness.store({
    filename: 'log.txt',
    contentType: 'text/plain',
    body: Buffer.from(text),
  });
  const result = await harness.run(input, {}, withLimits(limits));
  const row = await harness.file(input.fileId);
  const indexed = (await harness.embeddings(input.fileId)).map((e) => e.content).join('\n');
  return { result, row, indexed };
}

describe('the text budget (AI_MAX_TEXT_CHARS)', () => {
  it('indexes a longer text up to the budget and says it was truncated', async () => {
    const { result, row, indexed } = await analyseText(lines(400), { maxTextChars: 5000 });

    expect(result).toMatchObject({ outcome: 'done' });
    expect(indexed).toContain('Line 00000');
    expect(indexed).toContain('Line 00099');
    expect(indexed).not.toContain('Line 00100');
    expect(indexed).not.toContain('Line 00399');
    expect(row.aiStatus).toBe('done');
    expect(row.aiStatusReason).toBe('Only the first 5000 characters of the text were indexed.');
    expect(row.aiMetadata!.truncatedAt).toBe(5000);
  });

  it('indexes a text within the budget whole, with no reason shown', async () => {
    const { row, indexed } = await analyseText(lines(80), { maxTextChars: 5000 });

    expect(indexed).toContain('Line 00079');
    expect(row.aiStatus).toBe('done');
    expect(row.aiStatusReason).toBeNull();
    expect(row.aiMetadata!.truncatedAt).toBeUndefined();
  });
});

describe('the input size limit (AI_MAX_INPUT_BYTES)', () => {
  it('refuses a file larger than the limit, with a reason and no embeddings', async () => {
    const { result, row, indexed } = await analyseText(lines(200), { maxInputBytes: 4096 });

    expect(result).toEqual({
      outcome: 'failed',
      code: 'ANALYSIS_INPUT_TOO_LARGE',
      message: 'Files over 4 KiB of this type are not analysed.',
    });
    expect(row.aiStatus).toBe('failed');
    expect(row.aiStatusReason).toBe(
      'ANALYSIS_INPUT_TOO_LARGE: Files over 4 KiB of this type are not analysed.',
    );
    expect(indexed).toBe('');
  });

  it('analyses a file just under the limit', async () => {
    const text = lines(80);
    expect(text.length).toBeLessThan(4096);
    const { result } = await analyseText(text, { maxInputBytes: 4096 });

    expect(result).toMatchObject({ outcome: 'done' });
  });
});
