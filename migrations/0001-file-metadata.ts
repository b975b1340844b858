import type { Migration } from '../core/db/migrator';

/**
 * One row per upload, polymorphic on (source_type, source_id). The row is written when the upload
 * URL is issued (status awaiting_upload) so that quota reservations and listings see it at once;
 * the file workflow moves it through its states.
 */
export const up: Migration = async ({ context: db }) => {
  await db.query(`
    create table file_metadata (
      id uuid primary key,
      workspace_id text not null,
      source_type text not null,
      source_id text not null,
      storage_key text not null unique,
      filename text not null,
      content_type text not null,
      declared_size_bytes bigint,
      size_bytes bigint,
      detected_content_type text,
      uploaded_by_id text,
      status text not null default 'awaiting_upload',
      status_reason text,
      ai_status text not null default 'not_requested',
      ai_status_reason text,
      ai_metadata jsonb,
      ai_pipeline_version text,
      content_sha256 text,
      workflow_id text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      ready_at timestamptz,
      deleted_at timestamptz,
      constraint file_metadata_source_type_slug check (source_type ~ '^[a-z][a-z0-9_]{0,62}$')
    )`);
  await db.query(`
    create index file_metadata_parent_idx
      on file_metadata (workspace_id, source_type, source_id, created_at desc)`);
  await db.query(`
    create index file_metadata_workspace_live_idx
      on file_metadata (workspace_id, created_at desc) where deleted_at is null`);
};

export const down: Migration = async ({ context: db }) => {
  await db.query('drop table if exists file_metadata');
};
