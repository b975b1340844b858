/**
 * The seam between the file workflow and the AI metadata pipeline. The workflow calls
 * `extractFileAiMetadata` on the analysis task queue (see workers/analysis.ts) and imports these
 * types only. Fields are added, never renamed: running workflows carry them in their histories.
 */

export interface ExtractFileAiMetadataInput {
  fileId: string;
  workspaceId: string;
  storageKey: string;
  /** The type the verifier sniffed from the bytes (falls back to the declared one). */
  contentType: string;
  filename: string;
  /** Why this run happens: the first indexing of a ready file, or an explicit reindex. */
  trigger: 'upload' | 'reindex';
}

export type ExtractFileAiMetadataResult =
  /** Embeddings and summary are stored for this file version. */
  | { outcome: 'done'; pipelineVersion: string; chunkCount: number }
  /** This version was already indexed by the current pipeline: nothing was paid for again. */
  | { outcome: 'skipped'; pipelineVersion: string; reason: string }
  /** The file was soft-deleted before or during the run; nothing is left behind. */
  | { outcome: 'deleted' }
  /** Can never succeed (encrypted, corrupt, unsupported, no text...): a stable code and why. */
  | { outcome: 'failed'; code: string; message: string };

export interface AnalysisActivities {
  extractFileAiMetadata(input: ExtractFileAiMetadataInput): Promise<ExtractFileAiMetadataResult>;
}
