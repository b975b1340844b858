import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import { AnalysisHarness } from './testing/analysis-harness';
import { AnalysisOnTemporal } from './testing/analysis-on-temporal';
import { bagOfWordsEmbedder } from './testing/bag-of-words-embeddings';
import * as samples from './testing/sample-files';

/**
 * The activity driven by real workers on the test stack's Temporal server: what heartbeats,
 * timeouts and retries do is Temporal's behaviour, so it is tested through Temporal.
 */

let harness: AnalysisHarness;
let temporal: AnalysisOnTemporal;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
  temporal = await AnalysisOnTemporal.start(harness.runtime.config.temporal.address);
});

afterAll(async () => {
  await temporal?.close();
  await harness?.close();
});

const longText = Array.from(
  { length: 300 },
  (_, i) => `Entry ${i} of the delivery van log notes the mileage, the driver and the route.`,
).join('\n');

function startSlowWorker(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('tsx/cjs'),
      require.resolve('./testing/slow-worker-process'),
      taskQueue,
    ],
    { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the slow worker exited (${code})`)));
  });
}

async function embeddedStagedChunks(fileId: string): Promise<number> {
  const [row] = await harness.runtime.db.sequelize.query<{ count: string }>(
    `select count(*) as count from analysis_staged_chunks
      where file_id = $1 and embedding is not null`,
    { bind: [fileId], type: QueryTypes.SELECT },
  );
  return Number(row?.count);
}

describe('the analysis activity on real workers', () => {
  it('resumes on another worker after one is killed mid-file, with one set of embeddings', async () => {
    const activityQueue = AnalysisOnTemporal.activityQueue();
    const input = await harness.store({
      filename: 'van-log.txt',
      contentType: 'text/plain',
      body: Buffer.from(longText),
    });
    const slowWorker = await startSlowWorker(activityQueue);
    const handle = await temporal.startAnalysis(input, activityQueue, 3);

    while ((await embeddedStagedChunks(input.fileId)) < 8) await sleep(100);
    slowWorker.kill('SIGKILL');
    const paidBeforeKill = await embeddedStagedChunks(input.fileId);

    const { embedder, embeddings } = bagOfWordsEmbedder(0, 4);
    const rescuer = await temporal.activityWorker({ ...harness.deps, embedder }, activityQueue);
    const result = await rescuer.runUntil(handle.result());

    expect(result).toMatchObject({ outcome: 'done' });
    const chunkCount = (result as { chunkCount: number }).chunkCount;
    const stored = await harness.embeddings(input.fileId);
    expect(stored.map((e) => e.chunkIndex)).toEqual([...Array(chunkCount).keys()]);
    expect(embeddings.embeddedTexts).toBeLessThanOrEqual(chunkCount - paidBeforeKill);
    expect(await temporal.finalAttempts(handle.workflowId)).toEqual([2]);
    expect((await harness.file(input.fileId)).aiStatus).toBe('done');
  });

  it('fails an encrypted PDF once, with its reason, instead of retrying it', async () => {
    const input = await harness.store({
      filename: 'payroll.pdf',
      contentType: 'application/pdf',
      body: await samples.encryptedPdf(),
    });

    const { result, attempts } = await temporal.analyse(input, harness.deps, 3);

    expect(result).toEqual({
      outcome: 'failed',
      code: 'ENCRYPTED_DOCUMENT',
      message: 'The PDF is protected by a password.',
    });
    expect(attempts).toEqual([1]);
  });
});
