import { AnalysisHarness, type StoredFile } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';
import * as samples from './testing/sample-files';

let harness: AnalysisHarness;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
});

afterAll(async () => {
  await harness.close();
});

async function analyse(file: StoredFile) {
  const input = await harness.store(file);
  const result = await harness.run(input);
  const row = await harness.file(input.fileId);
  return { result, row, embeddings: await harness.embeddings(input.fileId) };
}

describe('files that can never be analysed end with a clear reason', () => {
  it('refuses an encrypted PDF', async () => {
    const body = await samples.encryptedPdf();
    const outcome = await analyse({
      filename: 'salaries.pdf',
      contentType: 'application/pdf',
      body,
    });

    expect(outcome.result).toEqual({
      outcome: 'failed',
      code: 'ENCRYPTED_DOCUMENT',
      message: 'The PDF is protected by a password.',
    });
    expect(outcome.row.aiStatus).toBe('failed');
    expect(outcome.row.aiStatusReason).toBe(
      'ENCRYPTED_DOCUMENT: The PDF is protected by a password.',
    );
    expect(outcome.embeddings).toEqual([]);
  });

  it('refuses a zip bomb disguised as a Word document before expanding it', async () => {
    const body = await samples.zipBombDocx();
    expect(body.length).toBeLessThan(512 * 1024);
    const contentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const before = process.memoryUsage().rss;
    const outcome = await analyse({ filename: 'report.docx', contentType, body });

    expect(outcome.result).toMatchObject({ outcome: 'failed', code: 'ARCHIVE_BOMB' });
    expect(outcome.row.aiStatusReason).toMatch(/^ARCHIVE_BOMB: A part of the document expands/);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('refuses a zip bomb that stays under the ratio but not under the total size', async () => {
    const body = await samples.zipBombDocx();
    const contentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const input = await harness.store({ filename: 'big.docx', contentType, body });
    const settings = {
      ...harness.deps.settings,
      limits: {
        ...harness.deps.settings.limits,
        maxArchiveRatio: 100_000,
        maxArchiveUncompressedBytes: 8 * 1024 * 1024,
      },
    };
    const result = await harness.run(input, {}, { settings });

    expect(result).toEqual({
      outcome: 'failed',
      code: 'ARCHIVE_BOMB',
      message: 'The document would expand to more than 8 MiB.',
    });
  });

  it('refuses a zip bomb whose directory lies about its sizes, without expanding it', async () => {
    const body = await samples.lyingZipBombDocx();
    const contentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const outcome = await analyse({ filename: 'memo.docx', contentType, body });

    expect(outcome.result).toEqual({
      outcome: 'failed',
      code: 'ARCHIVE_BOMB',
      message: 'A part of the document is larger than it declares.',
    });
  });

  it('reports an image without text as having no text', async () => {
    const body = await samples.blankPng();
    const outcome = await analyse({ filename: 'blank.png', contentType: 'image/png', body });

    expect(outcome.result).toMatchObject({ outcome: 'failed', code: 'NO_TEXT_FOUND' });
    expect(outcome.row.aiStatusReason).toBe(
      'NO_TEXT_FOUND: No readable text was found in the image.',
    );
  });

  it('reports a damaged PDF as corrupt', async () => {
    const body = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without end');
    const outcome = await analyse({ filename: 'broken.pdf', contentType: 'application/pdf', body });

    expect(outcome.result).toMatchObject({ outcome: 'failed', code: 'CORRUPT_FILE' });
  });

  it('reports a type it does not read as unsupported', async () => {
    const body = Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18));
    const outcome = await analyse({ filename: 'photos.zip', contentType: 'application/zip', body });

    expect(outcome.result).toEqual({
      outcome: 'failed',
      code: 'UNSUPPORTED_CONTENT',
      message: 'Files of type application/zip are not analysed.',
    });
  });
});
