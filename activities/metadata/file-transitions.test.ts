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

describe('soft-deleting a file row', () => {
  it('hides the row at once and keeps the first deletion time when repeated', async () => {
    const file = await row('ready');

    const first = await runActivity(activities.softDeleteFile, { fileId: file.id, workspaceId });
    const again = await runActivity(activities.softDeleteFile, { fileId: file.id, workspaceId });

    expect(again).toBe(first);
    expect(await reload(file.id)).toMatchObject({ status: 'deleted', deletedAt: new Date(first!) });
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
