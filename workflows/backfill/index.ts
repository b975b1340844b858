export { backfillWorkspaceFileMetadata } from './backfill-workspace';
export { backfillAllWorkspaces } from './backfill-all-workspaces';
