import pgvector from 'pgvector';
import { QueryTypes, type Sequelize } from 'sequelize';
import { padVector } from '../activities/analysis/embeddings/embedder';
import type { SearchConfig } from '../core/ai-config';

export interface SearchRequest {
  workspaceId: string;
  query: string;
  /** The query's embedding, by the model named in `model`. */
  vector: number[];
  model: string;
  limit: number;
  sourceType?: string;
  sourceId?: string;
}

export interface SearchResult {
  fileId: string;
  filename: string;
  sourceType: string;
  sourceId: string;
  chunkIndex: number;
  page?: number;
  score: number;
  snippet: string;
}

interface ChunkRow {
  file_id: string;
  filename: string;
  source_type: string;
  source_id: string;
  chunk_index: number;
  page: number | null;
  content: string;
  distance: number;
}

/** How much a match on the file name, tags or summary adds to a cosine similarity (0..1). */
const LEXICAL_WEIGHT = 0.3;
const SNIPPET_CHARS = 240;

const FILE_FILTERS = `f.deleted_at is null
  and ($5::text is null or f.source_type = $5)
  and ($6::text is null or f.source_id = $6)`;

/**
 * Settings for the nearest-chunks query, for the one transaction that runs it (SET LOCAL ends
 * with it, whatever pool connection it used). The candidate list is raised from pgvector's 40.
 * Sequential scans are off because, on tables of a few thousand rows, PostgreSQL prefers to
 * read and sort every vector, a cost that grows with the table; without them it chooses
 * between the HNSW index and the workspace index by how much of the table is the workspace's.
 */
export function nearestChunkSettings(efSearch: number): string[] {
  return [`set local hnsw.ef_search = ${Math.trunc(efSearch)}`, 'set local enable_seqscan = off'];
}

/**
 * The nearest chunks through the HNSW index. The ORDER BY ... LIMIT runs on file_embeddings
 * alone, which is the shape the index serves; the workspace and model filters apply to the
 * index's candidate list, whose length is hnsw.ef_search: the caller raises it, and the limit
 * here never exceeds it. Soft-deleted files and the source filters are applied afterwards.
 */
export const NEAREST_CHUNKS_SQL = `
  with nearest as (
    select e.file_id, e.chunk_index, e.page, e.content, e.embedding <=> $1 as distance
      from file_embeddings e
     where e.workspace_id = $2 and e.model = $3
     order by e.embedding <=> $1
     limit $4)
  select n.*, f.filename, f.source_type, f.source_id
    from nearest n join file_metadata f on f.id = n.file_id
   where ${FILE_FILTERS}`;

/**
 * The exact nearest chunks of the workspace, for when the index's candidate list held too few
 * of them (a small workspace in a large table): `+ 0` keeps the planner off the index, so every
 * chunk of the workspace is compared. Its cost grows with the workspace, so it only runs for
 * workspaces of at most SEARCH_EXACT_SCAN_MAX_CHUNKS chunks (counted by WORKSPACE_CHUNKS_SQL,
 * which stops counting past that many).
 */
const EXACT_CHUNKS_SQL = `
  select e.file_id, e.chunk_index, e.page, e.content, (e.embedding <=> $1) + 0 as distance,
         f.filename, f.source_type, f.source_id
    from file_embeddings e join file_metadata f on f.id = e.file_id
   where e.workspace_id = $2 and e.model = $3 and ${FILE_FILTERS}
   order by distance
   limit $4`;

/** The workspace's chunks of the model, counted up to $3 + 1 through the workspace index. */
const WORKSPACE_CHUNKS_SQL = `
  select count(*) as count from (
    select 1 from file_embeddings where workspace_id = $1 and model = $2 limit $3 + 1) as c`;

/** Files whose name, tags or summary contain any of the query's words, best ranked first. */
const LEXICAL_FILES_SQL = `
  select f.id as file_id, ts_rank_cd(f.search_document, q) as rank
    from file_metadata f,
         (select replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery) as t(q)
   where f.workspace_id = $2 and f.search_document @@ q and f.deleted_at is null
     and ($3::text is null or f.source_type = $3)
     and ($4::text is null or f.source_id = $4)
   order by rank desc
   limit $5`;

/** The best chunk of each of some files, for files found by their words alone. */
const BEST_CHUNKS_SQL = `
  select distinct on (e.file_id) e.file_id, e.chunk_index, e.page, e.content,
         e.embedding <=> $1 as distance, f.filename, f.source_type, f.source_id
    from file_embeddings e join file_metadata f on f.id = e.file_id
   where e.file_id = any($2::uuid[]) and e.model = $3 and f.deleted_at is null
   order by e.file_id, distance`;

function snippetOf(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  return flat.length <= SNIPPET_CHARS ? flat : `${flat.slice(0, SNIPPET_CHARS - 1)}…`;
}

/**
 * Semantic search over one workspace, blended with word matches on file names, tags and
 * summaries. One result per file (its closest chunk), best first; only vectors made by the
 * query's model are compared, and soft-deleted files never appear. A file found by meaning
 * alone must reach SEARCH_MIN_SCORE: the nearest chunks of an unrelated file are still the
 * nearest, and would otherwise fill the answer.
 */
export async function searchWorkspace(
  sequelize: Sequelize,
  request: SearchRequest,
  settings: Pick<SearchConfig, 'efSearch' | 'minScore' | 'exactScanMaxChunks'>,
): Promise<SearchResult[]> {
  const { efSearch } = settings;
  const vector = pgvector.toSql(padVector(request.vector));
  const filters = [request.sourceType ?? null, request.sourceId ?? null];
  const candidates = Math.min(efSearch, Math.max(request.limit * 10, 100));

  const chunks = await sequelize.transaction(async (transaction) => {
    for (const statement of nearestChunkSettings(efSearch)) {
      await sequelize.query(statement, { transaction });
    }
    const bind = [vector, request.workspaceId, request.model, candidates, ...filters];
    const nearest = await sequelize.query<ChunkRow>(NEAREST_CHUNKS_SQL, {
      bind,
      type: QueryTypes.SELECT,
      transaction,
    });
    if (new Set(nearest.map((row) => row.file_id)).size >= request.limit) return nearest;
    const [counted] = await sequelize.query<{ count: string }>(WORKSPACE_CHUNKS_SQL, {
      bind: [request.workspaceId, request.model, settings.exactScanMaxChunks],
      type: QueryTypes.SELECT,
      transaction,
    });
    if (Number(counted?.count) > settings.exactScanMaxChunks) return nearest;
    return sequelize.query<ChunkRow>(EXACT_CHUNKS_SQL, {
      bind,
      type: QueryTypes.SELECT,
      transaction,
    });
  });

  const lexical = await sequelize.query<{ file_id: string; rank: number }>(LEXICAL_FILES_SQL, {
    bind: [request.query, request.workspaceId, ...filters, request.limit * 5],
    type: QueryTypes.SELECT,
  });
  const bestByFile = new Map<string, ChunkRow>();
  for (const row of chunks) {
    const best = bestByFile.get(row.file_id);
    if (!best || row.distance < best.distance) bestByFile.set(row.file_id, row);
  }
  const missing = lexical.map((l) => l.file_id).filter((id) => !bestByFile.has(id));
  if (missing.length > 0) {
    const extra = await sequelize.query<ChunkRow>(BEST_CHUNKS_SQL, {
      bind: [vector, missing, request.model],
      type: QueryTypes.SELECT,
    });
    for (const row of extra) bestByFile.set(row.file_id, row);
  }

  const rankOf = new Map(lexical.map((l) => [l.file_id, Number(l.rank)]));
  return [...bestByFile.values()]
    .filter((row) => rankOf.has(row.file_id) || 1 - Number(row.distance) >= settings.minScore)
    .map((row) => {
      const rank = rankOf.get(row.file_id) ?? 0;
      const score = 1 - Number(row.distance) + LEXICAL_WEIGHT * (rank / (rank + 0.1));
      return {
        fileId: row.file_id,
        filename: row.filename,
        sourceType: row.source_type,
        sourceId: row.source_id,
        chunkIndex: row.chunk_index,
        ...(row.page !== null && { page: row.page }),
        score: Math.round(score * 10_000) / 10_000,
        snippet: snippetOf(row.content),
      };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, request.limit);
}
