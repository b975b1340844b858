import { randomUUID } from 'node:crypto';
import type { FileState } from '../../core/file-states';
import { startTestApi, type TestApi } from '../../test/support/http';

/**
 * Reading files back: one file with its AI summary and tags, listings of a parent newest first
 * page by page, and the workspace's usage. The rows are written directly, as the workflow
 * would have left them.
 */
let api: TestApi;
const WS = `ws-read-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startTestApi({ userId: 'user-read', workspaces: [WS] });
});

afterAll(async () => {
  await api?.close();
});

interface RowSpec {
  sourceId?: string;
  sourceType?: string;
  status?: FileState;
  sizeBytes?: number;
  deleted?: boolean;
  /** Minutes before now the file was created. */
  ageMinutes: number;
}

async function insertRow(spec: RowSpec): Promise<string> {
  const id = randomUUID();
  const sourceType = spec.sourceType ?? 'task_attachment';
  const sourceId = spec.sourceId ?? 'task-1';
  await api.runtime.db.models.FileMetadata.create({
    id,
    workspaceId: WS,
    sourceType,
    sourceId,
    storageKey: `${WS}/${sourceType}/${sourceId}/${id}-file.txt`,
    filename: 'file.txt',
    contentType: 'text/plain',
    declaredSizeBytes: spec.sizeBytes ?? 100,
    sizeBytes: spec.status === 'awaiting_upload' ? null : (spec.sizeBytes ?? 100),
    uploadedById: 'user-read',
    status: spec.status ?? 'ready',
    workflowId: `file-${id}`,
    deletedAt: spec.deleted ? new Date() : null,
  });
  await api.runtime.db.sequelize.query(
    `update file_metadata set created_at = now() - make_interval(mins => :age) where id = :id`,
    { replacements: { id, age: spec.ageMinutes } },
  );
  return id;
}

describe('one file', () => {
  it('comes with its AI summary, tags and categories once the pipeline wrote them', async () => {
    const id = await insertRow({ sourceId: 'task-ai', ageMinutes: 1 });
    await api.runtime.db.models.FileMetadata.update(
      {
        aiStatus: 'done',
        aiMetadata: {
          summary: 'Minutes of the planning meeting.',
          tags: ['planning', 'q3'],
          categories: ['meetings'],
          language: 'en',
          pipelineVersion: 'v1',
          models: { embeddings: 'bge-m3' },
        },
      },
      { where: { id } },
    );

    const res = await api.call(`/workspaces/${WS}/files/${id}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fileId: id,
      status: 'ready',
      sizeBytes: 100,
      filename: 'file.txt',
      ai: {
        status: 'done',
        summary: 'Minutes of the planning meeting.',
        tags: ['planning', 'q3'],
        categories: ['meetings'],
        language: 'en',
      },
    });
  });
});

describe('a rejected file', () => {
  it('is listed with the code and sentence of its rejection', async () => {
    const id = await insertRow({ sourceId: 'task-rejected', status: 'rejected', ageMinutes: 1 });
    await api.runtime.db.models.FileMetadata.update(
      { statusReason: 'CONTENT_TYPE_MISMATCH: The bytes are a Windows program, not a PDF.' },
      { where: { id } },
    );

    const res = await api.call(`/workspaces/${WS}/files?sourceId=task-rejected`);

    expect(res.body.files).toEqual([
      expect.objectContaining({
        fileId: id,
        status: 'rejected',
        reason: {
          code: 'CONTENT_TYPE_MISMATCH',
          message: 'The bytes are a Windows program, not a PDF.',
        },
      }),
    ]);
  });
});

describe('a file being verified', () => {
  it('shows its AI metadata pending where its source type wants it, not requested elsewhere', async () => {
    const wanted = await insertRow({
      sourceId: 'task-verifying',
      status: 'verifying',
      ageMinutes: 1,
    });
    const unwanted = await insertRow({
      sourceType: 'crm_record_attachment',
      sourceId: 'crm-verifying',
      status: 'verifying',
      ageMinutes: 1,
    });

    const [one, other, listing] = await Promise.all([
      api.call(`/workspaces/${WS}/files/${wanted}`),
      api.call(`/workspaces/${WS}/files/${unwanted}`),
      api.call(`/workspaces/${WS}/files?sourceId=task-verifying`),
    ]);

    expect(one.body).toMatchObject({ status: 'verifying', ai: { status: 'pending' } });
    expect(other.body).toMatchObject({ status: 'verifying', ai: { status: 'not_requested' } });
    expect(listing.body.files).toEqual([
      expect.objectContaining({
        fileId: wanted,
        ai: expect.objectContaining({ status: 'pending' }),
      }),
    ]);
  });
});

describe('a listing', () => {
  const parent = 'task-list';
  let ids: string[];

  beforeAll(async () => {
    // Oldest first: ids[4] is the newest file.
    ids = [];
    for (const age of [50, 40, 30, 20, 10]) {
      ids.push(await insertRow({ sourceId: parent, ageMinutes: age }));
    }
    await insertRow({ sourceId: parent, ageMinutes: 5, deleted: true, status: 'deleted' });
    await insertRow({ sourceId: 'another-task', ageMinutes: 1 });
  });

  const list = (query: string) => api.call(`/workspaces/${WS}/files?${query}`);

  it('gives the files of one parent, newest first, page by page', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await list(
        `sourceType=task_attachment&sourceId=${parent}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      pages.push(res.body.files.map((f: { fileId: string }) => f.fileId));
      cursor = res.body.nextCursor;
    } while (cursor && pages.length < 10);

    expect(pages).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
  });

  it('includes soft-deleted files only when asked', async () => {
    const live = await list(`sourceId=${parent}`);
    const all = await list(`sourceId=${parent}&includeDeleted=true`);

    expect(live.body.files).toHaveLength(5);
    expect(all.body.files).toHaveLength(6);
    expect(all.body.files[0]).toMatchObject({ status: 'deleted', deletedAt: expect.any(String) });
  });

  it('refuses a cursor it never handed out and a page larger than 100', async () => {
    const badCursor = await list('cursor=abc');
    const tooMany = await list('limit=1000');

    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'cursor' }] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses to list a source type it does not know, as the other routes do', async () => {
    const res = await list('sourceType=moon_rock');

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNKNOWN_SOURCE_TYPE');
  });

  it('says what a page size must be when it is not a number', async () => {
    const res = await list('limit=abc');

    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The query string is not valid: limit must be a whole number from 1 to 100.',
      details: {
        fields: [{ field: 'limit', message: 'limit must be a whole number from 1 to 100' }],
      },
    });
  });
});

describe('the usage', () => {
  it('counts live files at their real size and pending uploads at their declared size', async () => {
    const ws = `ws-usage-${randomUUID().slice(0, 8)}`;
    const token = api.tokenFor('user-usage', [ws]);
    const models = api.runtime.db.models;
    const row = (status: FileState, sizeBytes: number, deleted = false) => {
      const id = randomUUID();
      return models.FileMetadata.create({
        id,
        workspaceId: ws,
        sourceType: 'drive_file',
        sourceId: 'f',
        storageKey: `${ws}/drive_file/f/${id}-x`,
        filename: 'x',
        contentType: 'text/plain',
        declaredSizeBytes: sizeBytes,
        sizeBytes: status === 'ready' ? sizeBytes : null,
        uploadedById: 'u',
        status,
        workflowId: `file-${id}`,
        deletedAt: deleted ? new Date() : null,
      });
    };
    await row('ready', 1_000);
    await row('ready', 2_500);
    await row('awaiting_upload', 400);
    await row('rejected', 9_999);
    await row('ready', 7_777, true);

    const res = await api.call(`/workspaces/${ws}/usage`, { token });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      usedBytes: 3_900,
      limitBytes: api.config.limits.workspaceQuotaBytes,
      fileCount: 3,
    });
  });
});
