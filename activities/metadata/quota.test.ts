import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { runActivityAs } from '../../test/support/activity-env';
import { testRuntime } from '../../test/support/runtime';
import { createMetadataActivities, type ReserveFileInput } from '.';

let runtime: Runtime;

beforeAll(() => {
  runtime = testRuntime();
});

afterAll(async () => {
  await runtime.close();
});

/** Activities for a fresh workspace whose quota is `limitBytes`. */
function workspaceWithQuota(limitBytes: number) {
  const workspaceId = `ws-${randomUUID()}`;
  const activities = createMetadataActivities({
    db: runtime.db,
    logger: runtime.logger,
    limits: { ...runtime.config.limits, workspaceQuotas: { [workspaceId]: limitBytes } },
  });
  return { workspaceId, activities };
}

function fileFor(workspaceId: string, declaredSizeBytes: number): ReserveFileInput {
  const fileId = randomUUID();
  return {
    fileId,
    workspaceId,
    sourceType: 'drive_file',
    sourceId: 'folder-1',
    storageKey: `${workspaceId}/drive_file/folder-1/${fileId}-data.bin`,
    filename: 'data.bin',
    contentType: 'application/pdf',
    declaredSizeBytes,
    uploadedById: 'user-1',
  };
}

const asWorkflowOf = (fileId: string) => ({
  workflowExecution: { workflowId: `file-${fileId}`, runId: randomUUID() },
});

describe('reserving a file against the workspace quota', () => {
  it('lets only as many concurrent uploads through as the quota holds', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const files = Array.from({ length: 8 }, () => fileFor(workspaceId, 300));

    const results = await Promise.all(
      files.map((f) => runActivityAs(asWorkflowOf(f.fileId), activities.reserveFile, f)),
    );

    expect(results.filter((r) => r.accepted)).toHaveLength(3);
    expect(results.filter((r) => !r.accepted)).toEqual(
      Array.from({ length: 5 }, () => ({
        accepted: false,
        reason: {
          code: 'QUOTA_EXCEEDED',
          message: expect.stringMatching(/does not fit/),
        },
      })),
    );
    const rows = await runtime.db.models.FileMetadata.findAll({ where: { workspaceId } });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === 'awaiting_upload' && r.declaredSizeBytes === 300)).toBe(
      true,
    );
  });

  it('lets two uploads that each fit alone, but not together, race: exactly one wins', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const [a, b] = [fileFor(workspaceId, 600), fileFor(workspaceId, 600)];

    const results = await Promise.all([
      runActivityAs(asWorkflowOf(a.fileId), activities.reserveFile, a),
      runActivityAs(asWorkflowOf(b.fileId), activities.reserveFile, b),
    ]);

    expect(results.map((r) => r.accepted).sort()).toEqual([false, true]);
  });

  it('writes the row once when the reservation is retried, naming its workflow', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const file = fileFor(workspaceId, 400);

    const first = await runActivityAs(asWorkflowOf(file.fileId), activities.reserveFile, file);
    const retried = await runActivityAs(asWorkflowOf(file.fileId), activities.reserveFile, file);

    expect([first, retried]).toEqual([{ accepted: true }, { accepted: true }]);
    const row = await runtime.db.models.FileMetadata.findByPk(file.fileId);
    expect(row?.workflowId).toBe(`file-${file.fileId}`);
    expect(await runtime.db.models.FileMetadata.count({ where: { workspaceId } })).toBe(1);
  });

  it('refuses an id whose file has already moved on', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const file = fileFor(workspaceId, 100);
    await runActivityAs(asWorkflowOf(file.fileId), activities.reserveFile, file);
    await runtime.db.models.FileMetadata.update(
      { status: 'rejected' },
      { where: { id: file.fileId } },
    );

    const again = await runActivityAs(asWorkflowOf(file.fileId), activities.reserveFile, file);

    expect(again).toMatchObject({ accepted: false, reason: { code: 'CONFLICT' } });
  });

  it('frees the space of deleted, rejected and abandoned files', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const gone = [fileFor(workspaceId, 900), fileFor(workspaceId, 900), fileFor(workspaceId, 900)];
    for (const f of gone) await runActivityAs(asWorkflowOf(f.fileId), activities.reserveFile, f);
    const ids = gone.map((f) => ({ fileId: f.fileId, workspaceId }));
    await runActivityAs({}, activities.softDeleteFile, ids[0]!);
    await runActivityAs({}, activities.markFileRejected, { ...ids[1]!, code: 'X', message: 'x' });
    await runActivityAs({}, activities.markFileAbandoned, { ...ids[2]!, code: 'Y', message: 'y' });

    const next = fileFor(workspaceId, 900);
    const result = await runActivityAs(asWorkflowOf(next.fileId), activities.reserveFile, next);

    expect(result).toEqual({ accepted: true });
  });
});

describe('marking a verified file ready', () => {
  it('records the real size and type, and starts its AI status at pending', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const file = fileFor(workspaceId, 500);
    await runActivityAs(asWorkflowOf(file.fileId), activities.reserveFile, file);

    const ready = await runActivityAs({}, activities.markFileReady, {
      fileId: file.fileId,
      workspaceId,
      sizeBytes: 500,
      detectedContentType: 'application/pdf',
      aiRequested: true,
    });

    const row = await runtime.db.models.FileMetadata.findByPk(file.fileId);
    expect(ready).toEqual({ outcome: 'ready', readyAt: row?.readyAt?.toISOString() });
    expect(row).toMatchObject({
      status: 'ready',
      sizeBytes: 500,
      detectedContentType: 'application/pdf',
      aiStatus: 'pending',
    });
  });

  it('refuses for good a real size that no longer fits the quota', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const small = fileFor(workspaceId, 100);
    const other = fileFor(workspaceId, 800);
    await runActivityAs(asWorkflowOf(small.fileId), activities.reserveFile, small);
    await runActivityAs(asWorkflowOf(other.fileId), activities.reserveFile, other);

    const error = await runActivityAs({}, activities.markFileReady, {
      fileId: small.fileId,
      workspaceId,
      sizeBytes: 300,
      detectedContentType: 'application/pdf',
      aiRequested: false,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'QUOTA_EXCEEDED', nonRetryable: true });
    const row = await runtime.db.models.FileMetadata.findByPk(small.fileId);
    expect(row?.status).toBe('awaiting_upload');
  });

  it('answers the same when retried, and leaves a deleted file deleted', async () => {
    const { workspaceId, activities } = workspaceWithQuota(1000);
    const [kept, deleted] = [fileFor(workspaceId, 10), fileFor(workspaceId, 10)];
    for (const f of [kept, deleted]) {
      await runActivityAs(asWorkflowOf(f.fileId), activities.reserveFile, f);
    }
    await runActivityAs({}, activities.softDeleteFile, { fileId: deleted.fileId, workspaceId });
    const mark = (fileId: string) =>
      runActivityAs({}, activities.markFileReady, {
        fileId,
        workspaceId,
        sizeBytes: 10,
        detectedContentType: 'text/plain',
        aiRequested: false,
      });

    const [first, retried, late] = [
      await mark(kept.fileId),
      await mark(kept.fileId),
      await mark(deleted.fileId),
    ];

    expect(retried).toEqual(first);
    expect(late).toEqual({ outcome: 'deleted' });
    const row = await runtime.db.models.FileMetadata.findByPk(deleted.fileId);
    expect(row).toMatchObject({ status: 'deleted', readyAt: null });
  });
});
