/**
 * What the backfill workflows ask of their activities. Workflow code imports these types only;
 * the shapes travel through workflow histories, so fields are added, never renamed.
 */

export interface ListFilesInput {
  workspaceId: string;
  /** Id of the last file already handled; the page starts after it. */
  after?: string;
  limit: number;
}

export interface ListWorkspacesInput {
  /** Last workspace id already handled; the page starts after it. */
  after?: string;
  limit: number;
}

export interface DispatchReindexInput {
  workspaceId: string;
  fileId: string;
  /** Why, as the file's history will show it. */
  reason: string;
}

export type DispatchOutcome =
  /** The file's running workflow was signalled to reindex. */
  | 'signalled'
  /** The file had no running workflow: one was started for it (adopted) with the reindex. */
  | 'adopted'
  /** The file no longer needs indexing (deleted, indexed meanwhile): nothing was sent. */
  | 'skipped';

export interface AwaitIndexedInput {
  workspaceId: string;
  fileId: string;
  /** When the reindex was dispatched (workflow time, ISO 8601). */
  dispatchedAt: string;
  /** How long after the dispatch the wait gives up and reports `unconfirmed`. */
  waitSeconds: number;
}

export type IndexingOutcome =
  /** The file was indexed by the current pipeline (or found already indexed). */
  | 'indexed'
  /** The pipeline refused the file or its attempts ran out; the reason is on the row. */
  | 'failed'
  /** The file was deleted (or is no longer ready) meanwhile. */
  | 'gone'
  /** Still not settled when the wait gave up; the file's workflow goes on with it. */
  | 'unconfirmed';

export interface BackfillActivities {
  /** Ids of the workspace's files that need indexing, in id order, after the cursor. */
  listFilesNeedingIndex(input: ListFilesInput): Promise<string[]>;
  countFilesNeedingIndex(input: { workspaceId: string }): Promise<number>;
  /** Workspaces with at least one file that needs indexing, in id order, after the cursor. */
  listWorkspacesNeedingIndex(input: ListWorkspacesInput): Promise<string[]>;
  dispatchFileReindex(input: DispatchReindexInput): Promise<DispatchOutcome>;
  /** Waits until a dispatched file is indexed or failed: the backfill's backpressure. */
  awaitFileIndexed(input: AwaitIndexedInput): Promise<IndexingOutcome>;
}
