import { randomUUID } from 'node:crypto';
import pgvector from 'pgvector';
import { QueryTypes } from 'sequelize';
import { padVector } from '../../activities/analysis/embeddings/embedder';
import { AnalysisHarness } from '../../activities/analysis/testing/analysis-harness';
import { startTestApi, type TestApi } from '../../test/support/http';
import { NEAREST_CHUNKS_SQL, nearestChunkSettings, searchWorkspace } from '../search-query';

/** Search as a user sees it: files indexed by the real pipeline, queried over HTTP. */

let harness: AnalysisHarness;
let api: TestApi;
const WS = `ws-search-${randomUUID().slice(0, 8)}`;
const NEIGHBOUR = `ws-neighbour-${randomUUID().slice(0, 8)}`;
const MODEL = 'local/all-MiniLM-L6-v2-q8';

beforeAll(async () => {
  harness = await AnalysisHarness.start();
  api = await startTestApi({ userId: 'searcher', workspaces: [WS] });
});

afterAll(async () => {
  await api?.close();
  await harness?.close();
});

async function indexText(workspaceId: string, filename: string, text: string, sourceType?: string) {
  const input = await harness.store({
    workspaceId,
    filename,
    sourceType,
    contentType: 'text/plain',
    body: Buffer.from(text),
  });
  expect(await harness.run(input)).toMatchObject({ outcome: 'done' });
  return input.fileId;
}

const search = (body: Record<string, unknown>, workspaceId = WS) =>
  api.call(`/workspaces/${workspaceId}/search`, { method: 'POST', body });

describe('POST /workspaces/:workspaceId/search', () => {
  let invoiceId: string;
  let recipeId: string;

  beforeAll(async () => {
    invoiceId = await indexText(
      WS,
      'garage-2024-03.txt',
      'Invoice from the garage for replacing the brake pads and changing the engine oil.',
    );
    recipeId = await indexText(
      WS,
      'dinner.txt',
      'Recipe: simmer the tomatoes with garlic and basil, then pour the sauce over pasta.',
      'task_attachment',
    );
    await indexText(NEIGHBOUR, 'neighbour.txt', 'Invoice for brake pads and an oil change.');
  });

  it('returns the closest file first, with its best chunk, score and snippet', async () => {
    const res = await search({ query: 'car repair bill', limit: 5 });

    expect(res.status).toBe(200);
    expect(res.body.results[0]).toEqual({
      fileId: invoiceId,
      filename: 'garage-2024-03.txt',
      sourceType: 'drive_file',
      sourceId: 'src',
      chunkIndex: 0,
      score: expect.any(Number),
      snippet: expect.stringContaining('brake pads'),
    });
    // The recipe is the next nearest file, but too far in meaning to be an answer.
    expect(res.body.results.map((r: { fileId: string }) => r.fileId)).toEqual([invoiceId]);
  });

  it('searches only the caller’s workspace, and refuses another one', async () => {
    const own = await search({ query: 'brake pads and oil change', limit: 10 });
    const other = await search({ query: 'brake pads' }, NEIGHBOUR);

    expect(own.body.results.every((r: { fileId: string }) => r.fileId !== undefined)).toBe(true);
    expect(own.body.results.map((r: { filename: string }) => r.filename)).not.toContain(
      'neighbour.txt',
    );
    expect(other.status).toBe(403);
  });

  it('filters by source type and source id', async () => {
    const recipes = await search({
      query: 'pasta with a tomato sauce',
      sourceType: 'task_attachment',
    });
    const repairs = await search({ query: 'car repair bill', sourceType: 'task_attachment' });

    expect(recipes.body.results.map((r: { fileId: string }) => r.fileId)).toEqual([recipeId]);
    expect(repairs.body.results).toEqual([]);
  });

  it('blends in matches on the file name', async () => {
    const runbookId = await indexText(
      WS,
      'kubernetes-runbook.txt',
      'Steps to follow when the service stops answering: check the pods, then restart them.',
    );

    const res = await search({ query: 'kubernetes', limit: 1 });

    expect(res.body.results[0].fileId).toBe(runbookId);
  });

  it('never returns a soft-deleted file', async () => {
    const goneId = await indexText(WS, 'old-invoice.txt', 'Invoice for brake pads, oil change.');
    await harness.runtime.db.models.FileMetadata.update(
      { deletedAt: new Date() },
      { where: { id: goneId } },
    );

    const res = await search({ query: 'brake pads invoice', limit: 10 });

    expect(res.body.results.map((r: { fileId: string }) => r.fileId)).not.toContain(goneId);
  });

  it('compares vectors of the query’s model only', async () => {
    const strangerId = await indexText(WS, 'stranger.txt', 'Unrelated words about knitting.');
    const vector = await harness.deps.embedder.embeddings.embedQuery('car repair bill');
    await harness.runtime.db.sequelize.query(
      `update file_embeddings set model = 'other/model', embedding = $2 where file_id = $1`,
      { bind: [strangerId, pgvector.toSql(padVector(vector))] },
    );

    const res = await search({ query: 'car repair bill', limit: 10 });

    expect(res.body.results.map((r: { fileId: string }) => r.fileId)).not.toContain(strangerId);
  });

  it('rejects a request without a query', async () => {
    const res = await search({ limit: 3 });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the minimum relevance (SEARCH_MIN_SCORE)', () => {
  const REL = `ws-relevance-${randomUUID().slice(0, 8)}`;
  const QUERY = 'security requirements for new hires';
  const token = () => api.tokenFor('relevance-user', [REL]);
  let onboardingId: string;
  let budgetId: string;
  let parkingId: string;

  beforeAll(async () => {
    onboardingId = await indexText(
      REL,
      'onboarding.txt',
      'Every newcomer completes the security awareness course and enables two-factor ' +
        'authentication before they are given access to customer data.',
    );
    budgetId = await indexText(
      REL,
      'budget.txt',
      'Household budget for March: groceries 420 euros, rent 1,100, a cinema night 30.',
    );
    parkingId = await indexText(
      REL,
      'new-hires-parking.txt',
      'The car park behind the building closes at ten in the evening on weekdays.',
    );
  });

  const ids = async (query: string) => {
    const res = await api.call(`/workspaces/${REL}/search`, {
      method: 'POST',
      body: { query, limit: 10 },
      token: token(),
    });
    expect(res.status).toBe(200);
    return res.body.results.map((r: { fileId: string }) => r.fileId) as string[];
  };

  it('drops a file that is only the nearest of unrelated ones', async () => {
    const found = await ids(QUERY);

    expect(found[0]).toBe(onboardingId);
    expect(found).not.toContain(budgetId);
  });

  it('keeps a file far in meaning when a word of the query is in its name', async () => {
    expect(await ids(QUERY)).toContain(parkingId);
  });
});

describe('search over a crowded index', () => {
  const QUERY = 'quarterly tax filing deadline';
  const SMALL = `ws-small-${randomUUID().slice(0, 8)}`;
  const CROWD = `ws-crowd-${randomUUID().slice(0, 8)}`;
  let targetId: string;

  /** 3,000 chunks of another workspace, 600 of them nearer the query than anything of SMALL's. */
  beforeAll(async () => {
    targetId = await indexText(SMALL, 'taxes.txt', 'Reminder: file the VAT return by April.');
    const crowdFile = await harness.store({
      workspaceId: CROWD,
      filename: 'crowd.txt',
      contentType: 'text/plain',
      body: Buffer.from('x'),
    });
    const vector = pgvector.toSql(
      padVector(await harness.deps.embedder.embeddings.embedQuery(QUERY)),
    );
    await harness.runtime.db.sequelize.query(
      `insert into file_embeddings (file_id, workspace_id, chunk_index, content, embedding, model)
       select $1, $2, i, 'crowd', $3::vector + array(
                select (random() - 0.5) * 0.002 from generate_series(1, 1024) where i >= 0
              )::vector, $4
         from generate_series(0, 599) as i`,
      { bind: [crowdFile.fileId, CROWD, vector, MODEL] },
    );
    await harness.runtime.db.sequelize.query(
      `insert into file_embeddings (file_id, workspace_id, chunk_index, content, embedding, model)
       select $1, $2, i, 'noise', array(
                select random() - 0.5 from generate_series(1, 1024) where i >= 0
              )::vector, $3
         from generate_series(600, 2999) as i`,
      { bind: [crowdFile.fileId, CROWD, MODEL] },
    );
    await harness.runtime.db.sequelize.query('analyze file_embeddings');
  });

  it('uses the HNSW index for the nearest chunks', async () => {
    const vector = await harness.deps.embedder.embeddings.embedQuery(QUERY);
    const plan = await harness.runtime.db.sequelize.transaction(async (transaction) => {
      for (const statement of nearestChunkSettings(200)) {
        await harness.runtime.db.sequelize.query(statement, { transaction });
      }
      return harness.runtime.db.sequelize.query<{ 'QUERY PLAN': string }>(
        `explain ${NEAREST_CHUNKS_SQL}`,
        {
          bind: [pgvector.toSql(padVector(vector)), CROWD, MODEL, 100, null, null],
          type: QueryTypes.SELECT,
          transaction,
        },
      );
    });

    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
      /Index Scan using file_embeddings_embedding_hnsw_idx/,
    );
  });

  it('still finds a small workspace’s best file with a limit of 1', async () => {
    const res = await api.call(`/workspaces/${SMALL}/search`, {
      method: 'POST',
      body: { query: QUERY, limit: 1 },
      token: api.tokenFor('small-user', [SMALL]),
    });

    expect(res.body.results).toEqual([expect.objectContaining({ fileId: targetId })]);
  });

  it('scans a workspace exactly only up to SEARCH_EXACT_SCAN_MAX_CHUNKS chunks', async () => {
    const sequelize = harness.runtime.db.sequelize;
    const request = {
      workspaceId: SMALL,
      query: QUERY,
      vector: await harness.deps.embedder.embeddings.embedQuery(QUERY),
      model: MODEL,
      // More files than the workspace has: the index's answer is always short of it.
      limit: 5,
    };
    const exactScans = async (exactScanMaxChunks: number) => {
      const spy = jest.spyOn(sequelize, 'query');
      try {
        const settings = { ...harness.runtime.config.search, exactScanMaxChunks };
        const results = await searchWorkspace(sequelize, request, settings);
        expect(results.map((r) => r.fileId)).toEqual([targetId]);
        return spy.mock.calls.filter(([sql]) => String(sql).includes('+ 0 as distance')).length;
      } finally {
        spy.mockRestore();
      }
    };

    expect(await exactScans(1)).toBe(1);
    expect(await exactScans(0)).toBe(0);
  });

  it('is missing from the index’s default 40 candidates, which a filter would cut', async () => {
    const vector = await harness.deps.embedder.embeddings.embedQuery(QUERY);
    const rows = await harness.runtime.db.sequelize.transaction(async (transaction) => {
      await harness.runtime.db.sequelize.query('set local hnsw.ef_search = 40', { transaction });
      return harness.runtime.db.sequelize.query<{ workspace_id: string }>(
        `select workspace_id from file_embeddings order by embedding <=> $1 limit 40`,
        { bind: [pgvector.toSql(padVector(vector))], type: QueryTypes.SELECT, transaction },
      );
    });

    expect(rows.length).toBe(40);
    expect(rows.filter((row) => row.workspace_id === SMALL)).toEqual([]);
  });
});
