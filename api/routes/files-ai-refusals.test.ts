import { randomUUID } from 'node:crypto';
import { createAnalysisActivities } from '../../activities/analysis';
import { AnalysisHarness } from '../../activities/analysis/testing/analysis-harness';
import { bagOfWordsEmbedder } from '../../activities/analysis/testing/bag-of-words-embeddings';
import * as samples from '../../activities/analysis/testing/sample-files';
import { uploadFile, waitForFile, type NewUpload } from '../../test/support/file-api';
import type { Json } from '../../test/support/http';
import { startTestApi, type TestApi } from '../../test/support/http';
import { startUploadsWorker, type UploadsWorker } from '../../test/support/worker';

/**
 * Files that can be stored but never read (or only in part), uploaded through the API as a
 * browser would, with the real file workflow and the real analysis activity behind it: the file
 * is ready, its AI status is failed (or done), and the reason says why.
 */

let harness: AnalysisHarness;
let worker: UploadsWorker;
let api: TestApi;
const WS = `ws-ai-refusals-${randomUUID().slice(0, 8)}`;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TEXT_BUDGET = 2000;

beforeAll(async () => {
  harness = await AnalysisHarness.start({ embedder: bagOfWordsEmbedder().embedder });
  // A small text budget, so that a few kilobytes are enough to be cut.
  const { settings } = harness.deps;
  const limits = { ...settings.limits, maxTextChars: TEXT_BUDGET };
  worker = await startUploadsWorker({
    runtime: harness.runtime,
    analysis: createAnalysisActivities({ ...harness.deps, settings: { ...settings, limits } }),
  });
  api = await startTestApi({ userId: 'user-ai-refusals', workspaces: [WS] }, {}, worker.config);
});

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await harness?.close();
});

const aiSettled = (file: Json) => file.ai?.status === 'done' || file.ai?.status === 'failed';

async function uploadAndWait(upload: NewUpload) {
  const { issued, completed } = await uploadFile(api, WS, upload);
  expect(completed.status).toBe(202);
  return waitForFile(api, WS, issued.fileId, aiSettled, 60_000);
}

describe('a file the pipeline refuses or cuts, as the API shows it', () => {
  it('shows an encrypted PDF as ready with AI status failed: ENCRYPTED_DOCUMENT', async () => {
    const file = await uploadAndWait({
      filename: 'salaries.pdf',
      contentType: 'application/pdf',
      bytes: await samples.encryptedPdf(),
    });

    expect(file.status).toBe('ready');
    expect(file.ai).toMatchObject({
      status: 'failed',
      reason: { code: 'ENCRYPTED_DOCUMENT', message: 'The PDF is protected by a password.' },
      summary: null,
      tags: [],
    });
  });

  it('shows a zip bomb disguised as a Word document as failed: ARCHIVE_BOMB', async () => {
    const file = await uploadAndWait({
      filename: 'report.docx',
      contentType: DOCX,
      bytes: await samples.zipBombDocx(),
    });

    expect(file.status).toBe('ready');
    expect(file.ai.status).toBe('failed');
    expect(file.ai.reason.code).toBe('ARCHIVE_BOMB');
  });

  it('shows a text cut to the budget as done, with a reason that says so', async () => {
    const text = 'The fleet report lists every van, its mileage and its next service.\n'.repeat(
      100,
    );
    const file = await uploadAndWait({
      filename: 'fleet.txt',
      contentType: 'text/plain',
      bytes: Buffer.from(text),
    });

    expect(file.ai).toMatchObject({
      status: 'done',
      reason: { message: `Only the first ${TEXT_BUDGET} characters of the text were indexed.` },
    });
  });

  it('keeps the refused file out of search', async () => {
    const res = await api.call(`/workspaces/${WS}/search`, {
      method: 'POST',
      body: { query: 'salaries report', limit: 10 },
    });

    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([]);
  });
});
