import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { runActivity } from '../../test/support/activity-env';
import { insertFileRow } from '../../test/support/file-rows';
import { testRuntime } from '../../test/support/runtime';
import { createMetadataActivities } from '.';

let runtime: Runtime;
let activities: ReturnType<typeof createMetadataActivities>;

beforeAll(() => {
  runtime = testRuntime();
  activities = createMetadataActivities({
    db: runtime.db,
    logger: runtime.logger,
    limits: runtime.config.limits,
  });
});

afterAll(async () => {
  await runtime.close();
});

const workspaceId = `ws-${randomUUID()}`;
const row = (status: 'awaiting_upload' | 'ready', aiStatus: 'pending' | 'done' = 'pending') =>
  insertFileRow(runtime.db.models, { workspaceId, status, aiStatus });
const reload = (id: string) => runtime.db.models.FileMetadata.findByPk(id, { rejectOnEmpty: true });

/** A ready file with a summary, one embedded chunk and one chunk staged by a run. */
async function indexedRow() {
  const file = await row('ready', 'done');
  await file.update({
    aiMetadata: {
      summary: 'Quarterly invoices for the garage.',
      tags: ['invoices'],
      categories: [],
      pipelineVersion: 'test',
      models: {},
    },
  });
  const vector = `[${Array.from({ length: 1024 }, (_, i) => (i === 0 ? 1 : 0)).join(',')}]`;
  await runtime.db.sequelize.query(
    `insert into file_embeddings (file_id, workspace_id, chunk_index, content, embedding, model)
     values ($1, $2, 0, 'invoice text', $3, 'test-model')`,
    { bind: [file.id, workspaceId, vector] },
  );
  await runtime.db.sequelize.query(
    `insert into analysis_staged_chunks
       (file_id, chunk_index, chunk_count, pipeline_version, content, model)
     values ($1, 0, 1, 'test', 'invoice text', 'test-model')`,
    { bind: [file.id] },
  );
  return file;
}

async function derivedContentOf(fileId: string) {
  const count = async (table: string) => {
    const [rows] = await runtime.db.sequelize.query(
      `select count(*)::int as n from ${table} where file_id = $1`,
      { bind: [fileId] },
    );
    return (rows as { n: number }[])[0]!.n;
  };
  return {
    embeddings: await count('file_embeddings'),
    staged: await count('analysis_staged_chunks'),
    summary: (await reload(fileId)).aiMetadata?.summary ?? null,
  };
}

describe('soft-deleting a file row', () => {
  it('hides the row at once and keeps the first deletion time when repeated', async () => {
    const file = await row('ready');

    const first = await runActivity(activities.softDeleteFile, { fileId: file.id, workspaceId });
    const again = await runActivity(activities.softDeleteFile, { fileId: file.id, workspaceId });

    expect(again).toBe(first);
    expect(await reload(file.id)).toMatchObject({ status: 'deleted', deletedAt: new Date(first!) });
  });

  it('forgets what was read out of the file, and only of that file', async () => {
    const deleted = await indexedRow();
    const kept = await indexedRow();

    await runActivity(activities.softDeleteFile, { fileId: deleted.id, workspaceId });

    expect(await derivedContentOf(deleted.id)).toEqual({ embeddings: 0, staged: 0, summary: null });
    expect(await derivedContentOf(kept.id)).toEqual({
      embeddings: 1,
      staged: 1,
      summary: 'Quarterly invoices for the garage.',
    });
  });

  it('answers nothing for a file that has no row', async () => {
    const deletedAt = await runActivity(activities.softDeleteFile, {
      fileId: randomUUID(),
      workspaceId,
    });

    expect(deletedAt).toBeUndefined();
  });
});

describe('state changes of a file row', () => {
  it('records a rejection with its code and sentence', async () => {
    const file = await row('awaiting_upload');

    await runActivity(activities.markFileVerifying, { fileId: file.id, workspaceId });
    await runActivity(activities.markFileRejected, {
      fileId: file.id,
      workspaceId,
      code: 'CONTENT_TYPE_MISMATCH',
      message: 'The bytes are an executable.',
    });

    expect(await reload(file.id)).toMatchObject({
      status: 'rejected',
      statusReason: 'CONTENT_TYPE_MISMATCH: The bytes are an executable.',
    });
  });

  it('never moves a deleted or ready row backwards', async () => {
    const deleted = await row('awaiting_upload');
    const ready = await row('ready');
    await runActivity(activities.softDeleteFile, { fileId: deleted.id, workspaceId });
    const reason = { workspaceId, code: 'UPLOAD_EXPIRED', message: 'Too late.' };

    await runActivity(activities.markFileAbandoned, { ...reason, fileId: deleted.id });
    await runActivity(activities.markFileRejected, { ...reason, fileId: deleted.id });
    await runActivity(activities.markFileVerifying, { fileId: ready.id, workspaceId });
    await runActivity(activities.markFileAbandoned, { ...reason, fileId: ready.id });

    expect((await reload(deleted.id)).status).toBe('deleted');
    expect((await reload(ready.id)).status).toBe('ready');
  });

  it('marks the AI status failed only while the pipeline had not settled it', async () => {
    const stuck = await row('ready', 'pending');
    const done = await row('ready', 'done');
    const reason = { workspaceId, code: 'DEPENDENCY_UNAVAILABLE', message: 'No answer.' };

    await runActivity(activities.markAiFailed, { ...reason, fileId: stuck.id });
    await runActivity(activities.markAiFailed, { ...reason, fileId: done.id });

    expect(await reload(stuck.id)).toMatchObject({
      aiStatus: 'failed',
      aiStatusReason: 'DEPENDENCY_UNAVAILABLE: No answer.',
    });
    expect((await reload(done.id)).aiStatus).toBe('done');
  });
});

describe('describing a file for adoption', () => {
  it('reports what the row says and whether its source type wants AI metadata', async () => {
    const file = await row('ready', 'done');

    const facts = await runActivity(activities.describeFile, { fileId: file.id, workspaceId });

    expect(facts).toMatchObject({
      state: 'ready',
      sizeBytes: 11,
      aiStatus: 'done',
      aiRequested: true,
    });
  });
});
