import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AnalysisHarness, type StoredFile } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';
import * as samples from './testing/sample-files';

/**
 * Heartbeats, database calls and other activities share the worker's event loop with the
 * analysis: parsing a big document must not hold it. The delay is measured over the whole
 * activity, while a large generated document is parsed, split, embedded and published.
 */

let harness: AnalysisHarness;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder(0, 16).embedder });
});

afterAll(async () => {
  await harness?.close();
});

/** Well under the few seconds a heartbeat may be late; parsing these files takes seconds. */
const MAX_DELAY_MS = 250;

const OOXML = 'application/vnd.openxmlformats-officedocument';

async function maxDelayWhileAnalysing(file: StoredFile) {
  const input = await harness.store(file);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const started = Date.now();
  histogram.enable();
  const result = await harness.run(input);
  histogram.disable();
  return {
    result,
    elapsedMs: Date.now() - started,
    maxDelayMs: histogram.max / 1e6,
    chunks: (await harness.embeddings(input.fileId)).length,
  };
}

describe('the event loop while a large document is analysed', () => {
  it('stays responsive through a large spreadsheet', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [
      `Order ${i}`,
      `Customer ${i % 977}`,
      'Delivered',
      i * 3,
      `Warehouse ${i % 13}`,
    ]);
    const body = await samples.xlsx({ Orders: rows });
    const outcome = await maxDelayWhileAnalysing({
      filename: 'orders.xlsx',
      contentType: `${OOXML}.spreadsheetml.sheet`,
      body,
    });

    expect(outcome.result).toMatchObject({ outcome: 'done' });
    expect(outcome.chunks).toBeGreaterThan(500);
    expect(outcome.maxDelayMs).toBeLessThan(MAX_DELAY_MS);
  });

  it('stays responsive through a large Word document', async () => {
    const paragraphs = Array.from(
      { length: 20_000 },
      (_, i) => `Clause ${i}: the supplier delivers the goods named in annex ${i % 40} on time.`,
    );
    const body = await samples.docx(paragraphs);
    const outcome = await maxDelayWhileAnalysing({
      filename: 'contract.docx',
      contentType: `${OOXML}.wordprocessingml.document`,
      body,
    });

    expect(outcome.result).toMatchObject({ outcome: 'done' });
    expect(outcome.chunks).toBeGreaterThan(500);
    expect(outcome.maxDelayMs).toBeLessThan(MAX_DELAY_MS);
  });
});
