import type { AiMetadata, FileMetadata } from '../../core/db/models/file-metadata';
import type {
  ExtractFileAiMetadataInput as Input,
  ExtractFileAiMetadataResult as Result,
} from './contract';
import type { AnalysisDeps } from './deps';
import { embedMissingChunks } from './embed-chunks';
import { AnalysisRefusal, FileDeletedDuringRun } from './failures';
import { createFileRecord } from './file-record';
import { pipelineVersionFor } from './pipeline-version';
import { prepareChunks, type PreparedRun } from './prepare-chunks';
import { createProgressReporter, type ProgressReporter } from './progress';
import { createStagedChunks } from './staged-chunks';

/**
 * The run key: the file id and the pipeline version. A file's bytes cannot change after they
 * were verified (an object replaced through a still-valid upload URL is rejected, not
 * re-indexed), so one id names one content. The content's sha256 is recorded with the
 * metadata all the same; should it ever differ from the row's, the metadata counts as stale.
 */
function isCurrent(file: FileMetadata, pipelineVersion: string): boolean {
  if (file.aiStatus !== 'done' || file.aiPipelineVersion !== pipelineVersion) return false;
  const indexed = file.aiMetadata?.contentSha256;
  return !file.contentSha256 || !indexed || indexed === file.contentSha256;
}

/**
 * The activity: extract → chunk → embed → summarize → publish, for one version of one file.
 * Expected refusals (encrypted, bomb, corrupt, no text...) end in the `failed` outcome; anything
 * else is thrown and retried by Temporal with backoff, resuming from the staged chunks.
 */
export function extractFileAiMetadataActivity(deps: AnalysisDeps) {
  const pipelineVersion = pipelineVersionFor(deps.settings);
  const staged = createStagedChunks(deps.sequelize);
  const record = createFileRecord(deps.sequelize);
  const { FileMetadata } = deps.models;

  const summarize = async (run: PreparedRun, input: Input, progress: ProgressReporter) => {
    const previous = progress.previous?.summary;
    if (previous && progress.previous?.chunkCount === run.chunks.length) return previous;
    await progress.beat({ phase: 'summarizing' });
    const vectors = run.chunks.map((chunk) => run.vectors.get(chunk.index)!);
    const summary = await progress.during(() =>
      deps.summarizer.summarize({ filename: input.filename, chunks: run.chunks, vectors }),
    );
    await progress.beat({ phase: 'publishing', summary });
    return summary;
  };

  const analyse = async (input: Input, file: FileMetadata, progress: ProgressReporter) => {
    const log = deps.logger.child({ fileId: input.fileId, workspaceId: input.workspaceId });
    const assertLive = async () => {
      const row = await FileMetadata.findByPk(input.fileId, { attributes: ['deletedAt'] });
      if (!row || row.deletedAt) throw new FileDeletedDuringRun();
    };

    const run = await prepareChunks({
      deps,
      staged,
      input,
      pipelineVersion,
      knownSha256: file.contentSha256 ?? undefined,
      progress,
      assertLive,
    });
    log.info(
      { chunkCount: run.chunks.length, staged: run.vectors.size, resumed: run.resumed },
      run.resumed ? 'analysis resumed from staged chunks' : 'analysis text extracted',
    );
    const embedded = await embedMissingChunks({
      fileId: input.fileId,
      run,
      embedder: deps.embedder,
      staged,
      progress,
      assertLive,
    });
    const summary = await summarize(run, input, progress);

    const { model: summaryModel, ...parts } = summary;
    const metadata: AiMetadata = {
      ...parts,
      pipelineVersion,
      models: { embedding: deps.embedder.model, summary: summaryModel, ...run.readers },
      contentSha256: run.identity.contentSha256,
      ...(run.truncatedAt !== undefined && { truncatedAt: run.truncatedAt }),
    };
    const note =
      run.truncatedAt === undefined
        ? undefined
        : `Only the first ${run.truncatedAt} characters of the text were indexed.`;
    const chunkCount = run.chunks.length;
    const published = await record.publish(input.fileId, run.identity, chunkCount, metadata, note);
    log.info({ published, chunkCount: run.chunks.length, embedded }, 'analysis published');
    if (published === 'deleted') return { outcome: 'deleted' } as const;
    if (published === 'already-current') {
      return {
        outcome: 'skipped',
        pipelineVersion,
        reason: 'indexed by a concurrent run',
      } as const;
    }
    return { outcome: 'done', pipelineVersion, chunkCount: run.chunks.length } as const;
  };

  return async function extractFileAiMetadata(input: Input): Promise<Result> {
    const log = deps.logger.child({ fileId: input.fileId, workspaceId: input.workspaceId });
    const progress = createProgressReporter(pipelineVersion, deps.settings.heartbeatIntervalMs);

    const file = await FileMetadata.findByPk(input.fileId);
    if (!file || file.deletedAt) {
      await record.forgetDeleted(input.fileId);
      return { outcome: 'deleted' };
    }
    if (isCurrent(file, pipelineVersion)) {
      log.info({ pipelineVersion, trigger: input.trigger }, 'analysis skipped');
      return { outcome: 'skipped', pipelineVersion, reason: 'this version is already indexed' };
    }

    log.info({ attempt: progress.attempt, trigger: input.trigger }, 'analysis started');
    await record.markRunning(input.fileId);
    try {
      return await analyse(input, file, progress);
    } catch (error) {
      if (error instanceof FileDeletedDuringRun) {
        await record.forgetDeleted(input.fileId);
        log.info({}, 'analysis stopped: file deleted');
        return { outcome: 'deleted' };
      }
      if (error instanceof AnalysisRefusal) {
        await record.markFailed(input.fileId, `${error.code}: ${error.message}`, pipelineVersion);
        log.warn({ code: error.code }, 'analysis refused');
        return { outcome: 'failed', code: error.code, message: error.message };
      }
      log.warn({ err: error, attempt: progress.attempt }, 'analysis attempt failed');
      throw error;
    }
  };
}
