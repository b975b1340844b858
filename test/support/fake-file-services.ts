import { ApplicationFailure } from '@temporalio/common';
import type { UploadActivities } from '../../activities';
import type {
  AnalysisActivities,
  ExtractFileAiMetadataInput,
  ExtractFileAiMetadataResult,
} from '../../activities/analysis/contract';
import type { FileState } from '../../core/file-states';

interface FakeRow {
  status: FileState;
  statusReason?: string;
  sizeBytes?: number;
  deletedAt?: string;
  aiStatus?: string;
}

type Activities = UploadActivities & AnalysisActivities;
type Overrides = { [K in keyof Activities]?: Activities[K] };

/**
 * The store and the database as the file workflow sees them through its activities, in memory:
 * objects by key, rows by file id, and a count of every call. Tests put objects where a browser
 * would, override single activities to make them refuse or stall, and read what happened.
 */
export class FakeFileServices {
  readonly objects = new Map<string, { sizeBytes: number; etag?: string }>();
  readonly rows = new Map<string, FakeRow>();
  readonly calls: Partial<Record<keyof Activities, unknown[][]>> = {};
  readonly overrides: Overrides = {};
  /** An activity named here waits for its promise before it does anything. */
  readonly holds: Partial<Record<keyof Activities, Promise<void>>> = {};
  /** What the fake quota allows per file at registration; larger declarations are refused. */
  maxReservationBytes = Number.MAX_SAFE_INTEGER;
  /** What the fake source policy says about AI metadata. */
  aiMetadata = true;
  private multipartCounter = 0;

  count(name: keyof Activities): number {
    return this.calls[name]?.length ?? 0;
  }

  argsOf<K extends keyof Activities>(name: K): Parameters<Activities[K]>[0][] {
    return (this.calls[name] ?? []).map((args) => args[0]) as Parameters<Activities[K]>[0][];
  }

  /** The activities of the uploads queue. */
  uploadActivities(): UploadActivities {
    return this.recorded({
      reserveFile: async (input) => {
        if ((input.declaredSizeBytes ?? 0) > this.maxReservationBytes) {
          return {
            accepted: false,
            reason: { code: 'QUOTA_EXCEEDED', message: 'The workspace quota is full.' },
          };
        }
        this.rows.set(input.fileId, { status: 'awaiting_upload' });
        return { accepted: true };
      },
      startMultipartUpload: async () => `upload-${++this.multipartCounter}`,
      completeMultipartUpload: async () => undefined,
      verifyUpload: async (input) => {
        const object = this.objects.get(input.storageKey);
        if (!object) {
          throw ApplicationFailure.nonRetryable('Nothing was uploaded.', 'UPLOAD_MISSING');
        }
        return {
          sizeBytes: object.sizeBytes,
          etag: object.etag,
          detectedContentType: input.contentType,
          aiMetadata: this.aiMetadata,
        };
      },
      markFileVerifying: async ({ fileId }) => this.patch(fileId, { status: 'verifying' }),
      markFileReady: async ({ fileId, sizeBytes }) => {
        if (this.rows.get(fileId)?.deletedAt) return { outcome: 'deleted' };
        this.patch(fileId, { status: 'ready', sizeBytes });
        return { outcome: 'ready', readyAt: new Date().toISOString() };
      },
      markFileRejected: async ({ fileId, code }) =>
        this.patch(fileId, { status: 'rejected', statusReason: code }),
      markFileAbandoned: async ({ fileId, code }) =>
        this.patch(fileId, { status: 'abandoned', statusReason: code }),
      markAiFailed: async ({ fileId, code }) => this.patch(fileId, { aiStatus: `failed:${code}` }),
      softDeleteFile: async ({ fileId }) => {
        const deletedAt = this.rows.get(fileId)?.deletedAt ?? new Date().toISOString();
        this.patch(fileId, { status: 'deleted', deletedAt });
        return deletedAt;
      },
      describeFile: async ({ fileId }) => {
        const row = this.rows.get(fileId);
        if (!row) return undefined;
        return {
          state: row.status,
          sizeBytes: row.sizeBytes,
          aiStatus: 'not_requested',
          aiRequested: this.aiMetadata,
        };
      },
      abortMultipartUploads: async () => 0,
      removeObject: async ({ storageKey }) => {
        this.objects.delete(storageKey);
      },
    });
  }

  /** The activity of the analysis queue; by default every extraction succeeds. */
  analysisActivities(): AnalysisActivities {
    return this.recorded({
      extractFileAiMetadata: async (
        _input: ExtractFileAiMetadataInput,
      ): Promise<ExtractFileAiMetadataResult> => ({
        outcome: 'done',
        pipelineVersion: 'test',
        chunkCount: 1,
      }),
    });
  }

  private patch(fileId: string, changes: Partial<FakeRow>): void {
    this.rows.set(fileId, {
      ...(this.rows.get(fileId) ?? { status: 'awaiting_upload' }),
      ...changes,
    });
  }

  /** Wraps each activity to count its calls, hold it, or let a test's override take its place. */
  private recorded<T extends Partial<Activities>>(activities: T): T {
    const wrapped: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(activities)) {
      const key = name as keyof Activities;
      wrapped[name] = async (...args: unknown[]) => {
        (this.calls[key] ??= []).push(args);
        await this.holds[key];
        const impl = (this.overrides[key] ?? fn) as (...a: unknown[]) => Promise<unknown>;
        return impl(...args);
      };
    }
    return wrapped as T;
  }
}
