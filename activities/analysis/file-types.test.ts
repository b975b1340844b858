import { AnalysisHarness, type StoredFile } from './testing/analysis-harness';
import * as samples from './testing/sample-files';

let harness: AnalysisHarness;

beforeAll(async () => {
  harness = await AnalysisHarness.start();
});

afterAll(async () => {
  await harness.close();
});

const OOXML = 'application/vnd.openxmlformats-officedocument';

/** Runs the pipeline on a stored file and returns what a user would see afterwards. */
async function analyse(file: StoredFile) {
  const input = await harness.store(file);
  const result = await harness.run(input);
  const row = await harness.file(input.fileId);
  const embeddings = await harness.embeddings(input.fileId);
  const text = embeddings.map((e) => e.content).join('\n');
  return { result, row, embeddings, text };
}

function expectIndexed(outcome: Awaited<ReturnType<typeof analyse>>) {
  expect(outcome.result).toMatchObject({ outcome: 'done' });
  expect(outcome.row.aiStatus).toBe('done');
  expect(outcome.embeddings.length).toBeGreaterThanOrEqual(1);
  expect(outcome.embeddings.every((e) => e.model === 'local/all-MiniLM-L6-v2-q8')).toBe(true);
  expect(outcome.row.aiMetadata?.summary.length).toBeGreaterThan(0);
  expect(outcome.row.aiMetadata?.tags.length).toBeGreaterThan(0);
}

describe('each supported type yields its text, embeddings, a summary and tags', () => {
  it('reads a PDF page by page and keeps page numbers', async () => {
    const body = await samples.textPdf([
      'The quarterly budget review covers travel expenses and software licences.',
      'Payroll for the support team rises by four percent next year.',
    ]);
    const outcome = await analyse({ filename: 'budget.pdf', contentType: 'application/pdf', body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('quarterly budget review');
    expect(outcome.embeddings.map((e) => e.page)).toEqual([1, 2]);
  });

  it('reads a scanned PDF page by OCR', async () => {
    const body = await samples.scannedPdf();
    const outcome = await analyse({ filename: 'scan.pdf', contentType: 'application/pdf', body });

    expectIndexed(outcome);
    expect(outcome.text.toLowerCase()).toContain('brake pads');
    expect(outcome.row.aiMetadata?.models.ocr).toMatch(/tesseract/);
  });

  it('reads a Word document', async () => {
    const body = await samples.docx(['Onboarding checklist for new engineers.', 'Laptop setup.']);
    const contentType = `${OOXML}.wordprocessingml.document`;
    const outcome = await analyse({ filename: 'onboarding.docx', contentType, body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Onboarding checklist for new engineers.');
  });

  it('reads a PowerPoint deck slide by slide', async () => {
    const body = await samples.pptx(['Roadmap for the mobile app', 'Hiring plan for 2025']);
    const contentType = `${OOXML}.presentationml.presentation`;
    const outcome = await analyse({ filename: 'plan.pptx', contentType, body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Hiring plan for 2025');
    expect(outcome.embeddings.map((e) => e.page)).toEqual([1, 2]);
  });

  it('reads an Excel workbook with its sheet names and cells', async () => {
    const body = await samples.xlsx({
      'Budget 2024': [
        ['Item', 'Cost'],
        ['Laptops', 1200],
      ],
      Staff: [['Alice', 'Engineer']],
    });
    const contentType = `${OOXML}.spreadsheetml.sheet`;
    const outcome = await analyse({ filename: 'budget.xlsx', contentType, body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Laptops\t1200');
    expect(outcome.embeddings.map((e) => e.section)).toEqual(['Budget 2024', 'Staff']);
  });

  it('reads an OpenDocument text', async () => {
    const body = await samples.odt(['Minutes of the safety committee meeting.', 'Fire drill.']);
    const contentType = 'application/vnd.oasis.opendocument.text';
    const outcome = await analyse({ filename: 'minutes.odt', contentType, body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Minutes of the safety committee meeting.');
  });

  it('reads only the visible text of an HTML page', async () => {
    const html = `<html><head><title>t</title><style>p { color: red }</style>
      <script>var secret = "do-not-index";</script></head>
      <body><nav>Home | About</nav><h1>Refund policy</h1>
      <p>Customers may return <a href="https://example.test/x">goods</a> within 30 days.</p>
      <img src="data:image/png;base64,AAAA"></body></html>`;
    const outcome = await analyse({
      filename: 'refunds.html',
      contentType: 'text/html',
      body: Buffer.from(html),
    });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Customers may return goods within 30 days.');
    expect(outcome.text).not.toMatch(/do-not-index|color: red|example\.test|base64/);
  });

  it('reads Markdown', async () => {
    const body = Buffer.from('# Release notes\n\nThe export to CSV is now twice as fast.\n');
    const outcome = await analyse({ filename: 'notes.md', contentType: 'text/markdown', body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('The export to CSV is now twice as fast.');
  });

  it('reads a CSV in a legacy encoding (Windows-1252)', async () => {
    const body = samples.latin1Csv(
      'dish,price\nCrème brûlée,7\nCafé au lait,3\nSalade niçoise,12\nTarte flambée,9\n',
    );
    const outcome = await analyse({ filename: 'menu.csv', contentType: 'text/csv', body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Crème brûlée,7');
  });

  it('reads plain text in UTF-16 with a byte-order mark', async () => {
    const body = samples.utf16Text('Warehouse inventory: 40 pallets of paper, 12 of toner.');
    const outcome = await analyse({ filename: 'stock.txt', contentType: 'text/plain', body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('40 pallets of paper');
  });

  it.each(['png', 'jpeg', 'webp', 'tiff'] as const)('reads a %s image by OCR', async (format) => {
    const body = await samples.image(format);
    const contentType = `image/${format}`;
    const outcome = await analyse({ filename: `invoice.${format}`, contentType, body });

    expectIndexed(outcome);
    expect(outcome.text.toLowerCase()).toContain('engine oil');
  });

  it('describes audio by its technical metadata', async () => {
    const body = samples.wavTone(2);
    const outcome = await analyse({ filename: 'tone.wav', contentType: 'audio/wav', body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Duration: 2 s');
    expect(outcome.text).toMatch(/Codec: PCM/);
  });

  it('describes a video by its duration, codecs and picture size', async () => {
    const body = samples.testPatternWebm();
    const outcome = await analyse({ filename: 'pattern.webm', contentType: 'video/webm', body });

    expectIndexed(outcome);
    expect(outcome.text).toContain('Video file pattern.webm');
    expect(outcome.text).toContain('Duration: 2 s');
    expect(outcome.text).toContain('Video codec: VP8');
    expect(outcome.text).toContain('Audio codec: OPUS');
    expect(outcome.text).toContain('Picture: 160 x 120');
  });
});
