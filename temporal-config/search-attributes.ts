/**
 * Custom search attributes that every file workflow carries, so operators can filter the
 * Temporal UI by workspace, source and status. The dev server registers them at launch; a
 * production cluster needs them registered once with `temporal operator search-attribute create`.
 */
export const SEARCH_ATTRIBUTES = {
  WorkspaceId: 'Keyword',
  SourceType: 'Keyword',
  SourceId: 'Keyword',
  FileStatus: 'Keyword',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;
