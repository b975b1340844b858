import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AnalysisHarness } from '../activities/analysis/testing/analysis-harness';
import { prepareServices } from './prepare-services';
import { freeStackPorts, startStack, type Stack } from './stack';

/**
 * `npm run bench:pipeline`: chunks embedded per second through the whole extractFileAiMetadata
 * activity (read from the store, extract, chunk, embed, summarize, write to PostgreSQL) against
 * the same model called directly on the same chunks in the same batch size. The ratio of the
 * two is what the pipeline costs on top of the model. Runs on a stack of its own, in a temp dir.
 */

const TEXT_BYTES = 300 * 1024;
const ROUNDS = 3;

/** Parts of sentences, combined by a seeded generator: varied text, the same on every run. */
const SUBJECTS = [
  'The finance team',
  'Our supplier in Lyon',
  'The night shift',
  'A new customer',
  'The audit committee',
  'The warehouse manager',
  'Each regional office',
  'The support desk',
  'The design studio',
  'A senior engineer',
];
const VERBS = [
  'reviewed',
  'postponed',
  'approved',
  'questioned',
  'shipped',
  'documented',
  'measured',
  'rescheduled',
  'translated',
  'rejected',
];
const OBJECTS = [
  'the quarterly budget',
  'the delivery of spare parts',
  'the onboarding checklist',
  'the database migration',
  'the fire safety inspection',
  'the spring marketing campaign',
  'the insurance claim for the van',
  'the travel expenses of the sales team',
  'the contract with the cleaning company',
  'the results of the customer survey',
];
const TAILS = [
  'before the end of the month',
  'after a long discussion',
  'because the figures did not match',
  'with two minor corrections',
  'despite the bad weather',
  'at the request of the board',
  'for the third time this year',
  'without any further delay',
  'once the lawyers had read it',
  'while the new system was being tested',
];

/** mulberry32: a tiny deterministic generator, so every run embeds the same text. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain text of about `bytes` bytes, in paragraphs of a few sentences, as a real note has. */
function variedText(bytes: number): string {
  const random = seededRandom(42);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  const paragraphs: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentences = Array.from({ length: 3 + Math.floor(random() * 5) }, () => {
      const day = 1 + Math.floor(random() * 28);
      return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)} on day ${day}.`;
    });
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const secondsSince = (start: number) => (performance.now() - start) / 1000;

type Env = Record<string, string>;

/**
 * A stack on free ports in a fresh temp dir. The dir is opened to other users because
 * PostgreSQL started by root runs as `nobody`, and would otherwise keep its data in a stand-in
 * dir outside this one, which removing this one would leave behind.
 */
async function startBenchStack(): Promise<{ stack: Stack; dataDir: string; env: Env }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-pipeline-'));
  chmodSync(dataDir, 0o755);
  const stack = await startStack({ dataDir, ports: await freeStackPorts(), headless: true });
  const env: Env = {
    ...stack.env,
    // Required by the configuration, though nothing here signs a token.
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  return { stack, dataDir, env };
}

/** One run of the activity on a new copy of the file (a stored version is never indexed twice). */
async function runPipeline(harness: AnalysisHarness, text: Buffer) {
  const input = await harness.store({
    filename: 'bench-notes.txt',
    contentType: 'text/plain',
    body: text,
  });
  const start = performance.now();
  const result = await harness.run(input);
  const seconds = secondsSince(start);
  if (result.outcome !== 'done') {
    throw new Error(`the pipeline did not finish: ${JSON.stringify(result)}`);
  }
  return { fileId: input.fileId, seconds };
}

/** The chunks through the model alone, in the batches the pipeline sends. */
async function embedDirectly(harness: AnalysisHarness, chunks: string[]): Promise<number> {
  const { embeddings, batchSize } = harness.deps.embedder;
  const start = performance.now();
  for (let first = 0; first < chunks.length; first += batchSize) {
    await embeddings.embedDocuments(chunks.slice(first, first + batchSize));
  }
  return secondsSince(start);
}

interface Figures {
  model: string;
  textBytes: number;
  chunks: number;
  batchSize: number;
  rounds: number;
  pipelineChunksPerSecond: number;
  directChunksPerSecond: number;
  /** Direct rate over pipeline rate: how many times longer a chunk takes in the activity. */
  overhead: number;
}

/**
 * A warm-up run first (model, connections and the summarizer's label vectors are paid once per
 * process, not per file), then the two sides in turns so that any drift of the machine affects
 * both alike; the median of each side is kept.
 */
async function measure(harness: AnalysisHarness): Promise<Figures> {
  const text = Buffer.from(variedText(TEXT_BYTES));
  const warmUp = await runPipeline(harness, text);
  const chunks = (await harness.embeddings(warmUp.fileId)).map((row) => row.content);
  await embedDirectly(harness, chunks);

  const pipelineSeconds: number[] = [];
  const directSeconds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    pipelineSeconds.push((await runPipeline(harness, text)).seconds);
    directSeconds.push(await embedDirectly(harness, chunks));
  }
  const pipelineRate = chunks.length / median(pipelineSeconds);
  const directRate = chunks.length / median(directSeconds);
  return {
    model: harness.deps.embedder.model,
    textBytes: text.length,
    chunks: chunks.length,
    batchSize: harness.deps.embedder.batchSize,
    rounds: ROUNDS,
    pipelineChunksPerSecond: round2(pipelineRate),
    directChunksPerSecond: round2(directRate),
    overhead: round2(directRate / pipelineRate),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function report(figures: Figures): void {
  const rows = [
    ['', 'chunks/s'],
    ['whole activity', figures.pipelineChunksPerSecond.toFixed(2)],
    ['model directly', figures.directChunksPerSecond.toFixed(2)],
    ['overhead (direct ÷ activity)', `${figures.overhead.toFixed(2)}x`],
  ];
  const width = Math.max(...rows.map(([label]) => label!.length));
  console.log(
    `${figures.chunks} chunks of ${figures.textBytes} bytes of text, ${figures.model}, ` +
      `batches of ${figures.batchSize}, median of ${figures.rounds} runs each`,
  );
  for (const [label, value] of rows) console.log(`${label!.padEnd(width)}  ${value!.padStart(9)}`);
  console.log(JSON.stringify(figures));
}

async function main(): Promise<void> {
  console.log('starting Temporal, PostgreSQL and SeaweedFS…');
  const { stack, dataDir, env } = await startBenchStack();
  // A bench interrupted by Ctrl-C must not leave the services it started running.
  const interrupt = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  let harness: AnalysisHarness | undefined;
  let succeeded = false;
  try {
    // The same migrations and bucket as the dev launcher's and the tests' stacks.
    await prepareServices({ ...process.env, ...env });
    harness = await AnalysisHarness.start({}, env);
    console.log('measuring…');
    report(await measure(harness));
    succeeded = true;
  } finally {
    await harness?.close();
    await stack.stop();
    if (succeeded) rmSync(dataDir, { recursive: true, force: true });
    else console.error(`services' logs kept in ${path.join(dataDir, 'logs')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
