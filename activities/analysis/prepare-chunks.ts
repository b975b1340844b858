import type { ExtractFileAiMetadataInput } from './contract';
import { chunkSections } from './chunking';
import type { AnalysisDeps } from './deps';
import { effectiveContentType } from './extraction/registry';
import { SourceObject } from './extraction/source-object';
import { TextBudget } from './extraction/text-budget';
import { refuse } from './failures';
import { runOffThread } from './off-thread';
import type { ProgressReporter } from './progress';
import type { RunIdentity, StagedChunks, StagedRun } from './staged-chunks';

export interface PreparedRun extends StagedRun {
  /** The models besides the embedding model that read the file (OCR, transcription). */
  readers: Record<string, string>;
  /** Characters kept when the text was longer than AI_MAX_TEXT_CHARS; undefined if whole. */
  truncatedAt?: number;
  resumed: boolean;
}

const OCR_MODEL = 'tesseract/eng-4.0.0-best-int';

/** Below this, splitting takes milliseconds: not worth a thread's start-up. */
const SPLIT_OFF_THREAD_CHARS = 100_000;

interface PrepareArgs {
  deps: AnalysisDeps;
  staged: StagedChunks;
  input: ExtractFileAiMetadataInput;
  pipelineVersion: string;
  knownSha256?: string;
  progress: ProgressReporter;
  assertLive(): Promise<void>;
}

/** Reuses the chunks an earlier attempt staged when they were made the same way. */
async function resumable(args: PrepareArgs): Promise<StagedRun | undefined> {
  const run = await args.staged.load(args.input.fileId);
  if (!run) return undefined;
  const { identity } = run;
  const same =
    identity.pipelineVersion === args.pipelineVersion &&
    identity.model === args.deps.embedder.model &&
    (!args.knownSha256 || !identity.contentSha256 || identity.contentSha256 === args.knownSha256);
  return same ? run : undefined;
}

/**
 * The chunks of the file: those an earlier attempt staged, or new ones read from the stored
 * object (extracted, bounded, split) and staged before any embedding is paid for.
 */
export async function prepareChunks(args: PrepareArgs): Promise<PreparedRun> {
  const { deps, input, progress } = args;
  const earlier = await resumable(args);
  if (earlier) {
    const { readers = {}, truncatedAt } = progress.previous ?? {};
    return { ...earlier, readers, truncatedAt, resumed: true };
  }

  const contentType = effectiveContentType(input.contentType, input.filename);
  const extractor = deps.extractors.find(contentType, input.filename);
  if (!extractor) {
    throw refuse('UNSUPPORTED_CONTENT', `Files of type ${contentType} are not analysed.`);
  }
  const head = await deps.store.head(input.storageKey);
  if (!head) throw refuse('CORRUPT_FILE', 'The stored file is missing.');

  const { limits } = deps.settings;
  const source = new SourceObject(
    deps.store,
    input.storageKey,
    head.sizeBytes,
    limits.maxInputBytes,
  );
  const budget = new TextBudget(limits.maxTextChars);
  const readers: Record<string, string> = {};
  try {
    await extractor.extract({
      source,
      contentType,
      filename: input.filename,
      budget,
      limits,
      progress: (step) => progress.beat({ phase: 'extracting', step }),
      during: (step) => progress.during(step),
      // OCR and transcription take seconds to minutes a call: heartbeats go on meanwhile.
      ocr: {
        recognize: (image) => {
          readers.ocr = OCR_MODEL;
          return progress.during(() => deps.ocr.recognize(image));
        },
        close: async () => undefined,
      },
      transcriber: deps.transcriber && {
        ...deps.transcriber,
        transcribe: (path, name) => {
          readers.transcription = deps.transcriber!.model;
          return progress.during(() => deps.transcriber!.transcribe(path, name));
        },
      },
    });
  } finally {
    await source.dispose();
  }
  if (budget.size === 0) throw refuse('NO_TEXT_FOUND', 'No text could be found in the file.');
  const truncatedAt = budget.truncated ? budget.size : undefined;
  if (truncatedAt) {
    deps.logger.warn({ fileId: input.fileId, chars: truncatedAt }, 'analysis text truncated');
  }

  const options = { ...deps.settings.chunking, markdown: contentType === 'text/markdown' };
  const sections = budget.sections();
  // The splitter can take a second on a megabyte of text without separators: off the loop.
  const chunks =
    budget.size > SPLIT_OFF_THREAD_CHARS
      ? await progress.during((signal) =>
          runOffThread({ kind: 'split', sections, options }, signal),
        )
      : await chunkSections(sections, options);
  const identity: RunIdentity = {
    pipelineVersion: args.pipelineVersion,
    model: deps.embedder.model,
    contentSha256: source.sha256 ?? args.knownSha256,
  };
  await args.assertLive();
  await args.staged.replace(input.fileId, identity, chunks);
  await progress.beat({ readers, truncatedAt });
  return { identity, chunks, vectors: new Map(), readers, truncatedAt, resumed: false };
}
