import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../core/runtime';
import { insertFileRow } from '../../test/support/file-rows';
import { testRuntime } from '../../test/support/runtime';
import {
  countFilesNeedingIndex,
  listFilesNeedingIndex,
  listWorkspacesNeedingIndex,
  type ListingDeps,
} from './list-files';

const CURRENT = 'pipeline-v2';
let runtime: Runtime;
let deps: ListingDeps;

beforeAll(() => {
  runtime = testRuntime();
  deps = { models: runtime.db.models, pipelineVersion: CURRENT };
});

afterAll(async () => {
  await runtime.close();
});

/** Every kind of row, and whether the backfill should pick it up. */
async function seedWorkspace(workspaceId: string) {
  const row = (spec: Omit<Parameters<typeof insertFileRow>[1], 'workspaceId'>) =>
    insertFileRow(runtime.db.models, { workspaceId, ...spec });
  const wanted = [
    await row({}),
    await row({ aiStatus: 'done', aiPipelineVersion: 'pipeline-v1' }),
    await row({ aiStatus: 'done', aiPipelineVersion: null }),
    await row({ aiStatus: 'failed', aiPipelineVersion: 'pipeline-v1' }),
    await row({
      aiStatus: 'failed',
      aiPipelineVersion: 'pipeline-v1',
      aiStatusReason: 'NO_TEXT_FOUND: refused by the older pipeline',
    }),
    await row({
      aiStatus: 'failed',
      aiPipelineVersion: CURRENT,
      aiStatusReason: 'DEPENDENCY_UNAVAILABLE: The analysis worker did not finish in time.',
    }),
    await row({ sourceType: 'recording', contentType: 'audio/mpeg' }),
  ];
  const unwanted = [
    await row({ aiStatus: 'done', aiPipelineVersion: CURRENT }),
    await row({
      aiStatus: 'failed',
      aiPipelineVersion: CURRENT,
      aiStatusReason: 'ENCRYPTED_DOCUMENT: The document is protected by a password.',
    }),
    await row({ aiStatus: 'pending' }),
    await row({ aiStatus: 'running' }),
    await row({ deletedAt: new Date() }),
    await row({ status: 'awaiting_upload' }),
    await row({ status: 'rejected' }),
    await row({ sourceType: 'crm_record_attachment' }),
  ];
  return { wanted: wanted.map((r) => r.id).sort(), unwanted: unwanted.map((r) => r.id) };
}

describe('listing the files a backfill must index', () => {
  it('lists live, ready files never indexed, indexed by another pipeline, or worth a retry', async () => {
    const workspaceId = `ws-${randomUUID()}`;
    const { wanted } = await seedWorkspace(workspaceId);

    const listed = await listFilesNeedingIndex(deps)({ workspaceId, limit: 100 });

    expect(listed).toEqual(wanted);
    expect(await countFilesNeedingIndex(deps)({ workspaceId })).toBe(wanted.length);
  });

  it('pages through them in id order with a cursor, each file exactly once', async () => {
    const workspaceId = `ws-${randomUUID()}`;
    const { wanted } = await seedWorkspace(workspaceId);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listFilesNeedingIndex(deps)({ workspaceId, after, limit: 2 });
      seen.push(...page);
      if (page.length < 2) break;
      after = page[page.length - 1];
    }

    expect(seen).toEqual(wanted);
  });

  it('lists workspaces with work to do, in pages, and leaves out those fully indexed', async () => {
    const prefix = `ws-${randomUUID()}-`;
    for (const suffix of ['a', 'b', 'c']) {
      await insertFileRow(runtime.db.models, { workspaceId: `${prefix}${suffix}` });
    }
    await insertFileRow(runtime.db.models, {
      workspaceId: `${prefix}b2-indexed`,
      aiStatus: 'done',
      aiPipelineVersion: CURRENT,
    });
    const list = listWorkspacesNeedingIndex(deps);

    const first = await list({ after: prefix, limit: 2 });
    const second = await list({ after: first[1], limit: 2 });

    expect(first).toEqual([`${prefix}a`, `${prefix}b`]);
    expect(second.filter((ws) => ws.startsWith(prefix))).toEqual([`${prefix}c`]);
  });
});
