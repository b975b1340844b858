import type { Sequelize } from 'sequelize';
import type { AiConfig } from '../../core/ai-config';
import type { Models } from '../../core/db/sequelize';
import type { Logger } from '../../core/logger';
import type { ObjectStore } from '../../core/storage';
import type { Embedder } from './embeddings/embedder';
import type { OcrEngine } from './extraction/ocr';
import type { ExtractorRegistry } from './extraction/registry';
import type { Transcriber } from './extraction/transcriber';
import type { Summarizer } from './summary/summarizer';

/** What the analysis activities run with; workers/analysis.ts builds the real ones once. */
export interface AnalysisDeps {
  store: ObjectStore;
  sequelize: Sequelize;
  models: Pick<Models, 'FileMetadata'>;
  embedder: Embedder;
  summarizer: Summarizer;
  extractors: ExtractorRegistry;
  ocr: OcrEngine;
  transcriber?: Transcriber;
  logger: Logger;
  settings: AiConfig;
}
