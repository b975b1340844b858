import { randomUUID } from 'node:crypto';
import { searchWorkspace } from '../../api/search-query';
import { embeddingModelId } from './pipeline-version';
import { AnalysisHarness } from './testing/analysis-harness';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';

/**
 * Semantics, not word overlap: each query below shares no content word with the document it
 * should find, so only an embedding model that knows meanings can rank that document first.
 * The same documents and queries through a bag-of-words embedder are the baseline that fails.
 */

interface LabelledPair {
  /** Neutral names: search also matches words of file names, which must not give hints. */
  filename: string;
  document: string;
  query: string;
}

const PAIRS: LabelledPair[] = [
  {
    filename: 'doc-01.txt',
    document:
      'Invoice 4471 from Northside Garage. We replaced the front brake pads, changed the ' +
      'engine oil and filter, and rotated the tyres. Labour and parts come to 412 euros, ' +
      'payable within thirty days.',
    query: 'automobile repair bill',
  },
  {
    filename: 'doc-02.txt',
    document:
      'Reminder: your check-up with Dr. Alvarez is booked for Tuesday 14 May at 9:30. Please ' +
      'arrive ten minutes early and bring your insurance card. The hygienist will clean your ' +
      'teeth and take X-rays.',
    query: 'dental clinic visit',
  },
  {
    filename: 'doc-03.txt',
    document:
      'Annual mortgage statement for account 88-2031. The outstanding principal is 231,480 ' +
      'pounds, and the interest rate stays fixed at 3.9 percent until 2027. Twelve monthly ' +
      'repayments of 1,150 pounds were received this year.',
    query: 'home loan balance',
  },
  {
    filename: 'doc-04.txt',
    document:
      'Bella, a ten-week-old Labrador, received her first parvovirus and distemper shots ' +
      'today. The next dose is due in four weeks, and she was also microchipped. Weight 6.2 ' +
      'kg; healthy and playful.',
    query: 'young dog immunisation history',
  },
  {
    filename: 'doc-05.txt',
    document:
      'Booking confirmed: Lufthansa LH 401 from Frankfurt to New York JFK on 3 June, ' +
      'departing 10:15, seat 24C. One checked bag of 23 kg is included. Boarding closes 20 ' +
      'minutes before departure.',
    query: 'airline ticket reservation',
  },
  {
    filename: 'doc-06.txt',
    document:
      'We are pleased to offer you the position of senior accountant, starting on 1 ' +
      'September. Your annual salary will be 68,000 dollars with 25 days of paid holiday. ' +
      'Please sign and return this letter by Friday.',
    query: 'employment terms for a job candidate',
  },
  {
    filename: 'doc-07.txt',
    document:
      'Whisk three eggs with the sugar until pale, fold in the flour and melted butter, then ' +
      'bake at 180 degrees for 25 minutes. Let the sponge cool before topping it with ' +
      'strawberries and whipped cream.',
    query: 'homemade cake recipe',
  },
  {
    filename: 'doc-08.txt',
    document:
      'Your electricity usage for March was 342 kWh at 0.28 per kWh. A direct debit of 95.76 ' +
      'will be taken from your account on 5 April. Switching to the off-peak tariff could ' +
      'lower future charges.',
    query: 'power consumption cost',
  },
  {
    filename: 'doc-09.txt',
    document:
      'After the latest update, the mobile app crashes whenever someone opens the settings ' +
      'screen on Android 14. The stack trace points to a null pointer in the theme loader. ' +
      'Steps to reproduce are attached.',
    query: 'smartphone software defect',
  },
  {
    filename: 'doc-10.txt',
    document:
      'You are warmly invited to celebrate the marriage of Anna and Tom on Saturday 21 ' +
      "September at St Mary's church, followed by dinner and dancing at the Old Mill. Kindly " +
      'reply by 1 August.',
    query: 'bride and groom ceremony',
  },
];

/** The bar for a semantic model, and what a bag-of-words embedder must stay below. */
const MIN_HITS = 8;

/** Function words only: anything that carries a topic must count as shared. */
const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in is it its of on or our so that the their ' +
    'then this to was we were will with you your'
  ).split(' '),
);

/** Fragments of one or two letters ("x" of "X-rays", "s" of "Mary's") would match anything. */
function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  return words.filter((word) => word.length > 2 && !STOPWORDS.has(word));
}

/**
 * Two words count as one when they begin alike (up to five letters): search stems the words
 * it matches, so "invoice" must not slip past as different from "invoices".
 */
function sameStem(a: string, b: string): boolean {
  const length = Math.min(5, a.length, b.length);
  return a.slice(0, length) === b.slice(0, length);
}

function sharedContentWords(query: string, document: string): string[] {
  const documentWords = contentWords(document);
  return contentWords(query).filter((word) => documentWords.some((d) => sameStem(word, d)));
}

/** Runs the real pipeline on every document, in one fresh workspace; returns name → file id. */
async function indexDocuments(harness: AnalysisHarness, workspaceId: string) {
  const fileIds = new Map<string, string>();
  for (const pair of PAIRS) {
    const input = await harness.store({
      workspaceId,
      filename: pair.filename,
      contentType: 'text/plain',
      body: Buffer.from(pair.document),
    });
    expect(await harness.run(input)).toMatchObject({ outcome: 'done' });
    fileIds.set(pair.filename, input.fileId);
  }
  return fileIds;
}

/** Each query's results from the real search, with the harness's model. */
async function searchEach(harness: AnalysisHarness, workspaceId: string, limit: number) {
  const { embedder } = harness.deps;
  const answers = new Map<LabelledPair, string[]>();
  for (const pair of PAIRS) {
    const results = await searchWorkspace(
      harness.runtime.db.sequelize,
      {
        workspaceId,
        query: pair.query,
        vector: await embedder.embeddings.embedQuery(pair.query),
        model: embedder.model,
        limit,
      },
      harness.runtime.config.search,
    );
    answers.set(
      pair,
      results.map((result) => result.fileId),
    );
  }
  return answers;
}

/** How many queries get their own document first. */
async function firstPlaceHits(harness: AnalysisHarness, workspaceId: string): Promise<number> {
  const fileIds = await indexDocuments(harness, workspaceId);
  const answers = await searchEach(harness, workspaceId, 1);
  return PAIRS.filter((pair) => answers.get(pair)![0] === fileIds.get(pair.filename)).length;
}

describe('Semantics, not word overlap', () => {
  it.each(PAIRS)('"$query" shares no content word with $filename', ({ query, document }) => {
    expect(sharedContentWords(query, document)).toEqual([]);
  });

  describe('with the default local model', () => {
    let harness: AnalysisHarness;

    beforeAll(async () => {
      harness = await AnalysisHarness.start();
    });

    afterAll(async () => {
      await harness?.close();
    });

    it(`ranks the right document first for at least ${MIN_HITS} of ${PAIRS.length} queries`, async () => {
      const hits = await firstPlaceHits(harness, `ws-semantic-${randomUUID().slice(0, 8)}`);

      expect(hits).toBeGreaterThanOrEqual(MIN_HITS);
    });

    it('keeps every right document above SEARCH_MIN_SCORE and drops most wrong ones', async () => {
      const workspaceId = `ws-min-score-${randomUUID().slice(0, 8)}`;
      const fileIds = await indexDocuments(harness, workspaceId);

      const answers = await searchEach(harness, workspaceId, PAIRS.length);

      const missed = PAIRS.filter((p) => !answers.get(p)!.includes(fileIds.get(p.filename)!));
      expect(missed.map((pair) => pair.query)).toEqual([]);
      const wrongKept = PAIRS.reduce((sum, pair) => sum + answers.get(pair)!.length - 1, 0);
      expect(wrongKept).toBeLessThanOrEqual(5);
    });
  });

  describe('with a bag-of-words embedder (the baseline)', () => {
    let harness: AnalysisHarness;

    beforeAll(async () => {
      harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
    });

    afterAll(async () => {
      await harness?.close();
    });

    it(`ranks the right document first for fewer than ${MIN_HITS} queries`, async () => {
      // Search compares only vectors of the query's model: distinct names keep the runs apart.
      const defaultModel = embeddingModelId(harness.runtime.config.ai.embedding);
      expect(harness.deps.embedder.model).not.toBe(defaultModel);

      const hits = await firstPlaceHits(harness, `ws-lexical-${randomUUID().slice(0, 8)}`);

      expect(hits).toBeLessThan(MIN_HITS);
    });
  });
});
