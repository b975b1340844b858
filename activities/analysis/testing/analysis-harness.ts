import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../../core/runtime';
import { testRuntime } from '../../../test/support/runtime';
import { buildAnalysisDeps } from '../../../workers/analysis-deps';
import type { ExtractFileAiMetadataInput, ExtractFileAiMetadataResult } from '../contract';
import type { AnalysisDeps } from '../deps';
import { extractFileAiMetadataActivity } from '../extract-file-ai-metadata';

export interface StoredFile {
  filename: string;
  contentType: string;
  body: Buffer;
  workspaceId?: string;
  sourceType?: string;
  sourceId?: string;
}

export interface StoredEmbedding {
  chunkIndex: number;
  page: number | null;
  section: string | null;
  content: string;
  model: string;
}

/**
 * The real runtime of the test stack (PostgreSQL, SeaweedFS) with the real analysis
 * dependencies, some of which a test may replace, and ways to store a file and run the activity
 * on it directly (without a worker: in Temporal's mock activity context).
 */
export class AnalysisHarness {
  private constructor(
    readonly runtime: Runtime,
    readonly deps: AnalysisDeps,
    private readonly closeDeps: () => Promise<void>,
  ) {}

  static async start(
    overrides: Partial<AnalysisDeps> = {},
    env: Record<string, string> = {},
  ): Promise<AnalysisHarness> {
    const runtime = testRuntime(env);
    const { deps, close } = await buildAnalysisDeps(runtime, overrides);
    return new AnalysisHarness(runtime, deps, close);
  }

  async close(): Promise<void> {
    await this.closeDeps();
    await this.runtime.close();
  }

  /** Stores the bytes and a ready FileMetadata row, as the upload workflow leaves them. */
  async store(file: StoredFile): Promise<ExtractFileAiMetadataInput> {
    const fileId = randomUUID();
    const workspaceId = file.workspaceId ?? `ws-${randomUUID().slice(0, 8)}`;
    const storageKey = `${workspaceId}/drive_file/src/${fileId}-${file.filename}`;
    await this.runtime.store.putStream(storageKey, file.body, file.contentType, file.body.length);
    await this.runtime.db.models.FileMetadata.create({
      id: fileId,
      workspaceId,
      sourceType: file.sourceType ?? 'drive_file',
      sourceId: file.sourceId ?? 'src',
      storageKey,
      filename: file.filename,
      contentType: file.contentType,
      declaredSizeBytes: file.body.length,
      sizeBytes: file.body.length,
      status: 'ready',
      aiStatus: 'pending',
      workflowId: `file-${fileId}`,
      uploadedById: null,
    });
    return {
      fileId,
      workspaceId,
      storageKey,
      contentType: file.contentType,
      filename: file.filename,
      trigger: 'upload',
    };
  }

  /** Runs the activity as one attempt would, optionally with an earlier attempt's heartbeat. */
  run(
    input: ExtractFileAiMetadataInput,
    info: Partial<Info> = {},
    deps: Partial<AnalysisDeps> = {},
  ): Promise<ExtractFileAiMetadataResult> {
    const activity = extractFileAiMetadataActivity({ ...this.deps, ...deps });
    return new MockActivityEnvironment(info).run(activity, input);
  }

  /** Runs one attempt and collects the heartbeat details it sends, in order. */
  runWithHeartbeats(
    input: ExtractFileAiMetadataInput,
    sink: unknown[],
    deps: Partial<AnalysisDeps> = {},
  ): Promise<ExtractFileAiMetadataResult> {
    const activity = extractFileAiMetadataActivity({ ...this.deps, ...deps });
    const environment = new MockActivityEnvironment();
    environment.on('heartbeat', (details: unknown) => sink.push(details));
    return environment.run(activity, input);
  }

  async embeddings(fileId: string): Promise<StoredEmbedding[]> {
    const rows = await this.runtime.db.models.FileEmbedding.findAll({
      where: { fileId },
      order: [['chunkIndex', 'ASC']],
      attributes: ['chunkIndex', 'page', 'section', 'content', 'model'],
    });
    return rows.map((row) => row.get({ plain: true }) as StoredEmbedding);
  }

  async file(fileId: string) {
    const row = await this.runtime.db.models.FileMetadata.findByPk(fileId);
    if (!row) throw new Error(`no file ${fileId}`);
    return row;
  }
}
