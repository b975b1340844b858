import { z } from 'zod';

/**
 * Settings of the AI metadata pipeline and of semantic search, merged into the one schema of
 * ./config.ts. Every provider defaults to what runs on this machine with no network: the local
 * embedding model, the extractive summary and no transcription.
 */

const MiB = 1024 * 1024;

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalPositive = z.coerce.number().int().positive().optional();
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const aiEnvShape = {
  AI_EMBEDDING_PROVIDER: z.enum(['local', 'openai', 'ollama']).default('local'),
  AI_EMBEDDING_MODEL: optionalText,
  AI_EMBEDDING_DIMENSIONS: positive(1024).pipe(z.number().max(1024)),
  AI_EMBEDDING_BATCH_SIZE: positive(16).pipe(z.number().max(256)),
  AI_LOCAL_MODEL_DIR: z.string().trim().min(1).default('.local/models'),
  AI_OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
  AI_OPENAI_API_KEY: optionalText,
  AI_OLLAMA_BASE_URL: z.url().default('http://127.0.0.1:11434'),
  AI_LLM_PROVIDER: z.enum(['none', 'openai', 'ollama']).default('none'),
  AI_LLM_MODEL: optionalText,
  AI_LLM_MAX_ATTEMPTS: positive(3).pipe(z.number().max(10)),
  AI_LLM_SAMPLE_CHARS: positive(12_000),
  AI_TRANSCRIPTION_PROVIDER: z.enum(['none', 'openai']).default('none'),
  AI_TRANSCRIPTION_MODEL: z.string().trim().min(1).default('whisper-1'),
  AI_TRANSCRIPTION_MAX_BYTES: positive(25 * MiB),
  AI_CHUNK_SIZE: optionalPositive,
  AI_CHUNK_OVERLAP: z.coerce.number().int().nonnegative().optional(),
  AI_MAX_INPUT_BYTES: positive(512 * MiB),
  AI_MAX_TEXT_CHARS: positive(2_000_000),
  AI_MAX_ARCHIVE_UNCOMPRESSED_BYTES: positive(256 * MiB),
  AI_MAX_ARCHIVE_RATIO: positive(100),
  AI_MAX_ARCHIVE_ENTRIES: positive(10_000),
  AI_OCR_MAX_PAGES: positive(20),
  AI_WORKER_CONCURRENCY: positive(2),
  AI_HEARTBEAT_INTERVAL_SECONDS: z.coerce.number().positive().max(60).default(5),
  SEARCH_EF_SEARCH: positive(200).pipe(z.number().min(10).max(1000)),
  SEARCH_MAX_RESULTS: positive(50).pipe(z.number().max(200)),
  SEARCH_MIN_SCORE: z.coerce.number().min(-1).max(1).default(0.15),
  SEARCH_EXACT_SCAN_MAX_CHUNKS: z.coerce.number().int().nonnegative().default(20_000),
};

type AiEnv = z.infer<z.ZodObject<typeof aiEnvShape>>;

export type EmbeddingProvider = AiEnv['AI_EMBEDDING_PROVIDER'];

export interface AiConfig {
  embedding: {
    provider: EmbeddingProvider;
    model: string;
    /** Asked of hosted models that can shorten their vectors; the column is vector(1024). */
    dimensions: number;
    batchSize: number;
    /** Where scripts/install-models.sh laid out the local model, relative to the working dir. */
    localModelDir: string;
  };
  openai: { baseUrl?: string; apiKey?: string };
  ollama: { baseUrl: string };
  llm: {
    provider: AiEnv['AI_LLM_PROVIDER'];
    model?: string;
    maxAttempts: number;
    /** Characters of a document the LLM sees, sampled from its start, middle and end. */
    sampleChars: number;
  };
  transcription: { provider: AiEnv['AI_TRANSCRIPTION_PROVIDER']; model: string; maxBytes: number };
  chunking: { size: number; overlap: number };
  limits: {
    maxInputBytes: number;
    maxTextChars: number;
    maxArchiveUncompressedBytes: number;
    maxArchiveRatio: number;
    maxArchiveEntries: number;
    ocrMaxPages: number;
  };
  workerConcurrency: number;
  /**
   * How often a run heartbeats while it waits on one long step (a transcription, an LLM call,
   * an embedding batch): well inside the activity's heartbeat timeout, so a slow provider is
   * never mistaken for a dead worker.
   */
  heartbeatIntervalMs: number;
}

export interface SearchConfig {
  /** HNSW candidate list size; a workspace filter applies after it, so it must stay generous. */
  efSearch: number;
  maxResults: number;
  /**
   * The cosine similarity below which a file found by meaning alone (no word of the query in
   * its name, summary or tags) is not an answer. Measured with the default local model on the
   * labelled set of activities/analysis/semantics.test.ts: right answers score 0.19 to 0.51,
   * wrong ones 0.01 at the median and 0.17 at most. 0.15 keeps every right answer and drops
   * all but 3 of the 90 wrong pairs. Another model spreads its scores differently: measure
   * again before changing AI_EMBEDDING_PROVIDER.
   */
  minScore: number;
  /**
   * The most chunks the exact-scan fallback compares. It serves small workspaces in a large
   * table, whose chunks the index's candidate list can miss; a workspace above this many is
   * answered from the index alone (0 turns the fallback off).
   */
  exactScanMaxChunks: number;
}

const DEFAULT_EMBEDDING_MODELS: Record<EmbeddingProvider, string> = {
  local: 'all-MiniLM-L6-v2',
  openai: 'text-embedding-3-large',
  ollama: 'bge-m3',
};

const DEFAULT_LLM_MODELS = { openai: 'gpt-4o-mini', ollama: 'llama3.1' } as const;

/**
 * The local model reads at most 256 word pieces (about 1,000 characters of English) at once;
 * hosted models keep the original service's 4,000 characters with 200 of overlap.
 */
function chunkingFor(env: AiEnv): { size: number; overlap: number } {
  const local = env.AI_EMBEDDING_PROVIDER === 'local';
  return {
    size: env.AI_CHUNK_SIZE ?? (local ? 1000 : 4000),
    overlap: env.AI_CHUNK_OVERLAP ?? (local ? 150 : 200),
  };
}

/** Rules that involve two settings; issues are added to the one report of every bad variable. */
export function checkAiEnv(env: AiEnv, ctx: z.RefinementCtx): void {
  const usesOpenAi =
    env.AI_EMBEDDING_PROVIDER === 'openai' ||
    env.AI_LLM_PROVIDER === 'openai' ||
    env.AI_TRANSCRIPTION_PROVIDER === 'openai';
  if (usesOpenAi && !env.AI_OPENAI_API_KEY && !env.AI_OPENAI_BASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['AI_OPENAI_API_KEY'],
      message:
        'is required when a provider is openai (or set AI_OPENAI_BASE_URL to a local server)',
    });
  }
  const chunking = chunkingFor(env);
  if (chunking.overlap >= chunking.size) {
    ctx.addIssue({
      code: 'custom',
      path: ['AI_CHUNK_OVERLAP'],
      message: `must be smaller than the chunk size (${chunking.size})`,
    });
  }
}

export function aiConfigFrom(env: AiEnv): { ai: AiConfig; search: SearchConfig } {
  const llmModel =
    env.AI_LLM_PROVIDER === 'none'
      ? undefined
      : (env.AI_LLM_MODEL ?? DEFAULT_LLM_MODELS[env.AI_LLM_PROVIDER]);
  return {
    ai: {
      embedding: {
        provider: env.AI_EMBEDDING_PROVIDER,
        model: env.AI_EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODELS[env.AI_EMBEDDING_PROVIDER],
        dimensions: env.AI_EMBEDDING_DIMENSIONS,
        batchSize: env.AI_EMBEDDING_BATCH_SIZE,
        localModelDir: env.AI_LOCAL_MODEL_DIR,
      },
      openai: { baseUrl: env.AI_OPENAI_BASE_URL, apiKey: env.AI_OPENAI_API_KEY },
      ollama: { baseUrl: env.AI_OLLAMA_BASE_URL },
      llm: {
        provider: env.AI_LLM_PROVIDER,
        model: llmModel,
        maxAttempts: env.AI_LLM_MAX_ATTEMPTS,
        sampleChars: env.AI_LLM_SAMPLE_CHARS,
      },
      transcription: {
        provider: env.AI_TRANSCRIPTION_PROVIDER,
        model: env.AI_TRANSCRIPTION_MODEL,
        maxBytes: env.AI_TRANSCRIPTION_MAX_BYTES,
      },
      chunking: chunkingFor(env),
      limits: {
        maxInputBytes: env.AI_MAX_INPUT_BYTES,
        maxTextChars: env.AI_MAX_TEXT_CHARS,
        maxArchiveUncompressedBytes: env.AI_MAX_ARCHIVE_UNCOMPRESSED_BYTES,
        maxArchiveRatio: env.AI_MAX_ARCHIVE_RATIO,
        maxArchiveEntries: env.AI_MAX_ARCHIVE_ENTRIES,
        ocrMaxPages: env.AI_OCR_MAX_PAGES,
      },
      workerConcurrency: env.AI_WORKER_CONCURRENCY,
      heartbeatIntervalMs: Math.round(env.AI_HEARTBEAT_INTERVAL_SECONDS * 1000),
    },
    search: {
      efSearch: env.SEARCH_EF_SEARCH,
      maxResults: env.SEARCH_MAX_RESULTS,
      minScore: env.SEARCH_MIN_SCORE,
      exactScanMaxChunks: env.SEARCH_EXACT_SCAN_MAX_CHUNKS,
    },
  };
}
