import pgvector from 'pgvector';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Chunk } from './chunking';
import { padVector } from './embeddings/embedder';

/** What a set of staged chunks was made by; a run only reuses chunks made the same way. */
export interface RunIdentity {
  pipelineVersion: string;
  model: string;
  contentSha256?: string;
}

export interface StagedRun {
  identity: RunIdentity;
  chunks: Chunk[];
  /** Embeddings already paid for, by chunk index (unpadded length is not kept: padded). */
  vectors: Map<number, number[]>;
}

interface StagedRow {
  chunk_index: number;
  chunk_count: number;
  pipeline_version: string;
  model: string;
  content_sha256: string | null;
  page: number | null;
  section: string | null;
  content: string;
  embedding: string | null;
}

const INSERT_BATCH = 200;

/**
 * The chunks of a run in progress (table analysis_staged_chunks), written as they are made and
 * committed at once, outside the final transaction: they are what a retried attempt resumes
 * from after the worker running the first one died.
 */
export function createStagedChunks(sequelize: Sequelize) {
  return {
    /** The staged run of a file, if a complete set of its chunks was staged. */
    async load(fileId: string): Promise<StagedRun | undefined> {
      const rows = await sequelize.query<StagedRow>(
        `select chunk_index, chunk_count, pipeline_version, model, content_sha256, page, section,
                content, embedding::text as embedding
           from analysis_staged_chunks where file_id = $1 order by chunk_index`,
        { bind: [fileId], type: QueryTypes.SELECT },
      );
      const first = rows[0];
      if (!first || rows.length !== first.chunk_count) return undefined;
      const vectors = new Map<number, number[]>();
      for (const row of rows) {
        if (row.embedding) vectors.set(row.chunk_index, pgvector.fromSql(row.embedding));
      }
      return {
        identity: {
          pipelineVersion: first.pipeline_version,
          model: first.model,
          contentSha256: first.content_sha256 ?? undefined,
        },
        chunks: rows.map((r) => ({
          index: r.chunk_index,
          text: r.content,
          page: r.page ?? undefined,
          section: r.section ?? undefined,
        })),
        vectors,
      };
    },

    /** Replaces whatever was staged for the file with a new run's chunks, none embedded yet. */
    async replace(fileId: string, identity: RunIdentity, chunks: Chunk[]): Promise<void> {
      await sequelize.transaction(async (transaction) => {
        await sequelize.query('delete from analysis_staged_chunks where file_id = $1', {
          bind: [fileId],
          transaction,
        });
        for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
          const batch = chunks.slice(start, start + INSERT_BATCH);
          await sequelize.query(
            `insert into analysis_staged_chunks
               (file_id, chunk_index, chunk_count, pipeline_version, model, content_sha256,
                page, section, content)
             select $1, i, $2, $3, $4, $5, p, s, c
               from unnest($6::int[], $7::int[], $8::text[], $9::text[]) as t(i, p, s, c)`,
            {
              bind: [
                fileId,
                chunks.length,
                identity.pipelineVersion,
                identity.model,
                identity.contentSha256 ?? null,
                batch.map((c) => c.index),
                batch.map((c) => c.page ?? null),
                batch.map((c) => c.section ?? null),
                batch.map((c) => c.text),
              ],
              transaction,
            },
          );
        }
      });
    },

    /** Records embeddings of some chunks; committed at once so a later attempt finds them. */
    async storeVectors(fileId: string, vectors: { index: number; vector: number[] }[]) {
      await sequelize.query(
        `update analysis_staged_chunks s set embedding = v.e::vector
           from unnest($2::int[], $3::text[]) as v(i, e)
          where s.file_id = $1 and s.chunk_index = v.i`,
        {
          bind: [
            fileId,
            vectors.map((v) => v.index),
            vectors.map((v) => pgvector.toSql(padVector(v.vector))),
          ],
        },
      );
    },

    async discard(fileId: string): Promise<void> {
      await sequelize.query('delete from analysis_staged_chunks where file_id = $1', {
        bind: [fileId],
      });
    },
  };
}

export type StagedChunks = ReturnType<typeof createStagedChunks>;
