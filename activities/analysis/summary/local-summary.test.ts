import { chunkSections } from '../chunking';
import { AnalysisHarness } from '../testing/analysis-harness';
import * as samples from '../testing/sample-files';
import { createLocalSummarizer } from './local-summary';

describe('the local summary and tags', () => {
  let harness: AnalysisHarness;

  beforeAll(async () => {
    harness = await AnalysisHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function describeText(text: string) {
    const { embeddings } = harness.deps.embedder;
    const chunks = await chunkSections([{ text }], { size: 1000, overlap: 150 });
    const vectors = await embeddings.embedDocuments(chunks.map((c) => c.text));
    return createLocalSummarizer(embeddings).summarize({ filename: 'notes.txt', chunks, vectors });
  }

  /** Runs the whole pipeline on a stored file: what the file's page would show. */
  async function analyse(filename: string, contentType: string, body: Buffer) {
    const input = await harness.store({ filename, contentType, body });
    expect(await harness.run(input)).toMatchObject({ outcome: 'done' });
    const stored = (await harness.embeddings(input.fileId)).map((e) => e.content).join('\n');
    return { metadata: (await harness.file(input.fileId)).aiMetadata!, stored };
  }

  const OFF_TOPIC = 'The cafeteria on the third floor serves lasagne every Thursday.';

  it('summarises with the sentences central to the topic, not the stray one', async () => {
    const text = [
      'Every new employee completes the security awareness training in the first week.',
      'New hires must enable two-factor authentication before they receive system access.',
      OFF_TOPIC,
      'Laptops issued to new staff are encrypted and enrolled in device management.',
      'Managers confirm that each newcomer has signed the acceptable use policy.',
      'Access rights for new employees follow the principle of least privilege.',
    ].join(' ');

    const { summary, language } = await describeText(text);

    expect(language).toBe('en');
    expect(summary.length).toBeGreaterThan(0);
    expect(summary).not.toContain('cafeteria');
  });

  it('ends its summary with a whole sentence when the central ones are long', async () => {
    const sentences = [
      'The warehouse team counts every pallet of paper, toner and printer parts on the first ' +
        'Monday of each month, compares the count with the stock system, and reports any ' +
        'difference of more than two percent to the operations manager before noon that day.',
      'Pallets that arrive damaged are photographed at the loading bay, set aside in the ' +
        'quarantine area next to the office, and reported to the supplier within a day so that ' +
        'the carrier can inspect them before the warehouse team throws anything away.',
      'Stock of toner and paper is reordered from the supplier whenever the count drops below ' +
        'four weeks of use, and the warehouse team checks each delivery against the order and ' +
        'the delivery note before it signs for the pallets and moves them onto the shelves.',
    ];

    const { summary } = await describeText(sentences.join(' '));

    expect(summary.length).toBeLessThanOrEqual(700);
    expect(summary.split(/(?<=\.) /).every((sentence) => sentences.includes(sentence))).toBe(true);
  });

  it('tags with content words of the document, never stop words', async () => {
    const text =
      'The subscription costs 40 euros per seat per month, billed per quarter via invoice. ' +
      'Each invoice lists the seats, the discount and the total; invoices are due within ' +
      'thirty days. Seats can be added at any time and are billed from the next invoice.';

    const { tags } = await describeText(text);
    const words = new Set(text.toLowerCase().match(/\p{L}+/gu));

    expect(tags.length).toBeGreaterThan(0);
    expect(tags[0]).toBe('invoice');
    expect(tags).toEqual(expect.arrayContaining(['seats']));
    expect(tags.every((tag) => words.has(tag))).toBe(true);
    for (const stopWord of ['per', 'via', 'the', 'are', 'within', 'each', 'any', 'can']) {
      expect(tags).not.toContain(stopWord);
    }
  });

  const OFFSITE_MEMO = [
    'Offsite planning',
    'We need a venue for sixteen people for the spring offsite. The venue needs sixteen beds, ' +
      'a meeting room with a projector and a kitchen we can use in the evenings. Sixteen ' +
      'people need transport from the station, so we need either two minibuses or a coach.',
    'The budget is four hundred euros per person, meals included. If the venue needs a ' +
      'deposit, finance needs the invoice two weeks before the offsite. We need to confirm ' +
      'the dates by Friday, and everyone needs to tell Ana about dietary needs.',
  ].join('\n\n');

  const TOMATO_GUIDE = [
    'Growing tomatoes at home',
    'Tomatoes need a sunny spot with at least six hours of direct sun a day. Sow the seeds ' +
      'indoors about eight weeks before the last frost, in small pots kept warm and moist. ' +
      'When the seedlings have two true leaves, move each one into its own pot.',
    'Plant the young tomatoes outside once the nights stay above ten degrees. Water deeply ' +
      'twice a week, and water the soil, not the leaves, to keep blight away. Pick the ' +
      'tomatoes when they are fully coloured; green fruit ripens on a windowsill.',
  ].join('\n\n');

  it.each([
    ['a planning memo', OFFSITE_MEMO, ['venue', 'offsite'], ['need', 'needs', 'sixteen', 'two']],
    ['a gardening guide', TOMATO_GUIDE, ['tomatoes', 'leaves'], ['its', 'when', 'once', 'six']],
  ])(
    'tags %s with its subject, not with common verbs or numbers',
    async (_, text, topics, fillers) => {
      const { tags } = await describeText(text);

      expect(tags).toEqual(expect.arrayContaining(topics));
      for (const filler of fillers) expect(tags).not.toContain(filler);
    },
  );

  it.each([
    ['meeting notes', 'Meeting notes: ship the upload API on Friday.'],
    ['a gardening guide', TOMATO_GUIDE],
  ])('gives %s no category: categories come from an LLM', async (_, text) => {
    const { categories } = await describeText(text);

    expect(categories).toEqual([]);
  });

  it('summarises a PDF in whole sentences though its lines wrap mid-sentence', async () => {
    const travel = [
      'Employees who travel for work book flights, hotel rooms and rail tickets through the ' +
        'company portal, which keeps every booking of a trip in one place.',
      'Economy class is required for flights shorter than six hours, and business class ' +
        'needs the written approval of a director before the booking is made.',
      'Hotels are booked at the rates the portal has negotiated, unless the hotel of a ' +
        'conference costs less for the same nights.',
    ];
    const expenses = [
      'Receipts for meals, taxis and parking are uploaded within thirty days of the trip, ' +
        'and the finance team pays them back with the next salary.',
      'Travellers who need an advance on their costs ask the finance team for it at least a ' +
        'week before they leave.',
    ];
    const page = ['Travel policy', travel.join(' '), 'Expenses', expenses.join(' ')].join('\n');
    const body = await samples.textPdf([page]);

    const { metadata, stored } = await analyse('travel-policy.pdf', 'application/pdf', body);

    // The text layer breaks each sentence over lines where the page ran out of width.
    expect(stored).not.toContain(travel[0]);
    expect(stored.replace(/\s+/g, ' ')).toContain(travel[0]);
    const summarySentences = metadata.summary.split(/(?<=\.) /);
    expect(summarySentences.length).toBeGreaterThan(0);
    for (const sentence of summarySentences) {
      expect([...travel, ...expenses]).toContain(sentence);
    }
  });
});
