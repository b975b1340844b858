import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActivitySettings } from '../../core/activity-settings';
import type { AiStatus, FileState } from '../../core/file-states';

/**
 * The public contract of the file workflow: its id, input, signals and query. The API and the
 * backfill depend on these names; running workflows depend on their shapes, so fields are only
 * ever added (optional), never renamed or removed.
 */

/**
 * The type the uploads worker registers the workflow under: the exported function's name in
 * workflow.ts. Starters name it with this string so that they never load the workflow's code.
 */
export const FILE_WORKFLOW_TYPE = 'fileLifecycleWorkflow';

export const fileWorkflowId = (fileId: string) => `file-${fileId}`;

export interface FileWorkflowInput {
  fileId: string;
  workspaceId: string;
  sourceType: string;
  sourceId: string;
  storageKey: string;
  filename: string;
  contentType: string;
  /** Size the client declared when it asked for the URL, if it did. */
  declaredSizeBytes?: number;
  uploadedById?: string;
  /** Set for multipart uploads so that an abandoned upload's parts can be aborted. */
  multipartUploadId?: string;
  /** When the upload URL stops working (ISO 8601); the grace period counts from here. */
  uploadExpiresAt: string;
  /** How the bytes arrive; MULTIPART makes the registration create the multipart upload. */
  uploadMethod: 'PUT' | 'POST' | 'MULTIPART' | 'SERVER';
  /**
   * Set when a workflow is started for a file that has a row already: a file that predates the
   * file workflow (the backfill), or one whose workflow has ended (a delete). The workflow
   * starts from what the row says and never waits for an upload.
   */
  adopted?: boolean;
  /** Carried across continue-as-new; absent on a first run. */
  resume?: FileWorkflowStatus;
  /**
   * The settings the workflow uses, copied from the configuration by whoever starts it (see
   * fileWorkflowSettings in settings.ts), so that workflow code never reads the configuration.
   * Absent in inputs that predate it; the defaults in settings.ts apply then.
   */
  settings?: FileWorkflowSettings;
}

/** What an upload request says of its file: the fields its row is created from. */
export type FileDescription = Pick<
  FileWorkflowInput,
  | 'sourceType'
  | 'sourceId'
  | 'storageKey'
  | 'filename'
  | 'contentType'
  | 'declaredSizeBytes'
  | 'uploadedById'
>;

/** Timeouts and retries of the workflow's activities, as configured. */
export type FileActivitySettings = ActivitySettings;

export interface FileWorkflowSettings {
  uploadGraceSeconds: number;
  deleteRetentionSeconds: number;
  /** The queue the analysis worker polls (TASK_QUEUE_ANALYSIS). */
  analysisTaskQueue: string;
  activities: FileActivitySettings;
}

/**
 * Answer of the `register` update, sent with update-with-start when the upload URL is issued:
 * the workflow reserves the file's row and its share of the workspace quota atomically (in an
 * activity), so the API learns at once whether it may hand out a URL.
 */
export interface RegisterResult {
  accepted: boolean;
  reason?: { code: string; message: string };
  /** For MULTIPART uploads: the store's upload id that part URLs are signed for. */
  multipartUploadId?: string;
}

export interface UploadCompletedSignal {
  /** Part ETags for a multipart upload, in part order. */
  parts?: { partNumber: number; etag: string }[];
  /**
   * Set by the API's server-side upload when it refused the bytes as they arrived (more or
   * fewer than declared), so that nothing was stored: the file is rejected with this reason
   * instead of being verified. Clients cannot set it; the complete route passes only `parts`.
   */
  refusal?: { code: string; message: string };
}

export interface ReindexSignal {
  /** Why the file is being re-indexed (for the history and the logs). */
  reason: string;
  /**
   * Set by a sender that read the file's policy now and found it wants AI metadata. The
   * workflow decided once, when the file became ready; a source type that asks for AI
   * metadata only later would otherwise never get its older files indexed.
   */
  aiRequested?: boolean;
}

export interface FileWorkflowStatus {
  fileId: string;
  state: FileState;
  /** Why the file was rejected or abandoned, as a stable code and a sentence. */
  reason?: { code: string; message: string };
  sizeBytes?: number;
  contentType: string;
  detectedContentType?: string;
  aiStatus: AiStatus;
  aiReason?: { code: string; message: string };
  createdAt: string;
  completedAt?: string;
  readyAt?: string;
  deleteRequestedAt?: string;
  /** When the row was soft-deleted (its deleted_at). */
  deletedAt?: string;
  /** When the object itself was removed, after the retention delay. */
  objectRemovedAt?: string;
  /** Whether the source type's policy wanted AI metadata when the file became ready. */
  aiRequested?: boolean;
}

export const uploadCompletedSignal = defineSignal<[UploadCompletedSignal]>('uploadCompleted');
export const deleteSignal = defineSignal<[{ requestedBy?: string }]>('delete');
export const reindexSignal = defineSignal<[ReindexSignal]>('reindex');
export const statusQuery = defineQuery<FileWorkflowStatus>('status');
export const registerUpdate = defineUpdate<RegisterResult>('register');

/** Answer of `deletionApplied`: when the row was soft-deleted (its deleted_at). */
export interface DeletionApplied {
  deletedAt: string;
}

/**
 * Answers once the row of a file whose delete was requested is soft-deleted, so that the API
 * can reply only when its next read agrees. The delete itself is the `delete` signal: a signal
 * is durable as soon as the server has it, while an update needs a worker to accept it.
 */
export const deletionAppliedUpdate = defineUpdate<DeletionApplied>('deletionApplied');
