import type { Migration } from '../core/db/migrator';

/**
 * Embeddings per chunk. The column stays vector(1024) whatever the model: smaller models are
 * zero-padded, which leaves cosine similarity unchanged, and `model` keeps vectors of different
 * models from ever being compared. HNSW with cosine distance serves the semantic search.
 */
export const up: Migration = async ({ context: db }) => {
  await db.query('create extension if not exists vector');
  await db.query(`
    create table file_embeddings (
      id bigserial primary key,
      file_id uuid not null references file_metadata (id) on delete cascade,
      workspace_id text not null,
      chunk_index integer not null,
      page integer,
      content text not null,
      embedding vector(1024) not null,
      model text not null,
      content_sha256 text,
      created_at timestamptz not null default now(),
      unique (file_id, model, chunk_index)
    )`);
  await db.query(`
    create index file_embeddings_embedding_hnsw_idx
      on file_embeddings using hnsw (embedding vector_cosine_ops)`);
  await db.query('create index file_embeddings_workspace_idx on file_embeddings (workspace_id)');
};

export const down: Migration = async ({ context: db }) => {
  await db.query('drop table if exists file_embeddings');
};
