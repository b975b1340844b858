import type { Config } from './config';
import type { FileState } from './file-states';

/**
 * States whose bytes count against a workspace's quota. A file awaiting its upload counts with
 * its declared size: that reservation is what stops two concurrent uploads from both fitting.
 */
export const QUOTA_STATES: readonly FileState[] = ['awaiting_upload', 'verifying', 'ready'];

/** The byte limit of a workspace: its own setting from WORKSPACE_QUOTAS, else the default. */
export function workspaceQuotaBytes(limits: Config['limits'], workspaceId: string): number {
  return limits.workspaceQuotas[workspaceId] ?? limits.workspaceQuotaBytes;
}
