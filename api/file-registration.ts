import { WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SourcePolicy } from '../core/source-policies';
import { buildStorageKey } from '../core/storage-keys';
import {
  FILE_WORKFLOW_TYPE,
  registerUpdate,
  type FileWorkflowInput,
} from '../workflows/file-lifecycle/definitions';
import type { ApiDeps } from './app';
import { fileWorkflowStartOptions, type NewFile } from './file-workflow-input';
import { fromTemporalError, isErrorCode } from './temporal-errors';
import { policyFor } from './upload-policy';

export interface UploadRequest {
  workspaceId: string;
  userId: string;
  sourceType: string;
  sourceId: string;
  filename: string;
  contentType: string;
  sizeBytes?: number;
  uploadMethod: FileWorkflowInput['uploadMethod'];
}

export interface Registration {
  fileId: string;
  key: string;
  workflowId: string;
  expiresAt: Date;
  policy: SourcePolicy;
  /** For multipart uploads: the store's upload id, created by the workflow. */
  multipartUploadId?: string;
}

/**
 * Checks the request against its source type's policy, decides the file id and key, and starts
 * the file's workflow with its `register` update in one call. The workflow reserves the row and
 * the quota before answering, so a URL is only ever handed out for a file that the service
 * knows and that fits the workspace's quota. Logs through the request's logger (`log`).
 */
export async function registerUpload(
  deps: ApiDeps,
  request: UploadRequest,
  log: Logger,
): Promise<Registration> {
  const policy = policyFor(request);

  const fileId = randomUUID();
  const key = buildStorageKey({
    prefix: policy.prefix ? deps.config.storage.prefixes[policy.prefix] : '',
    workspaceId: request.workspaceId,
    sourceType: request.sourceType,
    sourceId: request.sourceId,
    fileId,
    filename: request.filename,
  });
  const file: NewFile = {
    fileId,
    workspaceId: request.workspaceId,
    sourceType: request.sourceType,
    sourceId: request.sourceId,
    storageKey: key,
    filename: request.filename,
    contentType: request.contentType,
    declaredSizeBytes: request.sizeBytes,
    uploadedById: request.userId,
    uploadExpiresAt: new Date(Date.now() + deps.config.limits.uploadUrlTtlSeconds * 1000),
    uploadMethod: request.uploadMethod,
  };
  const start = fileWorkflowStartOptions(deps.config, file);
  const fileLog = log.child({
    fileId,
    workspaceId: request.workspaceId,
    workflowId: start.workflowId,
  });

  // The id is fresh, so an existing workflow can only be this request's own, retried by the
  // client library; the fixed update id makes that retry land on the first registration.
  const startWorkflowOperation = new WithStartWorkflowOperation(FILE_WORKFLOW_TYPE, {
    ...start,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const result = await deps.temporal
    .withDeadline(Date.now() + deps.config.temporal.callTimeoutMs, () =>
      deps.temporal.workflow.executeUpdateWithStart(registerUpdate, {
        updateId: `register-${fileId}`,
        startWorkflowOperation,
      }),
    )
    .catch((error: unknown) => {
      throw fromTemporalError(error);
    });

  if (!result.accepted) {
    const code = isErrorCode(result.reason?.code) ? result.reason.code : 'CONFLICT';
    const message = result.reason?.message ?? 'The upload was refused.';
    fileLog.info({ code }, 'upload refused at registration');
    throw new ServiceError(code, message);
  }

  fileLog.info(
    {
      sourceType: request.sourceType,
      sizeBytes: request.sizeBytes,
      uploadMethod: request.uploadMethod,
    },
    'upload registered',
  );
  return {
    fileId,
    key,
    workflowId: start.workflowId,
    expiresAt: file.uploadExpiresAt,
    policy,
    multipartUploadId: result.multipartUploadId,
  };
}
