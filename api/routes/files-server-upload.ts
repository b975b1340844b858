import { Router, type Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ServiceError, validationFailed } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { deleteSignal, uploadCompletedSignal } from '../../workflows/file-lifecycle/definitions';
import { principalOf } from '../middleware/auth';
import type { ApiDeps } from '../app';
import { workspaceIdOf } from '../workspace-param';
import { registerUpload, type Registration } from '../file-registration';
import { queryFileStatus } from '../file-status';
import { receiveFormFile, type FormFile } from '../form-upload';
import { SizeGuard } from '../size-guard';
import { fromTemporalError } from '../temporal-errors';
import { serverUploadFields, serverUploadFilename } from '../validation/file-requests';
import { parseOrThrow } from '../validation/parse';

/**
 * POST /files (multipart/form-data): the small-file path for callers that cannot upload to a
 * URL. Fields `sourceType`, `sourceId`, `sizeBytes` (and optionally `contentType`) come first,
 * then the file. The file is registered like any other, streamed to the store as it arrives
 * (the declared size is the Content-Length the store is promised), and then completed, so it
 * ends in the same workflow and the same checks as a presigned upload.
 */
export function serverUploadRoutes(deps: ApiDeps): Router {
  const router = Router({ mergeParams: true });
  const cap = deps.config.limits.serverUploadMaxBytes;
  // The form's boundaries and fields come on top of the file itself.
  const requestCap = cap + deps.config.limits.serverUploadFormOverheadBytes;
  const overCap = (sizeBytes?: number) =>
    new ServiceError(
      'FILE_TOO_LARGE',
      `Uploads through the API may be at most ${cap} bytes; ask for an upload URL instead.`,
      {
        maxSizeBytes: cap,
        ...(sizeBytes !== undefined && Number.isFinite(sizeBytes) && { sizeBytes }),
      },
    );

  router.post('/files', async (req, res) => {
    const requestBytes = Number(req.get('content-length') ?? Number.NaN);
    if (requestBytes > requestCap) throw refuse(res, overCap());
    const form = await receiveFormFile(req);

    let registration: Registration;
    let contentType: string;
    let sizeBytes: number;
    try {
      const late = FIELDS_BEFORE_FILE.filter((name) => form.fields[name] === undefined);
      if (late.length > 0) throw fieldsAfterFile(late);
      const fields = parseOrThrow(serverUploadFields, form.fields, 'form');
      if (fields.sizeBytes > cap) throw overCap(fields.sizeBytes);
      contentType = fields.contentType ?? form.mimeType;
      sizeBytes = fields.sizeBytes;
      registration = await registerUpload(
        deps,
        {
          workspaceId: workspaceIdOf(req),
          userId: principalOf(res.locals).userId,
          sourceType: fields.sourceType,
          sourceId: fields.sourceId,
          filename: parseOrThrow(serverUploadFilename, form.filename, 'file name'),
          contentType,
          sizeBytes,
          uploadMethod: 'SERVER',
        },
        req.log,
      );
    } catch (error) {
      form.discard();
      throw refuse(res, error);
    }

    const log = req.log.child({
      fileId: registration.fileId,
      workspaceId: workspaceIdOf(req),
      workflowId: registration.workflowId,
    });
    await streamToStore(deps, form, registration, contentType, sizeBytes).catch(
      async (error: unknown) => {
        form.discard();
        const userId = principalOf(res.locals).userId;
        throw refuse(res, await endFailedUpload(deps, log, registration, userId, error));
      },
    );
    await deps.temporal.workflow
      .getHandle(registration.workflowId)
      .signal(uploadCompletedSignal, {})
      .catch((error: unknown) => {
        throw fromTemporalError(error);
      });
    log.info({ sizeBytes }, 'server-side upload stored');

    const status = await queryFileStatus(deps, registration.workflowId, log);
    res.status(202).json({
      fileId: registration.fileId,
      key: registration.key,
      workflowId: registration.workflowId,
      status: status?.state ?? 'verifying',
    });
  });

  return router;
}

/** The fields the form must send before its file: the file is streamed as soon as it starts. */
const FIELDS_BEFORE_FILE = ['sourceType', 'sourceId', 'sizeBytes'] as const;

/**
 * Missing at the file part: absent from the form, or sent after the file, where it is unread
 * (the file is streamed as soon as it starts). Which of the two cannot be told at that moment.
 */
function fieldsAfterFile(names: readonly string[]) {
  const list = names.join(', ');
  const were = names.length === 1 ? 'was' : 'were';
  return validationFailed(
    `The form must send ${FIELDS_BEFORE_FILE.join(', ')} before the file: ${list} ${were} ` +
      'missing or came after it.',
    { fields: names.map((field) => ({ field, message: `${field} must come before the file` })) },
  );
}

/** Streams the file part into the store; a failure on either side stops the other at once. */
async function streamToStore(
  deps: ApiDeps,
  form: FormFile,
  registration: Registration,
  contentType: string,
  sizeBytes: number,
): Promise<void> {
  const abort = new AbortController();
  const guard = new SizeGuard(sizeBytes);
  const piping = pipeline(form.stream, guard).catch((error: unknown) => {
    abort.abort();
    throw error;
  });
  const storing = deps.store
    .putStream(registration.key, guard, contentType, sizeBytes, abort.signal)
    .catch((error: unknown) => {
      guard.destroy();
      throw error;
    });

  const [piped, stored] = await Promise.allSettled([piping, storing]);
  // A refusal of the body (too long, too short) says more than the store's "aborted".
  if (piped.status === 'rejected' && piped.reason instanceof ServiceError) throw piped.reason;
  if (stored.status === 'rejected') throw stored.reason;
  if (piped.status === 'rejected') throw piped.reason;
  await form.finished;
}

/** Refusals of the body itself: it ran past its declared size, or ended short of it. */
const BODY_REFUSALS = new Set(['FILE_TOO_LARGE', 'UPLOAD_SIZE_MISMATCH']);

/**
 * Ends the file of an upload that failed midway; no object is left (a PUT that did not finish
 * stores nothing). A body the API refused is completed with that refusal, so the file ends
 * rejected with its reason like any upload that failed its checks, and the answer names the
 * file for the client to look up. Any other failure (the store, a dropped connection) deletes
 * the file, releasing its row and quota at once. Answers the error to send.
 */
async function endFailedUpload(
  deps: ApiDeps,
  log: Logger,
  registration: Registration,
  requestedBy: string,
  error: unknown,
): Promise<unknown> {
  const refused = error instanceof ServiceError && BODY_REFUSALS.has(error.code);
  const handle = deps.temporal.workflow.getHandle(registration.workflowId);
  try {
    if (refused) {
      const refusal = { code: error.code, message: error.message };
      await handle.signal(uploadCompletedSignal, { refusal });
    } else {
      await handle.signal(deleteSignal, { requestedBy });
    }
  } catch (signalError) {
    log.warn({ err: signalError }, 'failed server-side upload could not be ended');
  }
  if (!refused) return error;
  return new ServiceError(error.code, error.message, {
    ...error.details,
    fileId: registration.fileId,
  });
}

/** The rest of a refused request is not read: close the connection after answering. */
function refuse(res: Response, error: unknown): unknown {
  res.setHeader('Connection', 'close');
  return error;
}
