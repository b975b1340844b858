import type { Migration } from '../core/db/migrator';

/**
 * The backfill pages through a workspace's ready, live files in id order. Without this index
 * each page of a 100,000-file workspace would sort the whole workspace again; with it a page is
 * one short range scan, and listing the workspaces with work to do walks it once.
 */
export const up: Migration = async ({ context: db }) => {
  await db.query(`
    create index file_metadata_backfill_scan_idx
      on file_metadata (workspace_id, id) where status = 'ready' and deleted_at is null`);
};

export const down: Migration = async ({ context: db }) => {
  await db.query('drop index if exists file_metadata_backfill_scan_idx');
};
