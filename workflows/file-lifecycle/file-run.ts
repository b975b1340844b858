import { log } from '@temporalio/workflow';
import type { AiStatus, FileState } from '../../core/file-states';
import { fileActivities, type FileActivities } from './activity-proxies';
import type {
  FileWorkflowInput,
  FileWorkflowSettings,
  FileWorkflowStatus,
  RegisterResult,
  ReindexSignal,
  UploadCompletedSignal,
} from './definitions';
import { publishFileStatus } from './search-attributes';
import { resolveSettings } from './settings';

export interface Reason {
  code: string;
  message: string;
}

/** Signals received and not yet acted on. */
export interface Inbox {
  completion?: UploadCompletedSignal;
  deleteRequest?: { requestedBy?: string };
  /** Reindex requests coalesce: one pending request stands for all that came before it. */
  reindex?: ReindexSignal;
  /** Counted to continue as new before the history grows large. */
  signalsThisRun: number;
}

/** Where the `register` update stands; it runs beside the main flow, in its handler. */
export interface Registration {
  phase: 'none' | 'running' | 'accepted' | 'refused';
  result?: Promise<RegisterResult>;
  refusal?: Reason;
  multipartUploadId?: string;
}

/**
 * Everything one run of a file's workflow knows: its input and settings, its activity stubs,
 * the status answered to queries, and what signals and the registration left for the main flow.
 */
export class FileRun {
  readonly settings: FileWorkflowSettings;
  readonly acts: FileActivities;
  readonly status: FileWorkflowStatus;
  readonly inbox: Inbox = { signalsThisRun: 0 };
  readonly registration: Registration = { phase: 'none' };
  /** The object's ETag when it was verified, to notice a later replacement (upload-recheck.ts). */
  verifiedEtag?: string;

  constructor(readonly input: FileWorkflowInput) {
    this.settings = resolveSettings(input.settings);
    this.acts = fileActivities(this.settings);
    this.status = input.resume
      ? { ...input.resume }
      : {
          fileId: input.fileId,
          state: 'awaiting_upload',
          contentType: input.contentType,
          sizeBytes: input.declaredSizeBytes,
          aiStatus: 'not_requested',
          createdAt: new Date().toISOString(),
        };
  }

  get ids() {
    return { fileId: this.input.fileId, workspaceId: this.input.workspaceId };
  }

  /** The object's key and any multipart upload of it: what storage clean-ups act on. */
  get object() {
    return {
      ...this.ids,
      storageKey: this.input.storageKey,
      multipartUploadId: this.registration.multipartUploadId ?? this.input.multipartUploadId,
    };
  }

  /** Workflow time: deterministic, and skipped forward by the test environment. */
  now(): string {
    return new Date().toISOString();
  }

  /** Changes the file's state, and keeps the FileStatus search attribute in step with it. */
  moveTo(state: FileState, changes: Partial<FileWorkflowStatus> = {}): void {
    const from = this.status.state;
    Object.assign(this.status, changes, { state });
    if (from === state) return;

    publishFileStatus(state);
    log.info('file state changed', { ...this.ids, from, to: state, code: changes.reason?.code });
  }

  setAiStatus(aiStatus: AiStatus, aiReason?: Reason): void {
    const from = this.status.aiStatus;
    Object.assign(this.status, { aiStatus, aiReason });
    log.info('file AI status changed', { ...this.ids, from, to: aiStatus, code: aiReason?.code });
  }
}
