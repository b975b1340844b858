import type { Migration } from '../core/db/migrator';

/**
 * What the AI metadata pipeline needs beyond the first schema:
 *
 * - `analysis_staged_chunks` keeps the chunks of a run in progress and the embeddings already
 *   paid for, committed batch by batch. A retried attempt (after a worker died) reads them back
 *   instead of extracting and embedding again; the final write moves them into file_embeddings
 *   in one transaction, so search never sees half a file.
 * - `file_embeddings.section` keeps where a chunk came from when a page number cannot say it
 *   (the sheet of a workbook).
 * - `file_metadata.search_document` is what search matches words against (file name, tags,
 *   summary), kept by PostgreSQL itself and indexed.
 */
export const up: Migration = async ({ context: db }) => {
  await db.query(`
    create table analysis_staged_chunks (
      file_id uuid not null references file_metadata (id) on delete cascade,
      chunk_index integer not null,
      chunk_count integer not null,
      pipeline_version text not null,
      content_sha256 text,
      page integer,
      section text,
      content text not null,
      model text not null,
      embedding vector(1024),
      created_at timestamptz not null default now(),
      primary key (file_id, chunk_index)
    )`);

  await db.query('alter table file_embeddings add column section text');

  await db.query(`
    alter table file_metadata add column search_document tsvector generated always as (
      setweight(to_tsvector('english', regexp_replace(filename, '[_.-]+', ' ', 'g')), 'A') ||
      setweight(to_tsvector('english', coalesce(ai_metadata ->> 'tags', '')), 'B') ||
      setweight(to_tsvector('english', coalesce(ai_metadata ->> 'summary', '')), 'C')
    ) stored`);
  await db.query(`
    create index file_metadata_search_document_idx
      on file_metadata using gin (search_document) where deleted_at is null`);
};

export const down: Migration = async ({ context: db }) => {
  await db.query('drop index if exists file_metadata_search_document_idx');
  await db.query('alter table file_metadata drop column if exists search_document');
  await db.query('alter table file_embeddings drop column if exists section');
  await db.query('drop table if exists analysis_staged_chunks');
};
